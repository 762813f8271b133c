import { parseEndpoint } from '../../src/protocol/endpoint.ts';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.ts';
import { PROFILES } from '../../src/profiles/index.ts';
import { parseLoadArgs, type LoadOptions } from '../../src/load/args.ts';
import { LOAD_DEFAULTS } from '../../src/load/defaults.ts';
import { RECORD_TAG_BYTES } from '../../src/load/payload.ts';

const limits = PROFILES.yds.putRecords;

function parse(args: string[], env: Record<string, string> = {}): LoadOptions {
  const parsed = parseLoadArgs(args, env);
  if (parsed === 'help') throw new Error('unexpected help');
  return parsed;
}

describe('parseLoadArgs: defaults', () => {
  it('is the closed model against the embedded server with the defaults object', () => {
    const o = parse([]);
    expect(o.endpoint).toBeUndefined();
    expect(o.model).toBe('closed');
    expect(o.connections).toBe(LOAD_DEFAULTS.connections);
    expect(o.rate).toBeUndefined();
    expect(o.durationMs).toBe(LOAD_DEFAULTS.durationMs);
    expect(o.recordsPerRequest).toBe(LOAD_DEFAULTS.recordsPerRequest);
    expect(o.recordSize).toEqual({ kind: 'fixed', bytes: LOAD_DEFAULTS.recordSizeBytes });
    expect(o.partitionKeys).toEqual({ kind: 'count', count: LOAD_DEFAULTS.partitionKeys });
    expect(o.shards).toBe(LOAD_DEFAULTS.shards);
    expect(o.wire).toBe('json');
    expect(o.verify).toBe(false);
    // Without write limits: a default run measures the tool and the server, not 4 shards' capacity.
    expect(o.embeddedThrottle).toBe(false);
    expect(o.maxRequests).toBe(LOAD_DEFAULTS.maxRequests);
  });

  it('answers help', () => {
    expect(parseLoadArgs(['--help'])).toBe('help');
    expect(parseLoadArgs(['-h'])).toBe('help');
  });
});

describe('parseLoadArgs: accepted input', () => {
  const cases: [string, string[], Partial<LoadOptions>][] = [
    ['a rate with /s', ['--rate', '200/s'], { model: 'open', rate: 200 }],
    ['a bare rate', ['--rate', '50'], { model: 'open', rate: 50 }],
    ['a fractional rate', ['--rate', '0.5/s'], { model: 'open', rate: 0.5 }],
    ['connections', ['--connections', '64'], { model: 'closed', connections: 64 }],
    ['a duration in seconds', ['--duration', '30s'], { durationMs: 30_000 }],
    ['a duration in minutes', ['--duration', '2m'], { durationMs: 120_000 }],
    ['a size with a unit', ['--record-size', '1KiB'], { recordSize: { kind: 'fixed', bytes: 1024 } }],
    [
      'a uniform distribution',
      ['--record-size', 'uniform:100-1KiB'],
      { recordSize: { kind: 'uniform', min: 100, max: 1024 } },
    ],
    ['a key count', ['--partition-keys', '7'], { partitionKeys: { kind: 'count', count: 7 } }],
    [
      'hot-shard over the requested shards',
      ['--partition-keys', 'hot-shard', '--shards', '8'],
      { partitionKeys: { kind: 'hot-shard', count: LOAD_DEFAULTS.hotShardKeys, shards: 8 }, shards: 8 },
    ],
    ['cbor', ['--wire', 'cbor'], { wire: 'cbor' }],
    ['a seed', ['--seed', '42'], { seed: 42 }],
    [
      'an endpoint',
      ['--endpoint', 'http://127.0.0.1:4567'],
      { endpoint: parseEndpoint('http://127.0.0.1:4567') },
    ],
    [
      'a baseline with the default limit',
      ['--baseline', 'b.json'],
      { baseline: 'b.json', maxRegressionPct: 10 },
    ],
    [
      'a baseline with a percent',
      ['--baseline', 'b.json', '--max-regression', '5%'],
      { maxRegressionPct: 5 },
    ],
    ['verify', ['--verify'], { verify: true }],
    ['throttle on', ['--throttle', 'on'], { embeddedThrottle: true }],
    ['throttle off', ['--throttle', 'off'], { embeddedThrottle: false }],
    [
      'the most records a request may carry',
      ['--records-per-request', String(limits.maxRecords)],
      { recordsPerRequest: limits.maxRecords },
    ],
    ['the region from the environment', [], { region: 'eu-west-1' }],
  ];
  it.each(cases)('%s', (_name, args, expected) => {
    expect(parse(args, { AWS_REGION: 'eu-west-1' })).toMatchObject(expected);
  });

  it('keeps --region over the environment', () => {
    expect(parse(['--region', 'ru-central1'], { AWS_REGION: 'eu-west-1' }).region).toBe('ru-central1');
  });
});

describe('parseLoadArgs: usage errors', () => {
  const cases: [string, string[], RegExp][] = [
    ['--rate and --connections together', ['--rate', '10', '--connections', '2'], /cannot be combined/],
    ['a rate that is not a number', ['--rate', 'fast'], /--rate/],
    ['a zero rate', ['--rate', '0'], /--rate/],
    ['a rate over the cap', ['--rate', String(LOAD_DEFAULTS.maxRate + 1)], /--rate/],
    ['zero connections', ['--connections', '0'], /--connections/],
    ['a duration without meaning', ['--duration', 'soon'], /--duration/],
    ['a duration over the cap', ['--duration', '11m'], /--duration: must be between/],
    ['a duration under the floor', ['--duration', '10ms'], /--duration: must be between/],
    [
      'more records than a request may carry',
      ['--records-per-request', String(limits.maxRecords + 1)],
      /--records-per-request/,
    ],
    ['a record over the data limit', ['--record-size', String(limits.maxDataBytes + 1)], /--record-size/],
    ['a request over the size limit', ['--records-per-request', '10', '--record-size', '1MiB'], /at most/],
    ['an inverted distribution', ['--record-size', 'uniform:1000-100'], /minimum/],
    ['an unknown distribution', ['--record-size', 'normal:100'], /--record-size/],
    ['zero partition keys', ['--partition-keys', '0'], /--partition-keys/],
    ['an unknown wire', ['--wire', 'xml'], /--wire/],
    ['--max-regression without --baseline', ['--max-regression', '5'], /needs --baseline/],
    ['a percent that is not one', ['--baseline', 'b', '--max-regression', 'lots'], /--max-regression/],
    [
      '--verify with records too small for the tag',
      ['--verify', '--record-size', String(RECORD_TAG_BYTES - 1)],
      /--verify/,
    ],
    ['--throttle with --endpoint', ['--endpoint', 'http://127.0.0.1:1', '--throttle', 'off'], /embedded/],
    ['an endpoint that is not a URL', ['--endpoint', 'localhost:4567'], /--endpoint/],
    ['--max-in-flight in the closed model', ['--max-in-flight', '5'], /open model/],
    ['half of a key pair', ['--endpoint', 'http://127.0.0.1:1', '--access-key-id', 'A'], /go together/],
    ['an unknown flag', ['--turbo'], /turbo/],
    ['a positional argument', ['now'], /unexpected argument/],
  ];
  it.each(cases)('%s', (_name, args, message) => {
    expect(() => parseLoadArgs(args)).toThrow(UsageError);
    expect(() => parseLoadArgs(args)).toThrow(message);
  });
});
