/**
 * k6's end-of-test summary -> load.json (LoadResult, tool 'k6'), the shape `kcs load` writes, so the HTML
 * report and the baseline comparison read either. PURE: the summary object is plain data.
 *
 * What k6 cannot know is left empty or marked: `timeSeries` is [] (the summary has totals only; use
 * `k6 run --out json=...` for per-second data), `machine` comes from KCS_MACHINE / KCS_CORES, `versions.k6`
 * from K6_VERSION, and there is no `verification` (read-back is `kcs load --verify`).
 */
import { HTTP_ERROR_KEYS } from '../../../src/load/outcome.ts';
import { describePartitionKeys, describeRecordSize } from '../../../src/load/payload.ts';
import type { LoadResult } from '../../../src/load/result.ts';
import { PROFILES } from '../../../src/profiles/index.ts';
import type { K6Config } from './config.ts';
import type { ScenarioName } from './scenarios.ts';

/** Our custom metrics. Latency is ours too, so setup and teardown calls never count as load. */
export const METRICS = {
  requests: 'kcs_requests',
  records: 'kcs_records',
  bytes: 'kcs_bytes',
  recordErrors: 'kcs_record_errors',
  throttled: 'kcs_throttled',
  httpErrors: 'kcs_http_errors',
  latency: 'kcs_latency',
} as const;

/** k6's own metrics we read. */
export const K6_METRICS = {
  droppedIterations: 'dropped_iterations',
  httpReqFailed: 'http_req_failed',
} as const;

/** The tag PutRecords requests carry, so thresholds on k6's http metrics skip setup and teardown calls. */
export const PUT_RECORDS_TAG = { name: 'PutRecords' } as const;

/** The trend columns k6 computes: the percentile chart's points (as PERCENTILE_POINTS, where k6 can). */
export const TREND_PERCENTILES = [0, 50, 75, 90, 95, 99, 99.5, 99.9, 99.95, 99.99, 99.999, 100] as const;

function trendColumn(p: number): string {
  if (p === 0) return 'min';
  if (p === 100) return 'max';
  return `p(${p})`;
}

export const SUMMARY_TREND_STATS: readonly string[] = [
  'avg',
  'med',
  ...TREND_PERCENTILES.map(trendColumn),
].filter((c, i, all) => all.indexOf(c) === i);

/**
 * The codes a load.json breaks errors down by. k6 keeps a tagged sub-metric in its summary only when a
 * threshold names it, so each known code gets an always-true threshold; a code outside these lists is still
 * counted, under 'other'.
 */
export function knownRecordErrorCodes(): string[] {
  return [...new Set(Object.values(PROFILES).flatMap((p) => p.recordErrorCodes))];
}

const STATUSES = [400, 403, 404, 408, 413, 429, 500, 502, 503, 504] as const;

export function knownHttpErrorKeys(): string[] {
  const types = Object.values(PROFILES).flatMap((p) => Object.values(p.errors).map((e) => e.type));
  return [...new Set([...types, ...Object.values(HTTP_ERROR_KEYS), ...STATUSES.map((s) => `HTTP ${s}`)])];
}

export const OTHER_CODE = 'other';

export function subMetric(metric: string, code: string): string {
  return `${metric}{code:${code}}`;
}

/** options.thresholds: the pass/fail criteria, plus the always-true ones that keep per-code counts. */
export function thresholdsFor(config: K6Config): Record<string, string[]> {
  const t: Record<string, string[]> = {
    [`${K6_METRICS.httpReqFailed}{name:${PUT_RECORDS_TAG.name}}`]: [`rate<=${config.maxFailed}`],
  };
  if (config.p99Ms !== undefined) t[METRICS.latency] = [`p(99)<${config.p99Ms}`];
  if (config.maxThrottled !== undefined) t[METRICS.throttled] = [`count<=${config.maxThrottled}`];
  for (const code of knownRecordErrorCodes()) t[subMetric(METRICS.recordErrors, code)] = ['count>=0'];
  for (const key of knownHttpErrorKeys()) t[subMetric(METRICS.httpErrors, key)] = ['count>=0'];
  return t;
}

// --- the summary object (k6 docs, "Custom summary"; internal/js/summary.go) ---------------------------------

export interface K6Metric {
  readonly type: string;
  readonly contains?: string;
  readonly values: Readonly<Record<string, number>>;
  readonly thresholds?: Readonly<Record<string, { readonly ok: boolean }>>;
}

export interface K6SummaryData {
  readonly metrics: Readonly<Record<string, K6Metric>>;
  readonly state: { readonly testRunDurationMs: number };
  readonly setup_data?: unknown;
}

/** What setup() hands to the VUs and to handleSummary. */
export interface SetupData {
  /** setup() created the stream (so teardown() deletes it unless DELETE_STREAM=0). */
  readonly created: boolean;
  readonly shards: number;
  /** When the measured phase began: the end of setup(). */
  readonly startedAt: string;
}

export function isSetupData(value: unknown): value is SetupData {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v['created'] === 'boolean' && typeof v['shards'] === 'number' && typeof v['startedAt'] === 'string'
  );
}

function count(data: K6SummaryData, name: string): number {
  return data.metrics[name]?.values['count'] ?? 0;
}

function byCode(data: K6SummaryData, metric: string, codes: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  let known = 0;
  for (const code of codes) {
    const n = count(data, subMetric(metric, code));
    known += n;
    if (n > 0) out[code] = n;
  }
  const other = count(data, metric) - known;
  if (other > 0) out[OTHER_CODE] = other;
  return out;
}

const round = (x: number, digits: number): number => Number(x.toFixed(digits));

export interface SummaryContext {
  readonly config: K6Config;
  readonly scenario: ScenarioName;
  /** Measured phase as planned (the sum of the executor's stages). */
  readonly plannedMs: number;
  /** The peak rate the scenario asks for. */
  readonly peakRate: number;
  /** When handleSummary runs. */
  readonly now: Date;
  /** Our version, when known. */
  readonly kcsVersion: string;
}

export function toLoadResult(data: K6SummaryData, ctx: SummaryContext): LoadResult {
  const { config } = ctx;
  const setup = isSetupData(data.setup_data) ? data.setup_data : undefined;
  const endedAt = ctx.now.toISOString();
  const startedAt =
    setup?.startedAt ?? new Date(ctx.now.getTime() - data.state.testRunDurationMs).toISOString();
  // The test run also covers setup (stream creation) and teardown: divide by the measured phase instead,
  // unless the run was cut short.
  const measuredMs = Math.max(1, Math.min(ctx.plannedMs, data.state.testRunDurationMs));
  const seconds = measuredMs / 1000;
  const requests = count(data, METRICS.requests);
  const records = count(data, METRICS.records);
  const bytes = count(data, METRICS.bytes);
  const latency = data.metrics[METRICS.latency]?.values ?? {};
  const at = (column: string): number => round(latency[column] ?? 0, 3);
  // Latency is sampled for answered requests only: a transport failure has no reply to time.
  const answered = requests - count(data, subMetric(METRICS.httpErrors, HTTP_ERROR_KEYS.transport));
  const percentiles = answered <= 0 ? [] : TREND_PERCENTILES.map((p) => [p, at(trendColumn(p))] as const);
  return {
    kind: 'kcs-load',
    version: 1,
    tool: 'k6',
    target: { endpoint: config.endpointUrl, embedded: false },
    scenario: {
      model: 'open',
      rate: ctx.peakRate,
      durationMs: ctx.plannedMs,
      recordsPerRequest: config.recordsPerRequest,
      recordSize: describeRecordSize(config.recordSize),
      partitionKeys: describePartitionKeys(config.partitionKeys),
      shards: setup?.shards ?? config.shards,
      stream: config.stream,
      wire: config.wire,
      seed: config.seed,
    },
    versions: { kcs: ctx.kcsVersion, k6: config.k6Version },
    machine: { cpuModel: config.machine, cores: config.cores, node: `k6 ${config.k6Version}`, os: 'unknown' },
    startedAt,
    endedAt,
    measuredSeconds: round(seconds, 3),
    totals: {
      requests,
      records,
      bytes,
      recordErrors: byCode(data, METRICS.recordErrors, knownRecordErrorCodes()),
      httpErrors: byCode(data, METRICS.httpErrors, knownHttpErrorKeys()),
      dropped: count(data, K6_METRICS.droppedIterations),
    },
    rates: {
      requestsPerSecond: round(requests / seconds, 2),
      recordsPerSecond: round(records / seconds, 2),
      megabytesPerSecond: round(bytes / 1e6 / seconds, 4),
    },
    latencyMs: {
      p50: at('med'),
      p90: at('p(90)'),
      p99: at('p(99)'),
      p999: at('p(99.9)'),
      max: at('max'),
      mean: at('avg'),
    },
    percentiles,
    timeSeries: [],
  };
}
