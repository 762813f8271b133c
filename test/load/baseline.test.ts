import { describe, expect, it } from 'vitest';
import { compareWithBaseline, scenarioMismatches } from '../../src/load/baseline.ts';
import { baselineTable } from '../../src/load/print.ts';
import type { LoadResult, LoadScenario } from '../../src/load/result.ts';

const SCENARIO: LoadScenario = {
  model: 'open',
  rate: 200,
  durationMs: 5000,
  recordsPerRequest: 100,
  recordSize: '100',
  partitionKeys: '1000',
  shards: 4,
  stream: 'a',
  wire: 'json',
  seed: 1,
};

function result(recordsPerSecond: number, p99: number, scenario: LoadScenario = SCENARIO): LoadResult {
  return {
    kind: 'kcs-load',
    version: 1,
    tool: 'kcs',
    target: { endpoint: 'http://127.0.0.1:1', embedded: true },
    scenario,
    versions: {},
    machine: { cpuModel: 'cpu', cores: 1, node: 'v20', os: 'linux' },
    startedAt: '2026-01-01T00:00:00Z',
    endedAt: '2026-01-01T00:00:05Z',
    totals: { requests: 1000, records: 100_000, bytes: 1e7, recordErrors: {}, httpErrors: {}, dropped: 0 },
    rates: { requestsPerSecond: 200, recordsPerSecond, megabytesPerSecond: 2 },
    latencyMs: { p50: 1, p90: 2, p99, p999: p99, max: p99, mean: 1 },
    percentiles: [],
    timeSeries: [],
  };
}

describe('compareWithBaseline', () => {
  const base = result(20_000, 10);
  const cases: [string, LoadResult, boolean, string[]][] = [
    ['the same numbers', result(20_000, 10), false, []],
    ['throughput down by less than the limit', result(18_100, 10), false, []],
    ['throughput down by more than the limit', result(17_900, 10), true, ['throughput']],
    ['throughput down by exactly the limit', result(18_000, 10), false, []],
    ['p99 up by exactly the limit', result(20_000, 11), false, []],
    ['throughput up a lot', result(40_000, 10), false, []],
    ['p99 up by less than the limit', result(20_000, 10.9), false, []],
    ['p99 up by more than the limit', result(20_000, 11.1), true, ['p99 latency']],
    ['p99 down a lot', result(20_000, 1), false, []],
    ['both worse', result(10_000, 50), true, ['throughput', 'p99 latency']],
  ];
  it.each(cases)('%s', (_name, current, regressed, metrics) => {
    const c = compareWithBaseline(current, base, 10);
    expect(c.regressed).toBe(regressed);
    expect(c.rows.filter((r) => r.regressed).map((r) => r.metric)).toEqual(metrics);
  });

  it('states the change in percent, and prints the verdict', () => {
    const c = compareWithBaseline(result(15_000, 12), base, 10);
    expect(c.rows.map((r) => r.changePct)).toEqual([-25, 20]);
    const text = baselineTable(c, 'baseline.json');
    expect(text).toContain('REGRESSION');
    expect(text).toContain('-25.0%');
    expect(text).toContain('+20.0%');
    expect(baselineTable(compareWithBaseline(base, base, 10), 'b')).toContain('verdict   ok');
  });

  it('treats any latency over a zero baseline as a rise', () => {
    expect(compareWithBaseline(result(1, 5), result(1, 0), 10).regressed).toBe(true);
    expect(compareWithBaseline(result(1, 0), result(1, 0), 10).regressed).toBe(false);
  });
});

describe('scenarioMismatches', () => {
  it('ignores duration, seed and stream, and names the fields that differ', () => {
    expect(scenarioMismatches(SCENARIO, { ...SCENARIO, durationMs: 1, seed: 9, stream: 'b' })).toEqual([]);
    expect(scenarioMismatches(SCENARIO, { ...SCENARIO, rate: 100, wire: 'cbor' })).toEqual([
      'rate: 200 -> 100',
      'wire: json -> cbor',
    ]);
    const closed: LoadScenario = { ...SCENARIO, model: 'closed', connections: 4 };
    delete (closed as { rate?: number }).rate;
    expect(scenarioMismatches(SCENARIO, closed)).toEqual([
      'model: open -> closed',
      'rate: 200 -> -',
      'connections: - -> 4',
    ]);
  });
});
