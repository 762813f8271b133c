/**
 * bench/server-memory.ts's command line as a pure function: argv -> options, or a UsageError. One defaults
 * object.
 */
import { UsageError } from '../../src/errors.ts';
import { parseFlags, stringFlag, type OptionSpecs } from '../../src/cli/parse.ts';
import { parseDuration, parseInteger, parseSize } from '../../src/cli/units.ts';
import { MIN_MAX_MEMORY_BYTES } from '../../src/server/options.ts';

export interface ServerMemoryBenchOptions {
  /** kcs serve --max-memory. */
  readonly budgetBytes: number;
  /** What RSS may exceed the budget by: the server's own memory under this load (see the help). */
  readonly overheadBytes: number;
  /** Time at full speed. */
  readonly durationMs: number;
  /** Time the server is sampled with its stream created and nothing written: the empty server. */
  readonly idleMs: number;
  readonly shards: number;
  readonly connections: number;
  readonly seed: number;
  readonly out: string;
}

const MiB = 1024 * 1024;

export const SERVER_MEMORY_BENCH_DEFAULTS = {
  // Half the server's default: at 50 MB/s of Data it fills in a few seconds and is trimmed every few
  // hundred milliseconds for the rest of the run.
  budgetBytes: 256 * MiB,
  // Measured here (2 cores, Node 20.20, 2026-12-06): the empty server idles at 88-93 MiB of RSS; under this
  // load its max RSS stood 175 MiB above a 16 MiB budget (the minimum: nothing kept to speak of), 193 MiB
  // above 256 MiB and 228 MiB above 1 GiB. What RSS holds beyond the budget is the server's own working set
  // (bodies in flight, the collector's young generation and garbage, code) and the pool of free slabs.
  overheadBytes: 256 * MiB,
  durationMs: 60_000,
  idleMs: 3_000,
  // As in bench:server: four shards, 500 records of 100 B per request, 16 requests in flight.
  shards: 4,
  connections: 16,
  seed: 1,
  out: 'reports/bench-server-memory.json',
} as const satisfies ServerMemoryBenchOptions;

const D = SERVER_MEMORY_BENCH_DEFAULTS;

export const SERVER_MEMORY_BENCH_HELP = `bench/server-memory.ts: the reference server's RSS under PutRecords at full speed (500 x 100 B,
kcs serve --throttle off --max-memory SIZE), sampled every second from /proc (Linux), long enough for the
memory budget to trim many times.

Usage: npm run bench:server-memory -- [options]

  --budget SIZE        kcs serve --max-memory (default ${D.budgetBytes / MiB}MiB); --retention-bytes is set to the
                       same, so the process-wide budget is what trims
  --overhead SIZE      what RSS may exceed the budget by and still pass (default ${D.overheadBytes / MiB}MiB: the server
                       under this load with nothing kept)
  --duration DURATION  time at full speed (default ${D.durationMs / 1000}s)
  --idle DURATION      time the empty server is sampled first (default ${D.idleMs / 1000}s)
  --shards N           shards of the stream (default ${D.shards})
  --connections N      requests in flight (default ${D.connections})
  --seed N             seed of the generated record data (default ${D.seed})
  --out FILE           JSON report (default ${D.out})
  -h, --help           this help
`;

const OPTIONS = {
  budget: { type: 'string' },
  overhead: { type: 'string' },
  duration: { type: 'string' },
  idle: { type: 'string' },
  shards: { type: 'string' },
  connections: { type: 'string' },
  seed: { type: 'string' },
  out: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} satisfies OptionSpecs;

export function parseServerMemoryBenchArgs(args: readonly string[]): ServerMemoryBenchOptions | 'help' {
  const { values, positionals } = parseFlags(args, OPTIONS);
  if (values['help']) return 'help';
  if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
  const str = (name: string): string | undefined => stringFlag(values, name);
  const or = <T>(name: string, parse: (text: string) => T, fallback: T): T => {
    const text = str(name);
    return text === undefined ? fallback : parse(text);
  };
  const durationMs = or('duration', (t) => parseDuration('duration', t), D.durationMs);
  if (durationMs <= 0) throw new UsageError('--duration must be positive');
  const budgetBytes = or('budget', (t) => parseSize('budget', t), D.budgetBytes);
  if (budgetBytes < MIN_MAX_MEMORY_BYTES)
    throw new UsageError(`--budget: kcs serve takes at least ${MIN_MAX_MEMORY_BYTES / MiB}MiB`);
  return {
    budgetBytes,
    overheadBytes: or('overhead', (t) => parseSize('overhead', t), D.overheadBytes),
    durationMs,
    idleMs: or('idle', (t) => parseDuration('idle', t), D.idleMs),
    shards: or('shards', (t) => parseInteger('shards', t, 1, 64), D.shards),
    connections: or('connections', (t) => parseInteger('connections', t, 1, 1024), D.connections),
    seed: or('seed', (t) => parseInteger('seed', t, 0, 2 ** 32 - 1), D.seed),
    out: str('out') ?? D.out,
  };
}
