/**
 * Aggregate and print: the ratios the issue sets as goals, a Markdown table for stdout and the JSON report.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import os from 'node:os';
import type { LoadResult } from './closed-loop.ts';
import type { ScenarioId } from './scenarios.ts';
import { log } from './main.ts';
import { REPO_ROOT, type TargetId } from './targets.ts';

/** The issue's goals for the reference server's records/s, as a fraction of another target's. */
export const GOALS: readonly { scenario: ScenarioId; against: TargetId; atLeast: number; text: string }[] = [
  { scenario: '500x100B', against: 'parse-only', atLeast: 2 / 3, text: '>= 2/3' },
  { scenario: '1x100B', against: 'parse-only', atLeast: 1 / 2, text: '>= 1/2' },
  { scenario: '5x1MiB', against: 'parse-only', atLeast: 2 / 3, text: '>= 2/3' },
  { scenario: '500x100B', against: 'kinesalite', atLeast: 50, text: '>= 50x' },
];

export interface RunRecord {
  readonly target: TargetId;
  readonly scenario: ScenarioId;
  /** 1-based. */
  readonly round: number;
  readonly connections: number;
  readonly wireBytesPerRequest: number;
  readonly recordsPerRequest: number;
  readonly dataBytesPerRecord: number;
  readonly result: LoadResult;
}

export interface Ratio {
  readonly scenario: ScenarioId;
  readonly against: TargetId;
  /** reference records/s divided by the other target's. */
  readonly value: number | undefined;
  /** reference records per CPU-second divided by the other target's: the cost per record, noise-robust. */
  readonly cpuEfficiency: number | undefined;
  readonly goal: string | undefined;
  readonly pass: boolean | undefined;
}

export function machine(): {
  cpuModel: string;
  cores: number;
  node: string;
  platform: string;
  memoryGiB: number;
} {
  return {
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
  };
}

/** Writes a benchmark's JSON report (`path` relative to the repository) and says where on stderr. */
export function writeJsonReport(path: string, report: unknown): void {
  const out = resolve(REPO_ROOT, path);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
  log(`bench: wrote ${out}`);
}

export function gitCommit(cwd: string): string | undefined {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return undefined;
  }
}

/**
 * One run per target and scenario: the round with the most records/s. Other processes on the machine can
 * only take CPU away from a window, so the best round is the one least disturbed.
 */
export function bestRounds(runs: readonly RunRecord[]): RunRecord[] {
  const best = new Map<string, RunRecord>();
  for (const r of runs) {
    const key = `${r.target}/${r.scenario}`;
    const b = best.get(key);
    if (!b || r.result.recordsPerSecond > b.result.recordsPerSecond) best.set(key, r);
  }
  return [...best.values()];
}

export function ratios(runs: readonly RunRecord[], scenarioIds: readonly ScenarioId[]): Ratio[] {
  const find = (t: TargetId, s: ScenarioId): RunRecord | undefined =>
    runs.find((r) => r.target === t && r.scenario === s);
  const rate = (t: TargetId, s: ScenarioId): number | undefined => find(t, s)?.result.recordsPerSecond;
  const perCpu = (t: TargetId, s: ScenarioId): number | undefined =>
    find(t, s)?.result.recordsPerTargetCpuSecond;
  const out: Ratio[] = [];
  for (const scenario of scenarioIds) {
    for (const against of ['parse-only', 'kinesalite'] as const) {
      const ref = rate('reference', scenario);
      const other = rate(against, scenario);
      if (ref === undefined || other === undefined) continue;
      const value = other > 0 ? ref / other : undefined;
      const goal = GOALS.find((g) => g.scenario === scenario && g.against === against);
      const refCpu = perCpu('reference', scenario);
      const otherCpu = perCpu(against, scenario);
      out.push({
        scenario,
        against,
        value,
        cpuEfficiency:
          refCpu !== undefined && otherCpu !== undefined && otherCpu > 0 ? refCpu / otherCpu : undefined,
        goal: goal?.text,
        pass: goal === undefined ? undefined : value === undefined ? ref > 0 : value >= goal.atLeast,
      });
    }
  }
  return out;
}

const num = (n: number, digits = 0): string =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const pct = (n: number | undefined): string => (n === undefined ? 'n/a' : `${Math.round(n)}%`);
const lat = (ms: number): string => (ms >= 100 ? num(ms, 0) : ms >= 10 ? num(ms, 1) : num(ms, 2));

const short = (n: number): string =>
  n >= 10_000 ? `${num(n / 1000, 0)}k` : n >= 1_000 ? `${num(n / 1000, 1)}k` : num(n, n < 10 ? 1 : 0);

/** `best`: one run per target and scenario (see bestRounds); `all`: every round, for the spread column. */
export function markdown(
  best: readonly RunRecord[],
  all: readonly RunRecord[],
  rs: readonly Ratio[],
  meta: {
    machine: ReturnType<typeof machine>;
    durationMs: number;
    warmupMs: number;
    rounds: number;
    /** A fresh process per target for each scenario (else one for all). */
    freshTargets: boolean;
    commit: string | undefined;
    /** One line per scenario: what a request holds. */
    scenarios: readonly string[];
  },
): string {
  const lines: string[] = [];
  const m = meta.machine;
  const spread = meta.rounds > 1;
  lines.push(
    `## PutRecords throughput over loopback (JSON 1.1)`,
    '',
    `${m.cpuModel}, ${m.cores} cores, Node ${m.node}, ${m.platform}; commit ${meta.commit?.slice(0, 12) ?? 'n/a'}; ` +
      `${meta.warmupMs / 1000} s warm-up + ${meta.durationMs / 1000} s measured per window, closed loop; ` +
      (meta.freshTargets
        ? 'fresh target processes for each scenario'
        : 'one process per target for all scenarios') +
      (spread ? `; best of ${meta.rounds} interleaved rounds per row.` : '.'),
    '',
    ...meta.scenarios.map((line) => `- ${line}`),
    '',
    '| target | scenario | conns | req/s | records/s | MB/s | p50 ms | p99 ms | ok | errors | gen CPU | target CPU | other CPU | records/CPU-s |' +
      (spread ? ' records/s by round |' : ''),
    '|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|' + (spread ? '---|' : ''),
  );
  for (const r of best) {
    const x = r.result;
    const rounds = all
      .filter((o) => o.target === r.target && o.scenario === r.scenario)
      .map((o) => short(o.result.recordsPerSecond))
      .join(' / ');
    lines.push(
      `| ${r.target} | ${r.scenario} | ${r.connections} | ${num(x.requestsPerSecond, x.requestsPerSecond < 100 ? 1 : 0)} | ` +
        `${num(x.recordsPerSecond)} | ${num(x.payloadMBPerSecond, 1)} | ${lat(x.latencyMs.p50)} | ${lat(x.latencyMs.p99)} | ` +
        `${num(x.ok)} | ${num(x.failed)} | ${pct(x.generatorCpuPercent)} | ${pct(x.targetCpuPercent)} | ${pct(x.otherCpuPercent)} | ` +
        `${x.recordsPerTargetCpuSecond === undefined ? 'n/a' : num(x.recordsPerTargetCpuSecond)} |` +
        (spread ? ` ${rounds} |` : ''),
    );
  }
  if (rs.length > 0) {
    lines.push(
      '',
      '| scenario | reference / | records/s ratio | goal | verdict | records/CPU-s ratio |',
      '|---|---|--:|---|---|--:|',
    );
    const ratio = (v: number | undefined): string =>
      v === undefined ? 'n/a' : v >= 10 ? `${num(v, 0)}x` : num(v, 2);
    for (const r of rs) {
      const verdict = r.pass === undefined ? '' : r.pass ? 'PASS' : 'FAIL';
      lines.push(
        `| ${r.scenario} | ${r.against} | ${ratio(r.value)} | ${r.goal ?? ''} | ${verdict} | ${ratio(r.cpuEfficiency)} |`,
      );
    }
  }
  const errored = all.filter(
    (r) => r.result.failed > 0 || r.result.cutInFlight > 0 || r.result.errorsOutsideWindow > 0,
  );
  if (errored.length > 0) {
    lines.push('', 'Errors:');
    for (const r of errored) {
      for (const [kind, e] of Object.entries(r.result.errors))
        lines.push(
          `- ${r.target} ${r.scenario}${spread ? ` round ${r.round}` : ''}: ${e.count} x ${kind} (first: ${e.example.replace(/\s+/g, ' ').slice(0, 160)})`,
        );
      if (r.result.errorsOutsideWindow > 0)
        lines.push(
          `- ${r.target} ${r.scenario}${spread ? ` round ${r.round}` : ''}: ${r.result.errorsOutsideWindow} failed answers during warm-up`,
        );
      if (r.result.cutInFlight > 0)
        lines.push(
          `- ${r.target} ${r.scenario}${spread ? ` round ${r.round}` : ''}: ${r.result.cutInFlight} requests still in flight after the drain time, cut`,
        );
    }
  }
  lines.push(
    '',
    `Notes: MB/s counts decoded Data bytes (10^6 B). Latency runs from send to the end of the answer, for the ` +
      `successful answers of the window. Only HTTP 200 answers count; for the reference server and kinesalite ` +
      `also only those with FailedRecordCount 0 (every answer checked, one in 200 decoded in full). ` +
      `CPU columns are percent of one core (the machine has ${m.cores * 100}%): the generator, the target ` +
      `process, and everything else on the machine (other CPU: noise from other processes). ` +
      `The load generator and the server share these ${m.cores} cores, which costs every target alike: ` +
      `compare the ratios, not the absolute numbers. The goals are on records/s; records/CPU-s (records per ` +
      `CPU-second of the target process) is the cost per record, and its ratio holds up far better than ` +
      `throughput when other processes compete for the cores (a large other CPU).`,
  );
  return lines.join('\n');
}
