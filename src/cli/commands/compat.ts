/**
 * `kcs compat`: the conformance matrix of several targets side by side (the reference server, kinesalite,
 * kinesis-mock, any URL). Parsing is a pure function; `runCompat` (src/compat/compat.ts) does the work.
 */
import { AREA_NAMES, type AreaName } from '../../check/areas.ts';
import { MAX_RUNS, MAX_SEED } from '../../check/options.ts';
import { COMPAT_DEFAULTS, resolveCompatOptions, type CompatOptions } from '../../compat/options.ts';
import { DEFAULT_TARGETS, KNOWN_TARGETS } from '../../compat/targets.ts';
import { UsageError } from '../../errors.ts';
import { runInterruptible } from '../interrupt.ts';
import { commaList, parseFlags, stringFlag, stringList, type OptionSpecs } from '../parse.ts';
import { parseInteger } from '../units.ts';

export const COMPAT_HELP = `kcs compat: the conformance suite against several targets, side by side.

Usage: kcs compat [options]

  --targets LIST        comma-separated or repeated; each one of ${KNOWN_TARGETS.join(', ')},
                        NAME=URL (that target, already running at URL) or a URL
                        (default ${DEFAULT_TARGETS.join(',')})
  --report-dir DIR      where compat.json, compat.md, compat.html and a directory per target go
                        (default ${COMPAT_DEFAULTS.reportDir})
  --profile yds|aws     profile of the reference server and of bare URLs (default ${COMPAT_DEFAULTS.profile});
                        the emulators are judged by the one they claim (aws)
  --ledger-dir DIR      known divergences, one <target>.json per target (default: the ledgers this package ships)
  --seed N              fast-check seed shared by every target (default: random, always printed)
  --runs N              fast-check runs per property (default ${COMPAT_DEFAULTS.runs})
  --only IDS            run only these checks (comma-separated or repeated)
  --area AREAS          run only these parts of the API: ${AREA_NAMES.join(', ')}
  --diff-runs N         differential: generated requests per family and pair of targets
                        (default ${COMPAT_DEFAULTS.diffRuns}; 0 skips it)
  --region R            signing region (default ${COMPAT_DEFAULTS.region})
  -h, --help            this help

The emulators (optional peer dependencies: npm install --save-dev kinesalite kinesis-local) are started with their own CLIs on free 127.0.0.1 ports and stopped at
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
  area: { type: 'string', multiple: true },
  'diff-runs': { type: 'string' },
  region: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} satisfies OptionSpecs;

/** Pure: argv (after `compat`) -> options, or a UsageError. */
export function parseCompatArgs(args: readonly string[]): CompatOptions | 'help' {
  const { values, positionals } = parseFlags(args, OPTIONS);
  if (values['help']) return 'help';
  if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
  const str = (name: string): string | undefined => stringFlag(values, name);
  const int = (name: string, min: number, max: number): number | undefined => {
    const text = str(name);
    return text === undefined ? undefined : parseInteger(name, text, min, max);
  };
  const targets = stringList(values, 'targets').flatMap((s) => s.split(','));
  const only = commaList(values, 'only');
  const areas = commaList(values, 'area');
  const profile = str('profile');
  const region = str('region');
  const reportDir = str('report-dir');
  const ledgerDir = str('ledger-dir');
  const seed = int('seed', 0, MAX_SEED);
  const runs = int('runs', 1, MAX_RUNS);
  const diffRuns = int('diff-runs', 0, MAX_RUNS);
  return resolveCompatOptions({
    ...(targets.length > 0 ? { targets } : {}),
    ...(profile !== undefined ? { profile: profile as CompatOptions['profile'] } : {}),
    ...(region !== undefined ? { region } : {}),
    ...(seed !== undefined ? { seed } : {}),
    ...(runs !== undefined ? { runs } : {}),
    only,
    areas: areas as AreaName[],
    ...(reportDir !== undefined ? { reportDir } : {}),
    ...(ledgerDir !== undefined ? { ledgerDir } : {}),
    ...(diffRuns !== undefined ? { diffRuns } : {}),
  });
}

export async function compatCommand(args: readonly string[]): Promise<number> {
  const parsed = parseCompatArgs(args);
  if (parsed === 'help') {
    process.stdout.write(COMPAT_HELP);
    return 0;
  }
  const { runCompat } = await import('../../compat/compat.ts');
  const { closeConnections } = await import('../../client/send.ts');
  // A second Ctrl-C exits at once: the exit hook of launch.ts kills the emulators on the way out.
  const words = { first: 'stopping the run and the emulators', second: 'exiting now' };
  try {
    return await runInterruptible(words, async (signal) => {
      const { exitCode } = await runCompat(parsed, {
        stdout: (text) => void process.stdout.write(text),
        stderr: (text) => void process.stderr.write(text),
        signal,
      });
      return exitCode;
    });
  } finally {
    await closeConnections();
  }
}
