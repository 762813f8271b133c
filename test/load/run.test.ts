import { parseEndpoint } from '../../src/protocol/endpoint.ts';
import { describe, expect, it } from 'vitest';
import { LOAD_DEFAULTS } from '../../src/load/defaults.ts';
import { chooseGenerators, placementOf } from '../../src/load/load.ts';
import { parseLoadArgs, type LoadOptions } from '../../src/load/args.ts';
import { bodiesFor, share, splitPlan, type RunPlan } from '../../src/load/run.ts';

const PLAN: RunPlan = {
  endpoint: parseEndpoint('http://127.0.0.1:1'),
  stream: 's',
  model: 'closed',
  connections: 16,
  maxInFlight: 100,
  durationMs: 1000,
  maxRequests: 1000,
  recordsPerRequest: 10,
  recordSize: { kind: 'fixed', bytes: 100 },
  keys: ['k'],
  wire: 'json',
  seed: 1,
  generators: 3,
  verifyRun: 5,
  region: 'us-east-1',
  requestTimeoutMs: 1000,
};

function options(args: string[]): LoadOptions {
  const o = parseLoadArgs(args);
  if (o === 'help') throw new Error('help');
  return o;
}

describe('splitPlan', () => {
  it('splits the closed model lanes, the request cap and the writers, and derives a seed per generator', () => {
    const plans = splitPlan(PLAN);
    expect(plans.map((p) => p.lanes)).toEqual([6, 5, 5]);
    expect(plans.map((p) => p.maxRequests)).toEqual([334, 333, 333]);
    expect(plans.map((p) => p.verify?.firstWriter)).toEqual([0, 6, 11]);
    expect(new Set(plans.map((p) => p.seed)).size).toBe(3);
    expect(plans.every((p) => p.generators === 3 && p.verify?.run === 5)).toBe(true);
  });

  it('never starts more closed-model generators than connections', () => {
    expect(splitPlan({ ...PLAN, connections: 2, generators: 8 }).map((p) => p.lanes)).toEqual([1, 1]);
  });

  it('gives each open-model generator the same rate to interleave, its share of the in-flight cap, one writer', () => {
    const plans = splitPlan({ ...PLAN, model: 'open', rate: 300, connections: undefined, generators: 2 });
    expect(plans.map((p) => [p.index, p.rate, p.lanes, p.maxInFlight, p.verify?.firstWriter])).toEqual([
      [0, 300, 0, 50, 0],
      [1, 300, 0, 50, 1],
    ]);
  });

  it('derives the same generator seeds from the same run seed', () => {
    expect(splitPlan(PLAN).map((p) => p.seed)).toEqual(splitPlan(PLAN).map((p) => p.seed));
    expect(splitPlan(PLAN).map((p) => p.seed)).not.toEqual(
      splitPlan({ ...PLAN, seed: 2 }).map((p) => p.seed),
    );
  });

  it('shares differ by at most one and add up', () => {
    for (const [n, parts] of [
      [10, 3],
      [2, 5],
      [0, 4],
      [7, 7],
    ] as const) {
      const shares = Array.from({ length: parts }, (_, i) => share(n, parts, i));
      expect(shares.reduce((a, b) => a + b, 0)).toBe(n);
      expect(Math.max(...shares) - Math.min(...shares)).toBeLessThanOrEqual(1);
    }
  });

  it('pre-generates fewer bodies when they are large', () => {
    expect(bodiesFor(100, { kind: 'fixed', bytes: 100 })).toBe(LOAD_DEFAULTS.bodiesPerGenerator);
    const big = bodiesFor(4, { kind: 'fixed', bytes: 1024 * 1024 });
    expect(big).toBeGreaterThanOrEqual(1);
    expect(big * 4 * 1024 * 1024 * (4 / 3)).toBeLessThanOrEqual(LOAD_DEFAULTS.bodyPoolBytes);
  });
});

describe('chooseGenerators', () => {
  it('leaves a core to the embedded server, half to a target on this machine, never exceeds the connections', () => {
    expect(chooseGenerators(options([]), 8, 'embedded')).toBe(7);
    expect(chooseGenerators(options([]), 8, 'this-machine')).toBe(4);
    expect(chooseGenerators(options([]), 2, 'this-machine')).toBe(1);
    expect(chooseGenerators(options([]), 1, 'this-machine')).toBe(1);
    expect(chooseGenerators(options([]), 8, 'elsewhere')).toBe(8);
    expect(chooseGenerators(options(['--connections', '2']), 8, 'elsewhere')).toBe(2);
    expect(chooseGenerators(options(['--rate', '10']), 1, 'embedded')).toBe(1);
    expect(chooseGenerators(options(['--workers', '3']), 1, 'embedded')).toBe(3);
  });
});

describe('placementOf', () => {
  it('tells the embedded server, loopback endpoints and the rest apart', () => {
    expect(placementOf(undefined)).toBe('embedded');
    for (const url of [
      'http://localhost:4567',
      'http://127.0.0.1:1',
      'http://127.9.8.7',
      'http://[::1]:4567',
    ])
      expect(placementOf(parseEndpoint(url)), url).toBe('this-machine');
    for (const url of [
      'https://kinesis.us-east-1.amazonaws.com',
      'http://10.0.0.1:4567',
      'http://127.example',
    ])
      expect(placementOf(parseEndpoint(url)), url).toBe('elsewhere');
  });
});
