/**
 * The CBOR 1.1 wire format (behaviour.md 1.1): the same operations as JSON, Data as a byte string, answers
 * in CBOR, errors as `{__type, message}`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROFILES } from '../../src/profiles/index.ts';
import { hashKeyOf } from '../../src/protocol/hash-key.ts';
import { CONTENT_TYPES, decodeCbor } from '../../src/protocol/wire.ts';
import type { RunningServer } from '../../src/server/server.ts';
import { call, expectError, expectMessage, listShardRanges, shardFor, startServer } from '../helpers/api.ts';

interface PutRecordsOutput {
  readonly FailedRecordCount: number;
  readonly Records: { SequenceNumber?: string; ShardId?: string; ErrorCode?: string }[];
}
interface GetRecordsOutput {
  readonly Records: {
    SequenceNumber: string;
    PartitionKey: string;
    Data: Uint8Array;
    ApproximateArrivalTimestamp: unknown;
  }[];
  readonly NextShardIterator: string;
  readonly MillisBehindLatest: number;
}

const cbor = { wire: 'cbor' } as const;
const profile = PROFILES.yds;
const STREAM = 'cbor-stream';
const KEYS = ['a', 'b', 'e', 'f', 'é', '😀', 'key-7', 'key-8'];

describe('CBOR 1.1', () => {
  let server: RunningServer;
  let url: string;

  beforeAll(async () => {
    server = await startServer({ profile: profile.name, shardWriteLimits: false });
    url = server.url;
  });
  afterAll(() => server.close());

  it('creates a stream with an empty CBOR answer', async () => {
    const res = await call(url, 'CreateStream', { StreamName: STREAM, ShardCount: 3 }, cbor);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe(CONTENT_TYPES.cbor);
    expect(res.raw.length).toBe(0);
    const described = await call<{ StreamDescription: { StreamName: string; Shards: unknown[] } }>(
      url,
      'DescribeStream',
      { StreamName: STREAM },
      cbor,
    );
    expect(described.headers['content-type']).toBe(CONTENT_TYPES.cbor);
    expect(described.body.StreamDescription.StreamName).toBe(STREAM);
    expect(described.body.StreamDescription.Shards).toHaveLength(3);
  });

  it('writes byte strings with PutRecords and reads the same bytes back with GetRecords', async () => {
    // Every byte value, and bytes that are not valid UTF-8, must survive as they are.
    const payloads = [
      Buffer.from([0, 1, 2, 0xff, 0xfe, 0x80]),
      Buffer.alloc(0),
      Buffer.from(Array.from({ length: 256 }, (_, i) => i)),
    ];
    const put = await call<PutRecordsOutput>(
      url,
      'PutRecords',
      { StreamName: STREAM, Records: payloads.map((Data) => ({ Data, PartitionKey: 'same-key' })) },
      cbor,
    );
    expect(put.status).toBe(200);
    expect(put.headers['content-type']).toBe(CONTENT_TYPES.cbor);
    expect(put.body.FailedRecordCount).toBe(0);
    const shardId = put.body.Records[0]!.ShardId!;
    expect(put.body.Records.every((r) => r.ShardId === shardId)).toBe(true);

    const iterator = await call<{ ShardIterator: string }>(
      url,
      'GetShardIterator',
      {
        StreamName: STREAM,
        ShardId: shardId,
        ShardIteratorType: 'AT_SEQUENCE_NUMBER',
        StartingSequenceNumber: put.body.Records[0]!.SequenceNumber,
      },
      cbor,
    );
    expect(iterator.status).toBe(200);
    expect(iterator.headers['content-type']).toBe(CONTENT_TYPES.cbor);
    const got = await call<GetRecordsOutput>(
      url,
      'GetRecords',
      { ShardIterator: iterator.body.ShardIterator },
      cbor,
    );
    expect(got.status).toBe(200);
    expect(got.headers['content-type']).toBe(CONTENT_TYPES.cbor);
    expect(got.body.Records.map((r) => r.SequenceNumber)).toEqual(
      put.body.Records.map((r) => r.SequenceNumber),
    );
    for (const [i, r] of got.body.Records.entries()) {
      // A CBOR byte string, not base64 text.
      expect(r.Data).toBeInstanceOf(Uint8Array);
      expect(Buffer.from(r.Data).equals(payloads[i]!)).toBe(true);
      expect(r.PartitionKey).toBe('same-key');
    }
  });

  it('answers PutRecord in CBOR', async () => {
    const res = await call<{ ShardId: string; SequenceNumber: string }>(
      url,
      'PutRecord',
      { StreamName: STREAM, PartitionKey: 'a', Data: Buffer.from('x') },
      cbor,
    );
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe(CONTENT_TYPES.cbor);
    expect(res.body.ShardId).toBe(shardFor(await listShardRanges(url, STREAM), hashKeyOf('a')));
  });

  it('encodes errors as a CBOR map {__type, message}', async () => {
    const res = await call(
      url,
      'PutRecords',
      { StreamName: 'no-such-stream', Records: [{ Data: Buffer.from('x'), PartitionKey: 'k' }] },
      cbor,
    );
    expect(res.headers['content-type']).toBe(CONTENT_TYPES.cbor);
    expectError(res, profile.errors.resourceNotFound);
    const body = decodeCbor(res.raw) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(['__type', 'message']);
    expect(body['message']).toContain('no-such-stream');
  });

  it('applies the same Data limit to byte strings', async () => {
    const n = profile.putRecords.maxDataBytes;
    const at = await call<PutRecordsOutput>(
      url,
      'PutRecords',
      { StreamName: STREAM, Records: [{ Data: Buffer.alloc(n), PartitionKey: 'k' }] },
      cbor,
    );
    expect(at.status).toBe(200);
    const over = await call(
      url,
      'PutRecords',
      { StreamName: STREAM, Records: [{ Data: Buffer.alloc(n + 1), PartitionKey: 'k' }] },
      cbor,
    );
    expectError(over, profile.validation.error);
  });

  it('answers a malformed CBOR body in CBOR, as YDB words it (behaviour.md 1.2, http_req.cpp)', async () => {
    const res = await call(url, 'PutRecords', Buffer.from([0xff, 0xff, 0xff]), cbor);
    expect(res.headers['content-type']).toBe(CONTENT_TYPES.cbor);
    expectMessage(
      res,
      { type: 'InvalidArgumentException', status: 400 },
      'Can not parse request body from CBOR',
    );
  });

  it('routes the same keys to the same shards as JSON', async () => {
    const viaCbor = await call<PutRecordsOutput>(
      url,
      'PutRecords',
      {
        StreamName: STREAM,
        Records: KEYS.map((PartitionKey) => ({ PartitionKey, Data: Buffer.from(PartitionKey) })),
      },
      cbor,
    );
    const viaJson = await call<PutRecordsOutput>(url, 'PutRecords', {
      StreamName: STREAM,
      Records: KEYS.map((PartitionKey) => ({
        PartitionKey,
        Data: Buffer.from(PartitionKey).toString('base64'),
      })),
    });
    expect(viaJson.headers['content-type']).toBe(CONTENT_TYPES.json);
    const shardsOf = (res: typeof viaJson): (string | undefined)[] => res.body.Records.map((r) => r.ShardId);
    expect(shardsOf(viaCbor)).toEqual(shardsOf(viaJson));
    const ranges = await listShardRanges(url, STREAM);
    expect(shardsOf(viaCbor)).toEqual(KEYS.map((k) => shardFor(ranges, hashKeyOf(k))));
    expect(new Set(shardsOf(viaCbor)).size).toBeGreaterThan(1);
  });
});
