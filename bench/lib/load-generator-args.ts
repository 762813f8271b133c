/**
 * bench/load-generator.ts's command line as a pure function: argv -> options, or a UsageError. One defaults
 * object. The payload flags are handed to `kcs load` as typed, so its own parser judges them.
 */
import { UsageError } from '../../src/errors.ts';
import { parseFlags, stringFlag, type OptionSpecs } from '../../src/cli/parse.ts';
import { parseDuration, parseInteger } from '../../src/cli/units.ts';

/** `default`: kcs load chooses its worker threads (the cores); a number: `--workers N`. */
export type WorkersChoice = 'default' | number;

export interface LoadGeneratorBenchOptions {
  readonly durationMs: number;
  /** Unmeasured autocannon run against the fresh server before the first round (0: none). */
  readonly warmupMs: number;
  readonly connections: number;
  readonly recordsPerRequest: number;
  /** As for `kcs load --record-size`: a fixed size (100, 1KiB). */
  readonly recordSize: string;
  readonly rounds: number;
  /** kcs load variants, each run once per round beside autocannon. */
  readonly workers: readonly WorkersChoice[];
  readonly seed: number;
  readonly out: string;
}

export const LOAD_GENERATOR_BENCH_DEFAULTS = {
  durationMs: 10_000,
  warmupMs: 2_000,
  // kcs load's own default closed model.
  connections: 16,
  recordsPerRequest: 100,
  recordSize: '100',
  rounds: 3,
  workers: ['default', 1],
  seed: 1,
  out: 'reports/bench-load-generator.json',
} as const satisfies LoadGeneratorBenchOptions;

const D = LOAD_GENERATOR_BENCH_DEFAULTS;

export const LOAD_GENERATOR_BENCH_HELP = `bench/load-generator.ts: the load generator's own ceiling. kcs load (SigV4-signed) and autocannon
(a fixed unsigned body of the same size) against a trivial loopback server that answers every PutRecords
with the same success body, alternating, round after round.

Usage: npm run bench:load-generator -- [options]

  --duration DURATION        measured time of each run (default ${D.durationMs / 1000}s)
  --warmup DURATION          unmeasured autocannon run before the first round (default ${D.warmupMs / 1000}s; 0 for none)
  --connections N            requests in flight, both tools (default ${D.connections})
  --records-per-request N    records in each PutRecords (default ${D.recordsPerRequest})
  --record-size SIZE         data bytes per record (default ${D.recordSize})
  --rounds N                 rounds; each runs autocannon and every kcs variant once, in a rotating order;
                             best and median are reported (default ${D.rounds})
  --workers LIST             kcs load variants: 'default' (its own choice) and/or thread counts
                             (default ${D.workers.join(',')})
  --seed N                   payload seed (default ${D.seed})
  --out FILE                 JSON report (default ${D.out})
  -h, --help                 this help
`;

const OPTIONS = {
  duration: { type: 'string' },
  warmup: { type: 'string' },
  connections: { type: 'string' },
  'records-per-request': { type: 'string' },
  'record-size': { type: 'string' },
  rounds: { type: 'string' },
  workers: { type: 'string' },
  seed: { type: 'string' },
  out: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} satisfies OptionSpecs;

export function parseWorkersList(text: string): WorkersChoice[] {
  const items = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (items.length === 0) throw new UsageError('--workers: expected a list like default,1');
  const out: WorkersChoice[] = [];
  for (const item of items) {
    const choice: WorkersChoice = item === 'default' ? 'default' : parseInteger('workers', item, 1, 64);
    if (!out.includes(choice)) out.push(choice);
  }
  return out;
}

export function parseLoadGeneratorBenchArgs(args: readonly string[]): LoadGeneratorBenchOptions | 'help' {
  const { values, positionals } = parseFlags(args, OPTIONS);
  if (values['help']) return 'help';
  if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
  const str = (name: string): string | undefined => stringFlag(values, name);
  const duration = str('duration');
  const durationMs = duration === undefined ? D.durationMs : parseDuration('duration', duration);
  if (durationMs < 1000 || durationMs > 10 * 60_000)
    throw new UsageError('--duration: must be between 1s and 10m');
  const warmup = str('warmup');
  const warmupMs = warmup === undefined ? D.warmupMs : parseDuration('warmup', warmup);
  if (warmupMs !== 0 && (warmupMs < 1000 || warmupMs > 60_000))
    throw new UsageError('--warmup: must be 0 or between 1s and 1m');
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const text = str(name);
    return text === undefined ? fallback : parseInteger(name, text, min, max);
  };
  return {
    durationMs,
    warmupMs,
    connections: int('connections', D.connections, 1, 1024),
    // The range is kcs load's to judge; this only keeps it a positive whole number.
    recordsPerRequest: int('records-per-request', D.recordsPerRequest, 1, Number.MAX_SAFE_INTEGER),
    recordSize: str('record-size') ?? D.recordSize,
    rounds: int('rounds', D.rounds, 1, 100),
    workers: str('workers') === undefined ? D.workers : parseWorkersList(str('workers')!),
    seed: int('seed', D.seed, 0, 2 ** 32 - 1),
    out: str('out') ?? D.out,
  };
}
