/**
 * The benchmark's command line as a pure function: argv -> options, or a UsageError. One defaults object.
 */
import { UsageError } from '../../src/errors.ts';
import { parseFlags, stringFlag, type OptionSpecs } from '../../src/cli/parse.ts';
import { parseDuration, parseInteger } from '../../src/cli/units.ts';
import { SCENARIO_IDS, type ScenarioId } from './scenarios.ts';
import { TARGET_IDS, type TargetId } from './targets.ts';

export interface BenchOptions {
  readonly durationMs: number;
  readonly warmupMs: number;
  readonly targets: readonly TargetId[];
  readonly scenarios: readonly ScenarioId[];
  /** Overrides every scenario's own connection count when set. */
  readonly connections: number | undefined;
  readonly shards: number;
  readonly seed: number;
  /** Windows per target and scenario, interleaved across targets; the best one is reported. */
  readonly rounds: number;
  /** How long in-flight requests may take to finish after a window closes before they are cut. */
  readonly drainMs: number;
  /** Where the JSON report goes. */
  readonly out: string;
  /** Run every target under `node --cpu-prof` and summarise its hot spots. */
  readonly cpuProf: boolean;
  /**
   * Keep one process per target for all scenarios instead of a fresh one per scenario: records retained
   * from one scenario then weigh on the next (their heap makes every garbage collection dearer).
   */
  readonly reuseTargets: boolean;
}

export const BENCH_DEFAULTS = {
  durationMs: 5_000,
  warmupMs: 1_000,
  targets: TARGET_IDS,
  scenarios: SCENARIO_IDS,
  connections: undefined,
  // Four shards so that distinct partition keys spread over several shard logs, as the issue asks.
  shards: 4,
  seed: 1,
  rounds: 1,
  drainMs: 20_000,
  out: 'reports/bench-server.json',
  cpuProf: false,
  reuseTargets: false,
} as const satisfies BenchOptions;

export const BENCH_HELP = `bench/server-throughput.ts: PutRecords throughput of the reference server, side by side with a
parse-only node:http ceiling and kinesalite, over loopback.

Usage: npm run bench:server -- [options]

  --duration DURATION   measured window per target and scenario (default ${BENCH_DEFAULTS.durationMs / 1000}s)
  --warmup DURATION     discarded warm-up before each window (default ${BENCH_DEFAULTS.warmupMs / 1000}s)
  --targets LIST        comma-separated: ${TARGET_IDS.join(',')} (default all)
  --scenarios LIST      comma-separated: ${SCENARIO_IDS.join(',')} (default all)
  --connections N       keep-alive connections (= requests in flight) for every scenario (default: per scenario)
  --shards N            shards of the benchmark stream (default ${BENCH_DEFAULTS.shards})
  --rounds N            windows per target and scenario, interleaved; the best is reported (default 1);
                        on a shared machine other processes only ever slow a window down
  --seed N              seed of the generated record data (default ${BENCH_DEFAULTS.seed})
  --drain DURATION      how long in-flight requests may finish after a window (default ${BENCH_DEFAULTS.drainMs / 1000}s)
  --out FILE            JSON report (default ${BENCH_DEFAULTS.out})
  --cpu-prof            run every target under node --cpu-prof (reports/cpu-prof/TARGET/) and print
                        its hot spots; use with --scenarios to profile one scenario at a time
  --reuse-targets       one process per target for all scenarios (default: a fresh one per scenario, so
                        records retained by one scenario do not slow the next)
  -h, --help            this help
`;

const OPTIONS = {
  duration: { type: 'string' },
  warmup: { type: 'string' },
  targets: { type: 'string' },
  scenarios: { type: 'string' },
  connections: { type: 'string' },
  shards: { type: 'string' },
  seed: { type: 'string' },
  rounds: { type: 'string' },
  drain: { type: 'string' },
  out: { type: 'string' },
  'cpu-prof': { type: 'boolean' },
  'reuse-targets': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} satisfies OptionSpecs;

export function parseList<T extends string>(flag: string, text: string, known: readonly T[]): T[] {
  const items = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (items.length === 0) throw new UsageError(`--${flag}: expected a comma-separated list`);
  for (const item of items) {
    if (!(known as readonly string[]).includes(item))
      throw new UsageError(`--${flag}: expected some of ${known.join(', ')}, got '${item}'`);
  }
  // Keep the canonical order so that the table reads the same whatever order was typed.
  return known.filter((k) => items.includes(k));
}

export function parseBenchArgs(args: readonly string[]): BenchOptions | 'help' {
  const { values, positionals } = parseFlags(args, OPTIONS);
  if (values['help']) return 'help';
  if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
  const str = (name: string): string | undefined => stringFlag(values, name);
  const duration = str('duration');
  const warmup = str('warmup');
  const drain = str('drain');
  const durationMs = duration === undefined ? BENCH_DEFAULTS.durationMs : parseDuration('duration', duration);
  if (durationMs <= 0) throw new UsageError('--duration must be positive');
  return {
    durationMs,
    warmupMs: warmup === undefined ? BENCH_DEFAULTS.warmupMs : parseDuration('warmup', warmup),
    targets: str('targets') === undefined ? TARGET_IDS : parseList('targets', str('targets')!, TARGET_IDS),
    scenarios:
      str('scenarios') === undefined ? SCENARIO_IDS : parseList('scenarios', str('scenarios')!, SCENARIO_IDS),
    connections:
      str('connections') === undefined
        ? undefined
        : parseInteger('connections', str('connections')!, 1, 1024),
    shards:
      str('shards') === undefined ? BENCH_DEFAULTS.shards : parseInteger('shards', str('shards')!, 1, 64),
    seed:
      str('seed') === undefined ? BENCH_DEFAULTS.seed : parseInteger('seed', str('seed')!, 0, 2 ** 32 - 1),
    rounds:
      str('rounds') === undefined ? BENCH_DEFAULTS.rounds : parseInteger('rounds', str('rounds')!, 1, 100),
    drainMs: drain === undefined ? BENCH_DEFAULTS.drainMs : parseDuration('drain', drain),
    out: str('out') ?? BENCH_DEFAULTS.out,
    cpuProf: values['cpu-prof'] === true,
    reuseTargets: values['reuse-targets'] === true,
  };
}
