/** The arithmetic every load.json must satisfy, shared by the end-to-end load tests. */
import { expect } from 'vitest';
import type { LoadResult } from '../../src/load/result.ts';
import { sumCounts } from '../../src/load/samples.ts';

export function expectConsistent(r: LoadResult): void {
  const rpr = r.scenario.recordsPerRequest;
  const answered = r.totals.requests - sumCounts(r.totals.httpErrors);
  expect(r.totals.records + sumCounts(r.totals.recordErrors)).toBe(answered * rpr);
  expect(r.timeSeries.reduce((n, s) => n + s.requests, 0)).toBe(r.totals.requests);
  expect(r.timeSeries.reduce((n, s) => n + s.records, 0)).toBe(r.totals.records);
  expect(r.timeSeries.reduce((n, s) => n + s.bytes, 0)).toBe(r.totals.bytes);
  expect(r.timeSeries.reduce((n, s) => n + s.recordErrors, 0)).toBe(sumCounts(r.totals.recordErrors));
  // measuredSeconds is rounded to the millisecond.
  const near = (value: number, expected: number): void =>
    expect(Math.abs(value - expected)).toBeLessThanOrEqual(expected * 0.002 + 0.01);
  near(r.rates.requestsPerSecond, r.totals.requests / r.measuredSeconds!);
  near(r.rates.recordsPerSecond, r.totals.records / r.measuredSeconds!);
  expect(r.latencyMs.p50).toBeLessThanOrEqual(r.latencyMs.p99);
  expect(r.latencyMs.p99).toBeLessThanOrEqual(r.latencyMs.max);
}
