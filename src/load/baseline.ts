/**
 * --baseline FILE --max-regression PCT: this run against an earlier load.json of the same scenario. Pure: the
 * verdict is a regression when throughput (acknowledged records per second) falls, or p99 latency rises, by
 * more than PCT percent.
 */
import type { LoadResult, LoadScenario } from './result.ts';

export interface BaselineRow {
  readonly metric: string;
  readonly unit: string;
  readonly baseline: number;
  readonly current: number;
  /** (current - baseline) / baseline, in percent; undefined when the baseline is 0. */
  readonly changePct: number | undefined;
  readonly better: 'higher' | 'lower';
  readonly regressed: boolean;
}

export interface BaselineComparison {
  readonly maxRegressionPct: number;
  readonly rows: readonly BaselineRow[];
  readonly regressed: boolean;
}

/** What makes two runs the same scenario. Duration, seed and stream name may differ. */
const SCENARIO_FIELDS = [
  'model',
  'rate',
  'connections',
  'recordsPerRequest',
  'recordSize',
  'partitionKeys',
  'shards',
  'wire',
] as const satisfies readonly (keyof LoadScenario)[];

/** The scenario fields that differ, as `name: baseline -> current`. */
export function scenarioMismatches(baseline: LoadScenario, current: LoadScenario): string[] {
  return SCENARIO_FIELDS.filter((f) => baseline[f] !== current[f]).map(
    (f) => `${f}: ${String(baseline[f] ?? '-')} -> ${String(current[f] ?? '-')}`,
  );
}

function row(
  metric: string,
  unit: string,
  baseline: number,
  current: number,
  better: 'higher' | 'lower',
  maxPct: number,
): BaselineRow {
  // Rounded so that exactly PCT is not a regression by a floating-point hair.
  const changePct = baseline === 0 ? undefined : Math.round(((current - baseline) / baseline) * 1e8) / 1e6;
  const worse = better === 'higher' ? -(changePct ?? 0) : (changePct ?? (current > 0 ? Infinity : 0));
  return { metric, unit, baseline, current, changePct, better, regressed: worse > maxPct };
}

export function compareWithBaseline(
  current: LoadResult,
  baseline: LoadResult,
  maxRegressionPct: number,
): BaselineComparison {
  const rows = [
    row(
      'throughput',
      'records/s',
      baseline.rates.recordsPerSecond,
      current.rates.recordsPerSecond,
      'higher',
      maxRegressionPct,
    ),
    row('p99 latency', 'ms', baseline.latencyMs.p99, current.latencyMs.p99, 'lower', maxRegressionPct),
  ];
  return { maxRegressionPct, rows, regressed: rows.some((r) => r.regressed) };
}
