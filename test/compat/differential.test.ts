import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseEndpoint } from '../../src/protocol/endpoint.ts';
import type { ApiRequest } from '../../src/client/exchange.ts';
import { closeConnections } from '../../src/client/send.ts';
import {
  boundaryHashKeys,
  describeOutcome,
  normalise,
  runDifferential,
  sameOutcome,
  type DiffEndpoint,
} from '../../src/compat/differential.ts';
import { freePorts } from '../../src/compat/launch.ts';
import { differenceOf, reduceRequest } from '../../src/compat/reduce.ts';
import { getProfile } from '../../src/profiles/index.ts';
import { splitHashRange } from '../../src/protocol/hash-key.ts';
import { createServer, type RunningServer } from '../../src/server/server.ts';

describe('normalise', () => {
  test('keeps status, __type without its namespace, and per entry the ShardId or the ErrorCode', () => {
    expect(
      normalise({
        status: 400,
        body: { __type: 'com.amazon.coral.validate#ValidationException', message: 'x' },
      }),
    ).toEqual({ status: 400, type: 'ValidationException' });
    const ok = normalise({
      status: 200,
      body: {
        FailedRecordCount: 1,
        EncryptionType: 'NONE',
        Records: [
          { SequenceNumber: '1', ShardId: 'shardId-000000000001', ErrorCode: null, ErrorMessage: null },
          { ErrorCode: 'InternalFailure', ErrorMessage: 'Internal service failure.' },
        ],
      },
    });
    expect(ok).toEqual({ status: 200, entries: ['shardId-000000000001', 'error InternalFailure'] });
    expect(describeOutcome(ok)).toBe('200 [shardId-000000000001, error InternalFailure]');
    expect(normalise({ status: 500, body: undefined })).toEqual({ status: 500 });
    const many = { status: 200, entries: ['a', 'a', 'b', 'a', 'b', 'a', 'a'] };
    expect(describeOutcome(many)).toBe('200 [a x2, b, a, b, ... (7 entries)]');
  });

  test('sequence numbers, messages and explicit nulls do not make answers differ; a ShardId does', () => {
    const a = normalise({ status: 200, body: { Records: [{ SequenceNumber: '1', ShardId: 's0' }] } });
    const b = normalise({
      status: 200,
      body: { Records: [{ SequenceNumber: '2', ShardId: 's0', ErrorCode: null }], EncryptionType: 'NONE' },
    });
    const c = normalise({ status: 200, body: { Records: [{ SequenceNumber: '1', ShardId: 's1' }] } });
    expect(sameOutcome(a, b)).toBe(true);
    expect(sameOutcome(a, c)).toBe(false);
    expect(differenceOf(a, c)).toBe('entries s0 | s1');
    expect(differenceOf({ status: 400, type: 'A' }, { status: 400, type: 'B' })).toBe('answer 400 A | 400 B');
    expect(differenceOf({ status: 200, entries: [] }, { status: 200 })).toBe('entries listed | none');
  });
});

test('boundary hash keys straddle the first shard boundary of both splits', () => {
  const keys = boundaryHashKeys(2).map(BigInt);
  const aws = splitHashRange(2, 'pow128')[1]!.startingHashKey;
  const km = splitHashRange(2, 'pow128minus1')[1]!.startingHashKey;
  expect(aws - km).toBe(1n);
  expect(keys).toEqual([km - 1n, km, aws]);
});

describe('reduceRequest', () => {
  const record = (i: number, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
    PartitionKey: `key-${i}`,
    Data: 'AAAA',
    ...extra,
  });
  const request: ApiRequest = {
    operation: 'PutRecords',
    wire: 'json',
    body: {
      StreamName: 's',
      Records: [record(0, { ExplicitHashKey: '7' }), record(1), record(2), record(3)],
    },
  };
  /** A fake pair of targets: they differ whenever a record has ExplicitHashKey 7. */
  const probe = async (r: ApiRequest): Promise<string | undefined> => {
    const records = (r.body as { Records: Record<string, unknown>[] }).Records;
    return records.some((x) => x['ExplicitHashKey'] === '7') ? 'entries a | b' : undefined;
  };

  test('drops the records the difference does not need and simplifies the one left', async () => {
    const reduced = await reduceRequest(request, 'entries a | b', probe);
    expect(reduced.request.body).toEqual({
      StreamName: 's',
      Records: [{ PartitionKey: 'k', Data: '', ExplicitHashKey: '7' }],
    });
    expect(reduced.kept).toBe(5);
  });

  test('keeps a step only if the difference stays the same, and stops at the step bound', async () => {
    const other = await reduceRequest(request, 'answer 400 A | 200 -', probe);
    expect(other).toEqual({ request, kept: 0, tried: expect.any(Number) });
    const bounded = await reduceRequest(request, 'entries a | b', probe, 2);
    expect(bounded.tried).toBe(2);
    expect((bounded.request.body as { Records: unknown[] }).Records).toHaveLength(2);
  });

  test('leaves raw bodies alone', async () => {
    const raw = { ...request, rawBody: Buffer.from('{') };
    expect(await reduceRequest(raw, 'entries a | b', probe)).toEqual({ request: raw, kept: 0, tried: 0 });
  });
});

describe('runDifferential against reference servers', () => {
  let aws1: RunningServer;
  let aws2: RunningServer;
  let yds: RunningServer;
  const endpoint = (name: string, server: RunningServer): DiffEndpoint => ({
    name,
    target: { endpoint: parseEndpoint(server.url), region: 'us-east-1' },
  });

  beforeAll(async () => {
    [aws1, aws2, yds] = await Promise.all([
      createServer({ port: 0, profile: 'aws', shardWriteLimits: false }),
      createServer({ port: 0, profile: 'aws', shardWriteLimits: false }),
      createServer({ port: 0, profile: 'yds', shardWriteLimits: false }),
    ]);
  });

  afterAll(async () => {
    await closeConnections();
    await Promise.all([aws1.close(), aws2.close(), yds.close()]);
  });

  test('two servers that behave alike: no difference, and the streams are deleted afterwards', async () => {
    const findings = await runDifferential(endpoint('a', aws1), endpoint('b', aws2), {
      profile: getProfile('aws'),
      wire: 'json',
      seed: 11,
      runs: 15,
      streamPrefix: 'kcs-test-same-',
      families: ['valid batches', 'invalid requests'],
    });
    expect(findings.map((f) => [f.family, f.verdict, f.numRuns])).toEqual([
      ['valid batches', 'same', 15],
      ['invalid requests', 'same', 15],
    ]);
    expect(aws1.store.names()).not.toContain('kcs-test-same-put-records');
    expect(aws2.store.names()).not.toContain('kcs-test-same-put-records');
  });

  test('AWS validation vs YDS validation: the smallest differing request and both answers', async () => {
    const [finding] = await runDifferential(endpoint('aws', aws1), endpoint('yds', yds), {
      profile: getProfile('aws'),
      wire: 'json',
      seed: 11,
      runs: 30,
      streamPrefix: 'kcs-test-diff-',
      families: ['invalid requests'],
    });
    expect(finding).toMatchObject({
      family: 'invalid requests',
      verdict: 'differs',
      baseline: 'aws',
      target: 'yds',
    });
    expect(finding!.answers!.baseline.outcome).toEqual({ status: 400, type: 'ValidationException' });
    expect(finding!.answers!.target.outcome).toEqual({ status: 400, type: 'InvalidArgumentException' });
    expect(finding!.answers!.target.curl).toContain(yds.url);
    // Shrunk and reduced: one record is enough to show it.
    const sent = finding!.request as { body: { Records: unknown[] } };
    expect(sent.body.Records).toHaveLength(1);
  });

  test('a target that does not answer: every family is an error, and the stream made on the other side is deleted', async () => {
    const [port] = await freePorts(1);
    const gone: DiffEndpoint = {
      name: 'gone',
      target: { endpoint: parseEndpoint(`http://127.0.0.1:${port}`), region: 'us-east-1' },
    };
    const findings = await runDifferential(endpoint('aws', aws1), gone, {
      profile: getProfile('aws'),
      wire: 'json',
      seed: 11,
      runs: 5,
      streamPrefix: 'kcs-test-gone-',
    });
    expect(findings.map((f) => [f.family, f.verdict])).toEqual([
      ['valid batches', 'error'],
      ['invalid requests', 'error'],
      ['limit cases', 'error'],
    ]);
    expect(findings[0]!.error).toMatch(/^setup: .*ECONNREFUSED/);
    expect(aws1.store.names()).not.toContain('kcs-test-gone-put-records');
  });
});
