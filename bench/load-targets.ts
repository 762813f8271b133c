/**
 * The same `kcs load` scenario against the reference server (`kcs serve --throttle off`), kinesalite and
 * kinesis-mock (both dev dependencies), side by side in one run over 127.0.0.1, as ratios (issue 6). Each
 * target runs in its own child process; kcs load runs here (executeLoad, the programmatic entry point), signing
 * every request. Two scenarios: closed (N requests in flight: how many records/s each target takes) and open
 * (a fixed rate every target sustains: how fast each answers). Each run creates its own stream and deletes
 * it afterwards, so no run inherits the records of another.
 *
 * A report, not a test: it prints Markdown, writes reports/bench-load-targets.json and exits 0.
 *
 *   npm run bench:load-targets -- --rounds 3 [--duration 10s] [--targets reference,kinesalite,kinesis-mock]
 */
import { readFileSync } from 'node:fs';
import { benchMain, log, startWatchdog } from './lib/main.ts';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../src/errors.ts';
import { parseLoadArgs, parseRate } from '../src/load/args.ts';
import type { LoadResult } from '../src/load/result.ts';
import { CpuSampler, type CpuWindow } from './lib/cpu-sampler.ts';
import { BENCH_CREDENTIALS, kcsCommand, runKcsLoad } from './lib/kcs-load-run.ts';
import {
  LOAD_TARGETS_BENCH_HELP,
  parseLoadTargetsBenchArgs,
  type LoadScenarioId,
  type LoadTargetId,
  type LoadTargetsBenchOptions,
} from './lib/load-targets-args.ts';
import { gitCommit, machine, writeJsonReport } from './lib/report.ts';
import { best, median, num, pct, rotate } from './lib/round-stats.ts';
import { killAllNow, REPO_ROOT, startChild, startTarget, TARGETS, type RunningChild } from './lib/targets.ts';

/** Time allowed for starting the children. */
const SETUP_BUDGET_MS = 120_000;
/** Per run beyond its duration: worker start-up, stream creation and deletion, drain. */
const RUN_OVERHEAD_MS = 45_000;
/** An open-model run kept up with its rate when it completed at least this share of it per second. */
const KEPT_UP = 0.95;
/** kinesis-mock's shard limit (its default, 50, would not survive a slow stream deletion or two). */
const KINESIS_MOCK_SHARD_LIMIT = 1000;

function packageVersion(name: string): string {
  try {
    const file = join(REPO_ROOT, 'node_modules', name, 'package.json');
    return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

interface LoadTarget {
  readonly title: string;
  readonly version: string;
  readonly start: (shards: number) => Promise<RunningChild>;
}

const LOAD_TARGETS = {
  reference: {
    title: TARGETS.reference.title,
    version: 'this commit',
    start: (shards) => startTarget('reference', shards),
  },
  kinesalite: {
    title: TARGETS.kinesalite.title,
    version: packageVersion('kinesalite'),
    start: (shards) => startTarget('kinesalite', shards),
  },
  'kinesis-mock': {
    title: 'kinesis-mock (kinesis-local, Scala.js on Node)',
    version: packageVersion('kinesis-local'),
    start: () =>
      startChild('kinesis-mock', [
        'bin/run-ts.js',
        'bench/lib/kinesis-mock-server.ts',
        '--shard-limit',
        String(KINESIS_MOCK_SHARD_LIMIT),
      ]),
  },
} as const satisfies Record<LoadTargetId, LoadTarget>;

function kcsArgv(options: LoadTargetsBenchOptions, endpoint: string, scenario: LoadScenarioId): string[] {
  return [
    '--endpoint',
    endpoint,
    ...(scenario === 'closed' ? ['--connections', String(options.connections)] : ['--rate', options.rate]),
    '--duration',
    `${scenario === 'closed' ? options.durationMs : options.openDurationMs}ms`,
    '--records-per-request',
    String(options.recordsPerRequest),
    '--record-size',
    options.recordSize,
    '--shards',
    String(options.shards),
    '--seed',
    String(options.seed),
    '--workers',
    String(options.workers),
    ...BENCH_CREDENTIALS,
  ];
}

interface RoundRun {
  readonly target: LoadTargetId;
  readonly scenario: LoadScenarioId;
  readonly round: number;
  readonly recordsPerSecond: number;
  readonly requestsPerSecond: number;
  readonly latencyMs: LoadResult['latencyMs'];
  /** Failed requests + failed records + dropped requests. */
  readonly errors: number;
  readonly errorsByKind: Record<string, number>;
  readonly cpu: CpuWindow | undefined;
  /** Records acknowledged per CPU-second of the target: its cost per record, robust to noisy neighbours. */
  readonly recordsPerTargetCpuSecond: number | undefined;
  readonly command: string;
  readonly result: LoadResult;
}

function errorsByKind(r: LoadResult): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(r.totals.httpErrors)) out[`request ${k}`] = v;
  for (const [k, v] of Object.entries(r.totals.transportErrors ?? {})) out[`transport ${k}`] = v;
  for (const [k, v] of Object.entries(r.totals.recordErrors)) out[`record ${k}`] = v;
  if (r.totals.dropped > 0) out['dropped (open model fell behind)'] = r.totals.dropped;
  return out;
}

interface Summary {
  readonly target: LoadTargetId;
  readonly scenario: LoadScenarioId;
  /** closed: the round with the most records/s; open: the one with the lowest p99. */
  readonly best: RoundRun;
  readonly median: {
    readonly recordsPerSecond: number;
    readonly p50: number;
    readonly p99: number;
    readonly recordsPerTargetCpuSecond: number;
  };
  readonly errors: number;
  /** Open model: every round answered at least KEPT_UP of the rate (else its latency includes queueing). */
  readonly keptUp?: boolean;
  readonly runs: readonly RoundRun[];
}

interface Ratio {
  readonly scenario: LoadScenarioId;
  readonly against: LoadTargetId;
  /** closed: reference records/s / the other's; open: reference p50 / the other's. */
  readonly metric: 'records/s' | 'p50 latency' | 'p99 latency';
  readonly best: number | undefined;
  readonly median: number | undefined;
  /** closed only: reference records per target CPU-second / the other's (best rounds). */
  readonly cpuEfficiency?: number | undefined;
}

const divide = (a: number | undefined, b: number | undefined): number | undefined =>
  a === undefined || b === undefined || !(b > 0) ? undefined : a / b;

function summarise(runs: readonly RoundRun[], options: LoadTargetsBenchOptions): Summary[] {
  const out: Summary[] = [];
  for (const scenario of options.scenarios) {
    for (const target of options.targets) {
      const mine = runs.filter((r) => r.target === target && r.scenario === scenario);
      if (mine.length === 0) continue;
      const top =
        scenario === 'closed' ? best(mine, (r) => r.recordsPerSecond) : best(mine, (r) => -r.latencyMs.p99);
      out.push({
        target,
        scenario,
        best: top!,
        median: {
          recordsPerSecond: median(mine.map((r) => r.recordsPerSecond)),
          p50: median(mine.map((r) => r.latencyMs.p50)),
          p99: median(mine.map((r) => r.latencyMs.p99)),
          recordsPerTargetCpuSecond: median(mine.map((r) => r.recordsPerTargetCpuSecond ?? NaN)),
        },
        errors: mine.reduce((a, r) => a + r.errors, 0),
        ...(scenario === 'open'
          ? { keptUp: mine.every((r) => r.requestsPerSecond >= KEPT_UP * parseRate(options.rate)) }
          : {}),
        runs: mine,
      });
    }
  }
  return out;
}

function ratiosOf(summaries: readonly Summary[]): Ratio[] {
  const out: Ratio[] = [];
  const find = (t: LoadTargetId, s: LoadScenarioId): Summary | undefined =>
    summaries.find((x) => x.target === t && x.scenario === s);
  for (const scenario of ['closed', 'open'] as const) {
    const ref = find('reference', scenario);
    if (!ref) continue;
    for (const against of ['kinesalite', 'kinesis-mock'] as const) {
      const other = find(against, scenario);
      if (!other) continue;
      if (scenario === 'closed') {
        out.push({
          scenario,
          against,
          metric: 'records/s',
          best: divide(ref.best.recordsPerSecond, other.best.recordsPerSecond),
          median: divide(ref.median.recordsPerSecond, other.median.recordsPerSecond),
          cpuEfficiency: divide(ref.best.recordsPerTargetCpuSecond, other.best.recordsPerTargetCpuSecond),
        });
      } else {
        out.push(
          {
            scenario,
            against,
            metric: 'p50 latency',
            best: divide(ref.best.latencyMs.p50, other.best.latencyMs.p50),
            median: divide(ref.median.p50, other.median.p50),
          },
          {
            scenario,
            against,
            metric: 'p99 latency',
            best: divide(ref.best.latencyMs.p99, other.best.latencyMs.p99),
            median: divide(ref.median.p99, other.median.p99),
          },
        );
      }
    }
  }
  return out;
}

function scenarioLine(options: LoadTargetsBenchOptions, scenario: LoadScenarioId): string {
  const what =
    scenario === 'closed'
      ? `closed model, ${options.connections} requests in flight`
      : `open model, ${options.rate} started on schedule (latency from the intended start)`;
  return (
    `${scenario}: ${what}; ${options.recordsPerRequest} records x ${options.recordSize} B per PutRecords, ` +
    `${options.shards} shards, ${(scenario === 'closed' ? options.durationMs : options.openDurationMs) / 1000} s per run`
  );
}

function markdown(
  summaries: readonly Summary[],
  ratios: readonly Ratio[],
  options: LoadTargetsBenchOptions,
  commit: string | undefined,
): string {
  const m = machine();
  const lines = [
    '## PutRecords with kcs load: reference server vs kinesalite vs kinesis-mock (loopback)',
    '',
    `${m.cpuModel}, ${m.cores} cores, Node ${m.node}, ${m.platform}; commit ${commit?.slice(0, 12) ?? 'n/a'}; ` +
      `kcs load with ${options.workers} worker thread${options.workers === 1 ? '' : 's'}, SigV4-signed JSON 1.1; ` +
      `best and median of ${options.rounds} rounds, targets in a rotating order; a new stream per run.`,
    '',
    ...options.scenarios.map((s) => `- ${scenarioLine(options, s)}`),
    '',
    '| scenario | target | records/s best | records/s median | req/s | p50 ms | p99 ms | p99.9 ms | errors | target CPU | records/CPU-s | other CPU | records/s by round |',
    '|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|',
  ];
  for (const s of summaries) {
    const b = s.best;
    lines.push(
      `| ${s.scenario} | ${s.target} | ${num(b.recordsPerSecond, 0)} | ${num(s.median.recordsPerSecond, 0)} | ` +
        `${num(b.requestsPerSecond)}${s.keptUp === false ? ' (behind)' : ''} | ${num(b.latencyMs.p50)} | ${num(b.latencyMs.p99)} | ${num(b.latencyMs.p999)} | ${num(s.errors, 0)} | ` +
        `${pct(b.cpu?.targetCpuPercent)} | ${num(b.recordsPerTargetCpuSecond, 0)} | ${pct(b.cpu?.otherCpuPercent)} | ` +
        `${s.runs.map((r) => num(r.recordsPerSecond, 0)).join(' / ')} |`,
    );
  }
  if (ratios.length > 0) {
    const ratio = (v: number | undefined): string =>
      v === undefined ? 'n/a' : v >= 10 ? `${num(v, 1)}x` : v < 0.1 ? v.toPrecision(2) : num(v, 2);
    lines.push(
      '',
      '| scenario | reference / | metric | best | median | records/CPU-s ratio |',
      '|---|---|---|--:|--:|--:|',
    );
    for (const r of ratios)
      lines.push(
        `| ${r.scenario} | ${r.against} | ${r.metric} | ${ratio(r.best)} | ${ratio(r.median)} | ` +
          `${r.cpuEfficiency === undefined ? '' : ratio(r.cpuEfficiency)} |`,
      );
  }
  const behind = summaries.filter((s) => s.keptUp === false).map((s) => s.target);
  if (behind.length > 0)
    lines.push(
      '',
      `Did not keep up with ${options.rate} in every round (behind: answered less than ${KEPT_UP * 100}% of the ` +
        `rate): ${behind.join(', ')}. Its open-model latency includes the time requests queued, so the latency ` +
        'ratios against it compare an overloaded target; choose a lower --rate for a like-for-like comparison.',
    );
  const errored = summaries.flatMap((s) => s.runs).filter((r) => r.errors > 0);
  if (errored.length > 0) {
    lines.push('', 'Errors:');
    for (const r of errored)
      lines.push(
        `- ${r.target} ${r.scenario} round ${r.round}: ` +
          Object.entries(r.errorsByKind)
            .map(([k, v]) => `${num(v, 0)} x ${k}`)
            .join(', '),
      );
  }
  lines.push(
    '',
    'Notes: best is the round with the most records/s (closed) or the lowest p99 (open); p50/p99 are from that ' +
      'round. Closed-model latency runs from the send, open-model latency from the intended start. A records/s ' +
      'ratio above 1 means the reference server takes more; a latency ratio below 1 means it answers faster. ' +
      'errors: failed requests, failed records and (open model) requests dropped, over all rounds. CPU columns ' +
      `are percent of one core over the measured phase (the machine has ${m.cores * 100}%); other CPU is ` +
      'everything but the generator and the target (noise from other processes); records/CPU-s is records per ' +
      'CPU-second of the target process, its cost per record, which noise disturbs far less than records/s.',
  );
  return lines.join('\n');
}

async function run(options: LoadTargetsBenchOptions): Promise<void> {
  // Judge the kcs load arguments before starting anything.
  for (const scenario of options.scenarios) {
    const parsed = parseLoadArgs(kcsArgv(options, 'http://127.0.0.1:1', scenario), {});
    if (parsed === 'help') throw new UsageError('kcs load arguments asked for help');
  }
  const budgetMs =
    SETUP_BUDGET_MS +
    options.targets.length * (options.warmupMs + RUN_OVERHEAD_MS) +
    options.rounds *
      options.targets.length *
      options.scenarios.reduce(
        (a, s) => a + (s === 'closed' ? options.durationMs : options.openDurationMs) + RUN_OVERHEAD_MS,
        0,
      ) +
    30_000;
  const watchdog = startWatchdog(budgetMs);

  const children = new Map<LoadTargetId, RunningChild>();
  const samplers = new Map<LoadTargetId, CpuSampler>();
  try {
    await Promise.all(
      options.targets.map(async (id) => {
        const child = await LOAD_TARGETS[id].start(options.shards);
        children.set(id, child);
        samplers.set(id, new CpuSampler(() => child.cpuSeconds()));
        log(`bench: ${id} listening on ${child.url} (pid ${child.pid})`);
      }),
    );
    if (options.warmupMs > 0) {
      for (const id of options.targets) {
        log(`bench: warm-up, ${id} for ${options.warmupMs / 1000} s (not measured)`);
        const argv = kcsArgv({ ...options, durationMs: options.warmupMs }, children.get(id)!.url, 'closed');
        await runKcsLoad(argv, samplers.get(id)!);
      }
    }

    const runs: RoundRun[] = [];
    for (const scenario of options.scenarios) {
      for (let round = 1; round <= options.rounds; round++) {
        for (const target of rotate(options.targets, round)) {
          log(`bench: ${scenario} round ${round}/${options.rounds}: ${target} ...`);
          const argv = kcsArgv(options, children.get(target)!.url, scenario);
          const k = await runKcsLoad(argv, samplers.get(target)!);
          if (k.stderr.trim() !== '') log(`bench:   kcs load said: ${k.stderr.trim()}`);
          const r = k.result;
          const targetCpu = k.cpu?.targetCpuSeconds;
          const one: RoundRun = {
            target,
            scenario,
            round,
            recordsPerSecond: r.rates.recordsPerSecond,
            requestsPerSecond: r.rates.requestsPerSecond,
            latencyMs: r.latencyMs,
            errors: k.errors,
            errorsByKind: errorsByKind(r),
            cpu: k.cpu,
            recordsPerTargetCpuSecond:
              targetCpu !== undefined && targetCpu > 0 ? r.totals.records / targetCpu : undefined,
            command: kcsCommand(argv),
            result: r,
          };
          log(
            `bench:   ${num(one.recordsPerSecond, 0)} records/s, p50 ${num(r.latencyMs.p50)} ms, p99 ` +
              `${num(r.latencyMs.p99)} ms, ${num(one.errors, 0)} errors; CPU: target ${pct(k.cpu?.targetCpuPercent)}, ` +
              `generator ${pct(k.cpu?.generatorCpuPercent)}, other ${pct(k.cpu?.otherCpuPercent)}`,
          );
          runs.push(one);
        }
      }
    }

    const summaries = summarise(runs, options);
    const ratios = ratiosOf(summaries);
    const commit = gitCommit(REPO_ROOT);
    process.stdout.write(`${markdown(summaries, ratios, options, commit)}\n`);

    const report = {
      benchmark: 'load-targets',
      date: new Date().toISOString(),
      commit: commit ?? null,
      machine: machine(),
      settings: {
        targets: options.targets,
        scenarios: Object.fromEntries(options.scenarios.map((s) => [s, scenarioLine(options, s)])),
        durationMs: options.durationMs,
        openDurationMs: options.openDurationMs,
        warmupMs: options.warmupMs,
        rounds: options.rounds,
        connections: options.connections,
        rate: options.rate,
        recordsPerRequest: options.recordsPerRequest,
        recordSize: options.recordSize,
        shards: options.shards,
        workers: options.workers,
        seed: options.seed,
        cores: availableParallelism(),
      },
      targets: Object.fromEntries(
        options.targets.map((id) => [
          id,
          { title: LOAD_TARGETS[id].title, version: LOAD_TARGETS[id].version, url: children.get(id)?.url },
        ]),
      ),
      summary: summaries.map((s) => ({
        target: s.target,
        scenario: s.scenario,
        bestRound: s.best.round,
        best: {
          recordsPerSecond: s.best.recordsPerSecond,
          latencyMs: s.best.latencyMs,
          recordsPerTargetCpuSecond: s.best.recordsPerTargetCpuSecond ?? null,
        },
        median: s.median,
        errors: s.errors,
        ...(s.keptUp !== undefined ? { keptUp: s.keptUp } : {}),
      })),
      ratios,
      rounds: runs,
    };
    writeJsonReport(options.out, report);
  } finally {
    clearTimeout(watchdog);
    for (const s of samplers.values()) s.stop();
    await Promise.all([...children.values()].map((c) => c.stop()));
    killAllNow();
  }
}

await benchMain(
  () => parseLoadTargetsBenchArgs(process.argv.slice(2), availableParallelism()),
  LOAD_TARGETS_BENCH_HELP,
  run,
);
