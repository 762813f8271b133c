/**
 * CBOR timestamps as AWS writes and reads them: tag 1 holding an integer of epoch milliseconds (issue #12;
 * the AWS Java SDK v2, and so the KCL, read and write them that way; behaviour.md 5: not float64). The
 * answers are judged on their bytes, not through our own decoder: after the key comes 0xc1 (tag 1) and an
 * unsigned integer (0x1b and 8 bytes), never 0xfb (a float64, which those clients read as January 1970).
 * The server's clock is set with fake Date, so every expected time is exact.
 */
import { Tag } from 'cbor-x';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RunningServer } from '../../src/server/server.ts';
import { call, createStream, startServer } from '../helpers/api.ts';

const T0 = Date.UTC(2026, 11, 5, 12, 0, 0, 123);
const cbor = { wire: 'cbor' } as const;

/** The CBOR text-string header and bytes of `key` (RFC 8949 major type 3). */
function textKey(key: string): Buffer {
  const bytes = Buffer.from(key, 'utf8');
  const head = bytes.length < 24 ? Buffer.from([0x60 + bytes.length]) : Buffer.from([0x78, bytes.length]);
  return Buffer.concat([head, bytes]);
}

/** Every value that follows `key` in `raw`, read as tag 1 + 64-bit unsigned integer; fails on anything else. */
function timestampsAfter(raw: Buffer, key: string): number[] {
  const needle = textKey(key);
  const found: number[] = [];
  for (let at = raw.indexOf(needle); at !== -1; at = raw.indexOf(needle, at + 1)) {
    const value = at + needle.length;
    expect(raw[value], `tag 1 after ${key}`).toBe(0xc1);
    expect(raw[value + 1], `an 8-byte unsigned integer after tag 1 (0x1b), not a float (0xfb)`).toBe(0x1b);
    found.push(Number(raw.readBigUInt64BE(value + 2)));
  }
  expect(found.length, `${key} in the answer`).toBeGreaterThan(0);
  return found;
}

describe('CBOR timestamps (tag 1, integer epoch milliseconds)', () => {
  let server: RunningServer;
  let url: string;
  const STREAM = 'cbor-times';

  beforeAll(async () => {
    server = await startServer({ profile: 'aws', shardWriteLimits: false });
    url = server.url;
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(T0);
    await createStream(url, STREAM, 1);
    const put = (key: string): ReturnType<typeof call> =>
      call(url, 'PutRecord', { StreamName: STREAM, PartitionKey: key, Data: Buffer.from(key) }, cbor);
    expect((await put('first')).status).toBe(200);
    vi.setSystemTime(T0 + 1000);
    expect((await put('second')).status).toBe(200);
    vi.setSystemTime(T0 + 2000);
  });
  afterAll(async () => {
    vi.useRealTimers();
    await server.close();
  });
  afterEach(() => {
    vi.setSystemTime(T0 + 2000);
  });

  it('writes GetRecords ApproximateArrivalTimestamp so', async () => {
    const it0 = await call<{ ShardIterator: string }>(
      url,
      'GetShardIterator',
      { StreamName: STREAM, ShardId: 'shardId-000000000000', ShardIteratorType: 'TRIM_HORIZON' },
      cbor,
    );
    const res = await call(url, 'GetRecords', { ShardIterator: it0.body.ShardIterator }, cbor);
    expect(timestampsAfter(res.raw, 'ApproximateArrivalTimestamp')).toEqual([T0, T0 + 1000]);
  });

  it.each([
    ['DescribeStreamSummary', { StreamName: STREAM }],
    ['DescribeStream', { StreamName: STREAM }],
    ['ListStreams', {}],
  ])('writes %s StreamCreationTimestamp so', async (op, body) => {
    const res = await call(url, op, body, cbor);
    expect(res.status).toBe(200);
    expect(timestampsAfter(res.raw, 'StreamCreationTimestamp')).toEqual([T0]);
  });

  it('reads a request Timestamp so (GetShardIterator AT_TIMESTAMP)', async () => {
    const at = async (timestamp: unknown): Promise<string[]> => {
      const it0 = await call<{ ShardIterator: string }>(
        url,
        'GetShardIterator',
        {
          StreamName: STREAM,
          ShardId: 'shardId-000000000000',
          ShardIteratorType: 'AT_TIMESTAMP',
          Timestamp: timestamp,
        },
        cbor,
      );
      expect(it0.status, it0.text).toBe(200);
      const page = await call<{ Records: { PartitionKey: string }[] }>(
        url,
        'GetRecords',
        { ShardIterator: it0.body.ShardIterator },
        cbor,
      );
      return page.body.Records.map((r) => r.PartitionKey);
    };
    // Tag 1 around an 8-byte integer, as the Java SDK writes a long.
    expect(await at(new Tag(BigInt(T0 + 1000), 1))).toEqual(['second']);
    expect(await at(new Tag(BigInt(T0), 1))).toEqual(['first', 'second']);
  });
});
