/**
 * Generator reports -> one LoadResult (autocannon's aggregateResult). Pure: counts are summed, HDR
 * histograms are decoded and added, rates are divided by the measured time (start of the measured phase to
 * the last completion), and the per-second samples of all generators are merged by second.
 */
import { build, decodeFromCompressedBase64, type Histogram } from 'hdr-histogram-js';
import type { LatencySummary, LoadResult, SecondSample } from './result.ts';
import { addCounts, sumCounts, type Counts, type GeneratorReport, type WorkerSecond } from './samples.ts';

/** Points of the percentile chart: dense towards the tail, where the interesting latencies are. */
export const PERCENTILE_POINTS = [
  0, 10, 20, 30, 40, 50, 60, 70, 75, 80, 85, 90, 92.5, 95, 97.5, 99, 99.5, 99.9, 99.95, 99.99, 99.999, 100,
] as const;

export type ResultMeta = Pick<
  LoadResult,
  'tool' | 'target' | 'scenario' | 'versions' | 'machine' | 'startedAt' | 'endedAt' | 'verification'
> & { readonly interrupted?: boolean };

export interface AggregateInput {
  readonly reports: readonly GeneratorReport[];
  readonly seconds: readonly WorkerSecond[];
  /** Epoch ms when the measured phase began. */
  readonly startAtEpochMs: number;
  readonly meta: ResultMeta;
}

/** Microseconds -> milliseconds, rounded to the microsecond. */
function ms(micros: number): number {
  return Math.round(micros) / 1000;
}

export function mergeHistograms(encoded: readonly string[]): Histogram {
  const merged = build({ numberOfSignificantValueDigits: 3, autoResize: true });
  for (const e of encoded) {
    if (e === '') continue;
    const h = decodeFromCompressedBase64(e);
    merged.add(h);
    h.destroy();
  }
  return merged;
}

export function latencySummary(h: Histogram): LatencySummary {
  if (h.totalCount === 0) return { p50: 0, p90: 0, p99: 0, p999: 0, max: 0, mean: 0 };
  return {
    p50: ms(h.getValueAtPercentile(50)),
    p90: ms(h.getValueAtPercentile(90)),
    p99: ms(h.getValueAtPercentile(99)),
    p999: ms(h.getValueAtPercentile(99.9)),
    // Like the percentiles, the highest value equivalent to the largest recorded (HDR's maxValue can sit a
    // hair below p99 of the same bucket).
    max: ms(h.getValueAtPercentile(100)),
    mean: ms(h.mean),
  };
}

/** The samples of all generators for each second, merged, in order; seconds nobody reported are zeros. */
export function mergeSeconds(seconds: readonly WorkerSecond[]): SecondSample[] {
  const byT = new Map<number, WorkerSecond[]>();
  for (const s of seconds) {
    const list = byT.get(s.t);
    if (list) list.push(s);
    else byT.set(s.t, [s]);
  }
  const last = Math.max(-1, ...byT.keys());
  const out: SecondSample[] = [];
  for (let t = 0; t <= last; t++) out.push(mergeSecond(t, byT.get(t) ?? []));
  return out;
}

export function mergeSecond(t: number, samples: readonly WorkerSecond[]): SecondSample {
  let requests = 0;
  let records = 0;
  let bytes = 0;
  let recordErrors = 0;
  let httpErrors = 0;
  for (const s of samples) {
    requests += s.requests;
    records += s.records;
    bytes += s.bytes;
    recordErrors += sumCounts(s.recordErrors);
    httpErrors += sumCounts(s.httpErrors);
  }
  const h = mergeHistograms(samples.map((s) => s.histogram));
  const empty = h.totalCount === 0;
  const sample: SecondSample = {
    t,
    requests,
    records,
    bytes,
    recordErrors,
    httpErrors,
    p50: empty ? 0 : ms(h.getValueAtPercentile(50)),
    p99: empty ? 0 : ms(h.getValueAtPercentile(99)),
  };
  h.destroy();
  return sample;
}

export function aggregate(input: AggregateInput): LoadResult {
  const { reports, meta } = input;
  let requests = 0;
  let records = 0;
  let bytes = 0;
  let dropped = 0;
  let lastCompletion = input.startAtEpochMs;
  const recordErrors: Counts = {};
  const httpErrors: Counts = {};
  const transportErrors: Counts = {};
  for (const r of reports) {
    requests += r.requests;
    records += r.records;
    bytes += r.bytes;
    dropped += r.dropped;
    addCounts(recordErrors, r.recordErrors);
    addCounts(httpErrors, r.httpErrors);
    addCounts(transportErrors, r.transportErrors);
    lastCompletion = Math.max(lastCompletion, r.lastCompletionEpochMs);
  }
  const seconds = Math.max(lastCompletion - input.startAtEpochMs, 1) / 1000;
  const h = mergeHistograms(reports.map((r) => r.histogram));
  const percentiles =
    h.totalCount === 0 ? [] : PERCENTILE_POINTS.map((p) => [p, ms(h.getValueAtPercentile(p))] as const);
  const latencyMs = latencySummary(h);
  h.destroy();
  const round = (x: number, digits: number): number => Number(x.toFixed(digits));
  return {
    kind: 'kcs-load',
    version: 1,
    tool: meta.tool,
    target: meta.target,
    scenario: meta.scenario,
    versions: meta.versions,
    machine: meta.machine,
    startedAt: meta.startedAt,
    endedAt: meta.endedAt,
    ...(meta.interrupted ? { interrupted: true } : {}),
    totals: {
      requests,
      records,
      bytes,
      recordErrors,
      httpErrors,
      dropped,
      ...(Object.keys(transportErrors).length > 0 ? { transportErrors } : {}),
    },
    rates: {
      requestsPerSecond: round(requests / seconds, 2),
      recordsPerSecond: round(records / seconds, 2),
      megabytesPerSecond: round(bytes / 1e6 / seconds, 4),
    },
    measuredSeconds: round(seconds, 3),
    latencyMs,
    percentiles,
    timeSeries: mergeSeconds(input.seconds),
    ...(meta.verification ? { verification: meta.verification } : {}),
  };
}
