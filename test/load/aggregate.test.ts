import { describe, expect, it } from 'vitest';
import { build, encodeIntoCompressedBase64 } from 'hdr-histogram-js';
import { aggregate, mergeSeconds, PERCENTILE_POINTS, type ResultMeta } from '../../src/load/aggregate.ts';
import { loadResultSchemaErrors } from '../../src/load/result-schema.ts';
import type { GeneratorReport, WorkerSecond } from '../../src/load/samples.ts';

/** Latencies in milliseconds -> an encoded histogram in microseconds, as generators send them. */
function encoded(latenciesMs: number[]): string {
  const h = build({ numberOfSignificantValueDigits: 3, autoResize: true });
  for (const ms of latenciesMs) h.recordValue(Math.round(ms * 1000));
  return encodeIntoCompressedBase64(h);
}

const START = Date.UTC(2026, 0, 1);

function report(over: Partial<GeneratorReport> & { latencies: number[] }): GeneratorReport {
  const { latencies, ...rest } = over;
  return {
    index: 0,
    requests: latencies.length,
    records: 0,
    bytes: 0,
    recordErrors: {},
    httpErrors: {},
    transportErrors: {},
    dropped: 0,
    histogram: encoded(latencies),
    lastCompletionEpochMs: START,
    ...rest,
  };
}

function second(t: number, over: Partial<WorkerSecond> & { latencies: number[] }): WorkerSecond {
  const { latencies, ...rest } = over;
  return {
    t,
    requests: latencies.length,
    records: 0,
    bytes: 0,
    recordErrors: {},
    httpErrors: {},
    histogram: latencies.length ? encoded(latencies) : '',
    ...rest,
  };
}

const META: ResultMeta = {
  tool: 'kcs',
  target: { endpoint: 'http://127.0.0.1:1', embedded: true },
  scenario: {
    model: 'closed',
    connections: 2,
    durationMs: 2000,
    recordsPerRequest: 10,
    recordSize: '100',
    partitionKeys: '1000',
    shards: 4,
    stream: 's',
    wire: 'json',
    seed: 1,
  },
  versions: { kcs: '0' },
  machine: { cpuModel: 'cpu', cores: 2, node: 'v20', os: 'linux' },
  startedAt: '2026-01-01T00:00:00.000Z',
  endedAt: '2026-01-01T00:00:02.000Z',
};

describe('aggregate', () => {
  // Two generators over 2 s: 100 requests of 1..100 ms and 100 of 101..200 ms.
  const a = report({
    index: 0,
    latencies: Array.from({ length: 100 }, (_, i) => i + 1),
    records: 900,
    bytes: 90_000,
    recordErrors: { ProvisionedThroughputExceededException: 100 },
    lastCompletionEpochMs: START + 1500,
  });
  const b = report({
    index: 1,
    latencies: Array.from({ length: 100 }, (_, i) => i + 101),
    records: 950,
    bytes: 95_000,
    recordErrors: { ProvisionedThroughputExceededException: 20, InternalFailure: 30 },
    httpErrors: { transport: 0 },
    dropped: 3,
    lastCompletionEpochMs: START + 2000,
  });
  const result = aggregate({ reports: [a, b], seconds: [], startAtEpochMs: START, meta: META });

  it('sums the counts', () => {
    expect(result.totals.requests).toBe(200);
    expect(result.totals.records).toBe(1850);
    expect(result.totals.bytes).toBe(185_000);
    expect(result.totals.dropped).toBe(3);
    expect(result.totals.recordErrors).toEqual({
      ProvisionedThroughputExceededException: 120,
      InternalFailure: 30,
    });
  });

  it('divides by the time from the start to the last completion', () => {
    expect(result.measuredSeconds).toBe(2);
    expect(result.rates).toEqual({
      requestsPerSecond: 100,
      recordsPerSecond: 925,
      megabytesPerSecond: 0.0925,
    });
  });

  it('merges the histograms before taking percentiles', () => {
    // Over 1..200 ms the median is 100 ms and p99 is 198 ms; HDR keeps 3 significant digits.
    expect(result.latencyMs.p50).toBeCloseTo(100, 0);
    expect(result.latencyMs.p90).toBeCloseTo(180, 0);
    expect(result.latencyMs.p99).toBeCloseTo(198, 0);
    expect(result.latencyMs.max).toBeCloseTo(200, 0);
    expect(result.latencyMs.mean).toBeCloseTo(100.5, 0);
  });

  it('gives a monotonic percentile curve from min to max', () => {
    expect(result.percentiles.map(([p]) => p)).toEqual([...PERCENTILE_POINTS]);
    const values = result.percentiles.map(([, v]) => v);
    expect(values).toEqual([...values].sort((x, y) => x - y));
    expect(values[0]).toBeCloseTo(1, 0);
    expect(values.at(-1)).toBe(result.latencyMs.max);
  });

  it('is a valid load.json', () => {
    expect(loadResultSchemaErrors(result)).toEqual([]);
  });

  it('reports zeros, not NaN, when nothing completed', () => {
    const empty = aggregate({
      reports: [report({ latencies: [] })],
      seconds: [],
      startAtEpochMs: START,
      meta: META,
    });
    expect(empty.latencyMs).toEqual({ p50: 0, p90: 0, p99: 0, p999: 0, max: 0, mean: 0 });
    expect(empty.percentiles).toEqual([]);
    expect(empty.rates.requestsPerSecond).toBe(0);
    expect(loadResultSchemaErrors(empty)).toEqual([]);
  });
});

describe('mergeSeconds', () => {
  it('merges generators by second and fills silent seconds with zeros', () => {
    const series = mergeSeconds([
      second(0, { latencies: [1, 2, 3], records: 30, recordErrors: { X: 2 } }),
      second(0, { latencies: [4], records: 10, httpErrors: { 'HTTP 500': 1 } }),
      second(2, { latencies: [300], records: 10 }),
    ]);
    expect(series.map((s) => s.t)).toEqual([0, 1, 2]);
    expect(series[0]).toMatchObject({ requests: 4, records: 40, recordErrors: 2, httpErrors: 1 });
    expect(series[0]!.p50).toBeCloseTo(2, 1);
    expect(series[1]).toEqual({
      t: 1,
      requests: 0,
      records: 0,
      bytes: 0,
      recordErrors: 0,
      httpErrors: 0,
      p50: 0,
      p99: 0,
    });
    expect(series[2]!.p99).toBeCloseTo(300, 0);
  });
});
