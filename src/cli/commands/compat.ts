/**
 * `kcs compat`: the conformance matrix of several targets side by side (the reference server, kinesalite,
 * kinesis-mock, any URL). Parsing is a pure function; `runCompat` (src/compat/compat.ts) does the work.
 */
import { closeConnections } from '../../client/send.ts';
import { COMPAT_DEFAULTS, runCompat, type CompatOptions } from '../../compat/compat.ts';
import {
  DEFAULT_TARGETS,
  isKnownTarget,
  KNOWN_TARGETS,
  nameOfUrl,
  TARGET_NAME,
  type TargetSpec,
} from '../../compat/targets.ts';
import { UsageError } from '../../errors.ts';
import { isProfileName, PROFILES } from '../../profiles/index.ts';
import { parseFlags, stringFlag, stringList, type OptionSpecs } from '../parse.ts';
import { parseInteger } from '../units.ts';
import { parseEndpoint } from './check.ts';

const MAX_SEED = 2 ** 31 - 1;

export const COMPAT_HELP = `kcs compat: the conformance suite against several targets, side by side.

Usage: kcs compat [options]

  --targets LIST        comma-separated or repeated; each one of ${KNOWN_TARGETS.join(', ')},
                        NAME=URL (that target, already running at URL) or a URL
                        (default ${DEFAULT_TARGETS.join(',')})
  --report-dir DIR      where compat.json, compat.md, compat.html and a directory per target go
                        (default ${COMPAT_DEFAULTS.reportDir})
  --profile yds|aws     profile of the reference server and of bare URLs (default ${COMPAT_DEFAULTS.profile});
                        the emulators are judged by the one they claim (aws)
  --ledger-dir DIR      known divergences, one <target>.json per target (default ${COMPAT_DEFAULTS.ledgerDir})
  --seed N              fast-check seed shared by every target (default: random, always printed)
  --runs N              fast-check runs per property (default ${COMPAT_DEFAULTS.runs})
  --only IDS            run only these checks (comma-separated or repeated)
  --diff-runs N         differential: generated requests per family and pair of targets
                        (default ${COMPAT_DEFAULTS.diffRuns}; 0 skips it)
  --region R            signing region (default ${COMPAT_DEFAULTS.region})
  -h, --help            this help

The emulators (dev dependencies) are started with their own CLIs on free 127.0.0.1 ports and stopped at
the end or on Ctrl-C. Each target's run is \`kcs check\` with --expect-failures <ledger-dir>/<target>.json.
Exit status: 0 every target passed or failed only as its ledger expects; 1 a check failed or a ledger
entry is stale or expired; 2 bad usage or a target that could not be started or reached; 130 interrupted.
The differential reports differences; it never changes the exit status.
`;

const OPTIONS = {
  targets: { type: 'string', multiple: true },
  'report-dir': { type: 'string' },
  profile: { type: 'string' },
  'ledger-dir': { type: 'string' },
  seed: { type: 'string' },
  runs: { type: 'string' },
  only: { type: 'string', multiple: true },
  'diff-runs': { type: 'string' },
  region: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} satisfies OptionSpecs;

const CHECK_ID = /^[a-z0-9][a-z0-9-]*(\.[a-z0-9][a-z0-9-]*)*$/;

/** `reference`, `kinesalite`, `NAME=URL` or `URL`. */
export function parseTarget(text: string): TargetSpec {
  const item = text.trim();
  if (item === '') throw new UsageError('--targets: empty target');
  if (/^https?:\/\//i.test(item)) {
    const url = parseEndpoint(item);
    return { name: nameOfUrl(url), kind: 'url', url };
  }
  const eq = item.indexOf('=');
  if (eq < 0) {
    if (!isKnownTarget(item))
      throw new UsageError(
        `--targets: unknown target '${item}' (expected ${KNOWN_TARGETS.join(', ')}, NAME=URL or a URL)`,
      );
    return { name: item, kind: item };
  }
  const name = item.slice(0, eq);
  if (!TARGET_NAME.test(name))
    throw new UsageError(`--targets: '${name}' is not a target name (lower-case letters, digits, . _ -)`);
  const url = parseEndpoint(item.slice(eq + 1));
  return { name, kind: isKnownTarget(name) ? name : 'url', url };
}

/** Pure: argv (after `compat`) -> options, or a UsageError. */
export function parseCompatArgs(args: readonly string[]): CompatOptions | 'help' {
  const { values, positionals } = parseFlags(args, OPTIONS);
  if (values['help']) return 'help';
  if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
  const str = (name: string): string | undefined => stringFlag(values, name);
  const targetItems = stringList(values, 'targets').flatMap((s) => s.split(','));
  const targets = targetItems.length > 0 ? targetItems.map(parseTarget) : DEFAULT_TARGETS.map(parseTarget);
  const names = targets.map((t) => t.name);
  const duplicate = names.find((n, i) => names.indexOf(n) !== i);
  if (duplicate !== undefined) throw new UsageError(`--targets: '${duplicate}' is given twice`);
  const profile = str('profile') ?? COMPAT_DEFAULTS.profile;
  if (!isProfileName(profile))
    throw new UsageError(`--profile: expected one of ${Object.keys(PROFILES).join(', ')}, got '${profile}'`);
  const only = [
    ...new Set(
      stringList(values, 'only')
        .flatMap((s) => s.split(','))
        .map((s) => s.trim()),
    ),
  ];
  for (const id of only) if (!CHECK_ID.test(id)) throw new UsageError(`--only: not a check id: '${id}'`);
  const region = str('region') ?? COMPAT_DEFAULTS.region;
  if (!/^[a-z0-9-]+$/.test(region)) throw new UsageError(`--region: not a region name: '${region}'`);
  const reportDir = str('report-dir') ?? COMPAT_DEFAULTS.reportDir;
  if (reportDir === '') throw new UsageError('--report-dir must not be empty');
  const ledgerDir = str('ledger-dir') ?? COMPAT_DEFAULTS.ledgerDir;
  if (ledgerDir === '') throw new UsageError('--ledger-dir must not be empty');
  const seed = str('seed');
  const runs = str('runs');
  const diffRuns = str('diff-runs');
  return {
    targets,
    profile,
    region,
    ...(seed !== undefined ? { seed: parseInteger('seed', seed, 0, MAX_SEED) } : {}),
    runs: runs === undefined ? COMPAT_DEFAULTS.runs : parseInteger('runs', runs, 1, 1_000_000),
    only,
    reportDir,
    ledgerDir,
    diffRuns:
      diffRuns === undefined ? COMPAT_DEFAULTS.diffRuns : parseInteger('diff-runs', diffRuns, 0, 1_000_000),
  };
}

export async function compatCommand(args: readonly string[]): Promise<number> {
  const parsed = parseCompatArgs(args);
  if (parsed === 'help') {
    process.stdout.write(COMPAT_HELP);
    return 0;
  }
  try {
    const { exitCode } = await runCompat(parsed, { handleSignals: true });
    return exitCode;
  } finally {
    await closeConnections();
  }
}
