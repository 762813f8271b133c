/**
 * `kcs check` on the command line: flags -> CheckOptions (a pure, tested function), Ctrl-C -> the run's
 * AbortSignal, progress and summary to the terminal. The engine is src/check/run-check.ts.
 */
import {
  CHECK_DEFAULTS,
  MAX_RUNS,
  MAX_SEED,
  MAX_SHARDS_CAP,
  resolveCheckOptions,
  type CheckOptions,
} from '../../check/options.ts';
import { AREA_NAMES, type AreaName } from '../../check/areas.ts';
import { UsageError } from '../../errors.ts';
import { runInterruptible } from '../interrupt.ts';
import { commaList, parseFlags, stringFlag, type OptionSpecs } from '../parse.ts';
import { parseChoice, parseInteger } from '../units.ts';

export const CHECK_HELP = `kcs check: is this endpoint a Kinesis-compatible PutRecords API? Runs the conformance suites.

Usage: kcs check [options]

  --endpoint URL              target (default: start the embedded reference server in-process)
  --profile yds|aws           documented behaviour to judge against (default ${CHECK_DEFAULTS.profile})
  --region R                  signing region (default $AWS_REGION, else ${CHECK_DEFAULTS.region})
  --wire json|cbor            wire format of the requests (default ${CHECK_DEFAULTS.wire})
  --seed N                    fast-check seed (default: random, always printed)
  --runs N                    fast-check runs per property (default ${CHECK_DEFAULTS.runs})
  --only IDS                  run only these checks (comma-separated or repeated)
  --area AREAS                run only these parts of the API (comma-separated or repeated):
                              ${AREA_NAMES.join(', ')}
  --expect-failures FILE      JSON ledger of known failures (category, matcher, source, expiry)
  --report-dir DIR            where report.json, report.md, report.html and junit.xml go (default ${CHECK_DEFAULTS.reportDir}/)
  --access-key-id ID          credentials (default: the standard AWS chain when --endpoint is given;
  --secret-access-key KEY       dummy ones when it finds nothing: emulators do not verify)
  --max-shards N              refuse to hold more shards than this at a time (default ${CHECK_DEFAULTS.maxShards})
  -h, --help                  this help

The suite creates and deletes only streams named with a unique per-run prefix, also when interrupted.
Exit status: 0 all checks passed (or failed only as the ledger expects); 1 a check failed, a setup call
was answered outside its contract, or a ledger entry is stale or expired; 2 bad usage or unreachable
target; 130 interrupted.
Replay one check exactly: kcs check --seed N --only ID (the seed is printed and written to report.json).
`;

const OPTIONS = {
  endpoint: { type: 'string' },
  profile: { type: 'string' },
  region: { type: 'string' },
  wire: { type: 'string' },
  seed: { type: 'string' },
  runs: { type: 'string' },
  only: { type: 'string', multiple: true },
  area: { type: 'string', multiple: true },
  'expect-failures': { type: 'string' },
  'report-dir': { type: 'string' },
  'access-key-id': { type: 'string' },
  'secret-access-key': { type: 'string' },
  'max-shards': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} satisfies OptionSpecs;

/** The option names of the engine, as flags: its messages say `runs: ...`, the CLI's `--runs: ...`. */
const FLAG_OF: Record<string, string> = {
  accessKeyId: 'access-key-id',
  secretAccessKey: 'secret-access-key',
  reportDir: 'report-dir',
  expectFailures: 'expect-failures',
  maxShards: 'max-shards',
};

/** Pure: argv (after `check`) and environment -> options, or a UsageError naming the flag. */
export function parseCheckArgs(args: readonly string[], env: NodeJS.ProcessEnv = {}): CheckOptions | 'help' {
  const { values, positionals } = parseFlags(args, OPTIONS);
  if (values['help']) return 'help';
  if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
  const str = (name: string): string | undefined => stringFlag(values, name);
  const int = (name: string, min: number, max: number): number | undefined => {
    const text = str(name);
    return text === undefined ? undefined : parseInteger(name, text, min, max);
  };
  const wire = str('wire');
  const only = commaList(values, 'only');
  const areas = commaList(values, 'area');
  const endpoint = str('endpoint');
  const profile = str('profile');
  const region = str('region');
  const reportDir = str('report-dir');
  const expectFailures = str('expect-failures');
  const accessKeyId = str('access-key-id');
  const secretAccessKey = str('secret-access-key');
  const seed = int('seed', 0, MAX_SEED);
  const runs = int('runs', 1, MAX_RUNS);
  const maxShards = int('max-shards', 1, MAX_SHARDS_CAP);
  try {
    return resolveCheckOptions(
      {
        ...(endpoint !== undefined ? { endpoint } : {}),
        ...(profile !== undefined ? { profile: profile as CheckOptions['profile'] } : {}),
        ...(region !== undefined ? { region } : {}),
        ...(wire !== undefined ? { wire: parseChoice('wire', wire, ['json', 'cbor'] as const) } : {}),
        ...(seed !== undefined ? { seed } : {}),
        ...(runs !== undefined ? { runs } : {}),
        only,
        areas: areas as AreaName[],
        ...(expectFailures !== undefined ? { expectFailures } : {}),
        ...(reportDir !== undefined ? { reportDir } : {}),
        ...(accessKeyId !== undefined ? { accessKeyId } : {}),
        ...(secretAccessKey !== undefined ? { secretAccessKey } : {}),
        ...(maxShards !== undefined ? { maxShards } : {}),
      },
      env,
    );
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    const m = /^(\w+): /.exec(err.message);
    if (!m) throw err;
    const flag = FLAG_OF[m[1]!] ?? m[1]!;
    throw new UsageError(`--${flag}: ${err.message.slice(m[0].length)}`);
  }
}

export async function checkCommand(args: readonly string[]): Promise<number> {
  const parsed = parseCheckArgs(args, process.env);
  if (parsed === 'help') {
    process.stdout.write(CHECK_HELP);
    return 0;
  }
  // Loaded only now: `kcs check --help` and usage errors should not pay for the engine.
  const { runCheck } = await import('../../check/run-check.ts');
  const { closeConnections } = await import('../../client/send.ts');
  const words = { first: 'cancelling the run and deleting its streams', second: 'exiting without cleanup' };
  try {
    return await runInterruptible(words, async (signal) => {
      const { exitCode } = await runCheck(parsed, {
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
