/**
 * bench/load-targets.ts's command line as a pure function: argv -> options, or a UsageError. One defaults
 * object. The payload flags are handed to `kcs load` as typed, so its own parser judges them.
 */
import { UsageError } from '../../src/errors.ts';
import { parseFlags, stringFlag, type OptionSpecs } from '../../src/cli/parse.ts';
import { parseDuration, parseInteger } from '../../src/cli/units.ts';
import { parseList } from './args.ts';

export const LOAD_TARGET_IDS = ['reference', 'kinesalite', 'kinesis-mock'] as const;
export type LoadTargetId = (typeof LOAD_TARGET_IDS)[number];

/** closed: N requests in flight, as fast as the target answers; open: a fixed rate, to compare latency. */
export const LOAD_SCENARIO_IDS = ['closed', 'open'] as const;
export type LoadScenarioId = (typeof LOAD_SCENARIO_IDS)[number];

export interface LoadTargetsBenchOptions {
  readonly targets: readonly LoadTargetId[];
  readonly scenarios: readonly LoadScenarioId[];
  /** Measured time of each closed-model run. */
  readonly durationMs: number;
  /** Measured time of each open-model run: at a low rate, long enough for a p99 of more than a few requests. */
  readonly openDurationMs: number;
  /** Unmeasured closed-model run against each fresh target before the first round (0: none). */
  readonly warmupMs: number;
  /** Closed model: requests in flight. */
  readonly connections: number;
  /** Open model: requests started per second, a rate every target sustains. */
  readonly rate: string;
  readonly recordsPerRequest: number;
  readonly recordSize: string;
  readonly shards: number;
  readonly rounds: number;
  /** kcs load --workers. */
  readonly workers: number;
  readonly seed: number;
  readonly out: string;
}

/**
 * Half the cores to the generator, the rest to the target (on two cores: one each, so the generator never
 * competes with the server it measures).
 */
export function defaultWorkers(cores: number): number {
  return Math.max(1, Math.floor(cores / 2));
}

export const LOAD_TARGETS_BENCH_DEFAULTS = {
  targets: LOAD_TARGET_IDS,
  scenarios: LOAD_SCENARIO_IDS,
  durationMs: 10_000,
  openDurationMs: 30_000,
  warmupMs: 2_000,
  connections: 16,
  // kinesis-mock (kinesis-local 0.6.2) took 6 to 7 requests of 100 x 100 B a second here (closed model, 16 in
  // flight, two shared cores, 2026-11-28) and fell behind at 5/s: 2/s keeps every target below half its
  // capacity, so the latencies compare like with like.
  rate: '2/s',
  recordsPerRequest: 100,
  recordSize: '100',
  shards: 4,
  rounds: 3,
  seed: 1,
  out: 'reports/bench-load-targets.json',
} as const satisfies Omit<LoadTargetsBenchOptions, 'workers'>;

const D = LOAD_TARGETS_BENCH_DEFAULTS;

export const LOAD_TARGETS_BENCH_HELP = `bench/load-targets.ts: the same kcs load scenario against the reference server (kcs serve
--throttle off), kinesalite and kinesis-mock, side by side in one run over loopback, as ratios.

Usage: npm run bench:load-targets -- [options]

  --targets LIST             comma-separated: ${LOAD_TARGET_IDS.join(',')} (default all)
  --scenarios LIST           closed (requests in flight, throughput) and/or open (fixed rate, latency)
                             (default ${LOAD_SCENARIO_IDS.join(',')})
  --duration DURATION        measured time of each closed-model run (default ${D.durationMs / 1000}s)
  --open-duration DURATION   measured time of each open-model run (default ${D.openDurationMs / 1000}s)
  --warmup DURATION          unmeasured closed run against each target first (default ${D.warmupMs / 1000}s; 0 for none)
  --connections N            closed model: requests in flight (default ${D.connections})
  --rate N/s                 open model: requests started per second (default ${D.rate})
  --records-per-request N    records in each PutRecords (default ${D.recordsPerRequest})
  --record-size SIZE|DIST    data bytes per record, as kcs load takes it (default ${D.recordSize})
  --shards N                 shards of each run's stream (default ${D.shards})
  --rounds N                 runs per target and scenario, targets in a rotating order; best and median
                             are reported (default ${D.rounds})
  --workers N                kcs load generator threads (default: half the cores, at least 1)
  --seed N                   payload seed (default ${D.seed})
  --out FILE                 JSON report (default ${D.out})
  -h, --help                 this help
`;

const OPTIONS = {
  targets: { type: 'string' },
  scenarios: { type: 'string' },
  duration: { type: 'string' },
  'open-duration': { type: 'string' },
  warmup: { type: 'string' },
  connections: { type: 'string' },
  rate: { type: 'string' },
  'records-per-request': { type: 'string' },
  'record-size': { type: 'string' },
  shards: { type: 'string' },
  rounds: { type: 'string' },
  workers: { type: 'string' },
  seed: { type: 'string' },
  out: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} satisfies OptionSpecs;

export function parseLoadTargetsBenchArgs(
  args: readonly string[],
  cores: number,
): LoadTargetsBenchOptions | 'help' {
  const { values, positionals } = parseFlags(args, OPTIONS);
  if (values['help']) return 'help';
  if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
  const str = (name: string): string | undefined => stringFlag(values, name);
  const durationFlag = (name: string, fallback: number): number => {
    const text = str(name);
    const ms = text === undefined ? fallback : parseDuration(name, text);
    if (ms < 1000 || ms > 10 * 60_000) throw new UsageError(`--${name}: must be between 1s and 10m`);
    return ms;
  };
  const durationMs = durationFlag('duration', D.durationMs);
  const openDurationMs = durationFlag('open-duration', D.openDurationMs);
  const warmup = str('warmup');
  const warmupMs = warmup === undefined ? D.warmupMs : parseDuration('warmup', warmup);
  if (warmupMs !== 0 && (warmupMs < 1000 || warmupMs > 60_000))
    throw new UsageError('--warmup: must be 0 or between 1s and 1m');
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const text = str(name);
    return text === undefined ? fallback : parseInteger(name, text, min, max);
  };
  return {
    targets:
      str('targets') === undefined ? D.targets : parseList('targets', str('targets')!, LOAD_TARGET_IDS),
    scenarios:
      str('scenarios') === undefined
        ? D.scenarios
        : parseList('scenarios', str('scenarios')!, LOAD_SCENARIO_IDS),
    durationMs,
    openDurationMs,
    warmupMs,
    connections: int('connections', D.connections, 1, 1024),
    // The rate, counts and sizes are kcs load's to judge (its parser runs before any target starts).
    rate: str('rate') ?? D.rate,
    recordsPerRequest: int('records-per-request', D.recordsPerRequest, 1, Number.MAX_SAFE_INTEGER),
    recordSize: str('record-size') ?? D.recordSize,
    shards: int('shards', D.shards, 1, 64),
    rounds: int('rounds', D.rounds, 1, 100),
    workers: int('workers', defaultWorkers(cores), 1, 64),
    seed: int('seed', D.seed, 0, 2 ** 32 - 1),
    out: str('out') ?? D.out,
  };
}
