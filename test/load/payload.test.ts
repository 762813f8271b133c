import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { hashKeyOf, splitHashRange } from '../../src/protocol/hash-key.ts';
import { decodeCbor } from '../../src/protocol/wire.ts';
import type { RunningServer } from '../../src/server/server.ts';
import { base64Decode, base64Encode, utf8Encode } from '../../src/load/bytes.ts';
import { nodeMd5Hex } from '../../src/load/node-crypto.ts';
import {
  createRandom,
  encodePutRecords,
  encodeRecordTag,
  generateBodies,
  MAX_COUNTER,
  MAX_RUN_ID,
  MAX_WRITER,
  parseRecordTag,
  partitionKeysFor,
  planRecords,
  RECORD_TAG_BYTES,
  stampTags,
  type BodySetOptions,
  type PutRecordsBody,
} from '../../src/load/payload.ts';
import { call, startServer } from '../helpers/api.ts';

const OPTIONS: BodySetOptions = {
  wire: 'json',
  stream: 'load-test',
  recordsPerRequest: 20,
  recordSize: { kind: 'uniform', min: RECORD_TAG_BYTES, max: 300 },
  keys: ['a', 'b', 'c'],
  seed: 7,
  count: 4,
};

interface DecodedRecord {
  data: Uint8Array;
  key: string;
}

function decodeJsonBody(body: PutRecordsBody): { stream: string; records: DecodedRecord[] } {
  const parsed = JSON.parse(Buffer.from(body.bytes).toString('utf8')) as {
    StreamName: string;
    Records: { Data: string; PartitionKey: string }[];
  };
  return {
    stream: parsed.StreamName,
    records: parsed.Records.map((r) => ({
      data: new Uint8Array(Buffer.from(r.Data, 'base64')),
      key: r.PartitionKey,
    })),
  };
}

function decodeCborBody(body: PutRecordsBody): { stream: string; records: DecodedRecord[] } {
  const parsed = decodeCbor(body.bytes) as {
    StreamName: string;
    Records: { Data: Uint8Array; PartitionKey: string }[];
  };
  return {
    stream: parsed.StreamName,
    records: parsed.Records.map((r) => ({ data: new Uint8Array(r.Data), key: r.PartitionKey })),
  };
}

describe('byte encodings without Node', () => {
  test.prop([fc.uint8Array({ maxLength: 200 })])('base64 matches Buffer and decodes back', (bytes) => {
    const text = base64Encode(bytes);
    expect(text).toBe(Buffer.from(bytes).toString('base64'));
    expect(base64Decode(text)).toEqual(bytes);
  });

  it('refuses text that is not base64', () => {
    expect(base64Decode('ab$d')).toBeUndefined();
    expect(base64Decode('abcde')).toBeUndefined();
  });

  test.prop([fc.string({ unit: 'binary', maxLength: 50 })])(
    'UTF-8 matches Buffer, lone surrogates included',
    (s) => {
      expect(Buffer.from(utf8Encode(s))).toEqual(Buffer.from(s, 'utf8'));
    },
  );
});

describe('payload generation', () => {
  it('gives the same bytes for the same seed, and other bytes for another seed', () => {
    const a = generateBodies(OPTIONS);
    const b = generateBodies(OPTIONS);
    const c = generateBodies({ ...OPTIONS, seed: 8 });
    expect(a.map((x) => Buffer.from(x.bytes).toString('hex'))).toEqual(
      b.map((x) => Buffer.from(x.bytes).toString('hex')),
    );
    expect(Buffer.from(a[0]!.bytes).equals(Buffer.from(c[0]!.bytes))).toBe(false);
  });

  it('draws sizes inside the distribution and keys from the set', () => {
    const records = planRecords(500, { kind: 'uniform', min: 10, max: 20 }, ['x', 'y'], createRandom(3));
    const sizes = new Set(records.map((r) => r.data.length));
    expect(Math.min(...sizes)).toBe(10);
    expect(Math.max(...sizes)).toBe(20);
    expect(new Set(records.map((r) => r.partitionKey))).toEqual(new Set(['x', 'y']));
  });

  it.each([
    ['json', decodeJsonBody],
    ['cbor', decodeCborBody],
  ] as const)('encodes a %s body that decodes to the planned records', (wire, decode) => {
    const records = planRecords(30, OPTIONS.recordSize, ['k1', 'ключ', '"quoted"'], createRandom(1));
    const body = encodePutRecords(wire, 'stream-ä', records);
    const decoded = decode(body);
    expect(decoded.stream).toBe('stream-ä');
    expect(decoded.records.map((r) => r.key)).toEqual(records.map((r) => r.partitionKey));
    expect(decoded.records.map((r) => Buffer.from(r.data).toString('hex'))).toEqual(
      records.map((r) => Buffer.from(r.data).toString('hex')),
    );
    expect(body.records).toBe(30);
    expect(body.dataBytes).toEqual(records.map((r) => r.data.length));
    expect(body.totalDataBytes).toBe(records.reduce((n, r) => n + r.data.length, 0));
  });
});

describe('record tags (--verify)', () => {
  test.prop([
    fc.integer({ min: 0, max: MAX_RUN_ID }),
    fc.integer({ min: 0, max: MAX_WRITER }),
    fc.integer({ min: 0, max: MAX_COUNTER }),
  ])('round-trip', (run, writer, counter) => {
    const tag = encodeRecordTag({ run, writer, counter });
    expect(tag.length).toBe(RECORD_TAG_BYTES);
    expect(parseRecordTag(tag)).toEqual({ run, writer, counter });
  });

  it('are not found in random data', () => {
    expect(parseRecordTag(new Uint8Array(RECORD_TAG_BYTES))).toBeUndefined();
    expect(parseRecordTag(new Uint8Array(RECORD_TAG_BYTES - 1).fill(0x4b))).toBeUndefined();
  });

  it.each([
    ['json', decodeJsonBody],
    ['cbor', decodeCborBody],
  ] as const)(
    'are stamped over each record of a copy of a %s body, leaving the rest intact',
    (wire, decode) => {
      const [template] = generateBodies({ ...OPTIONS, wire, count: 1 });
      const before = Buffer.from(template!.bytes);
      const copy = new Uint8Array(template!.bytes);
      stampTags(template!, copy, 0xabcdef, 513, 1000);
      expect(Buffer.from(template!.bytes).equals(before)).toBe(true);
      const original = decode(template!).records;
      const stamped = decode({ ...template!, bytes: copy }).records;
      stamped.forEach((r, i) => {
        expect(parseRecordTag(r.data)).toEqual({ run: 0xabcdef, writer: 513, counter: 1000 + i });
        expect(Buffer.from(r.data.subarray(RECORD_TAG_BYTES))).toEqual(
          Buffer.from(original[i]!.data.subarray(RECORD_TAG_BYTES)),
        );
        expect(r.key).toBe(original[i]!.key);
      });
    },
  );
});

describe('partition keys', () => {
  it.each([1, 2, 3, 4, 7, 16])(
    'hot-shard keys all route to the first of %i shards, however 2^128 is split',
    (shards) => {
      const keys = partitionKeysFor({ kind: 'hot-shard', count: 50, shards }, nodeMd5Hex);
      expect(new Set(keys).size).toBe(50);
      for (const divisor of ['pow128', 'pow128minus1'] as const) {
        const first = splitHashRange(shards, divisor)[0]!;
        for (const key of keys) expect(hashKeyOf(key) <= first.endingHashKey).toBe(true);
      }
    },
  );

  it('spreads counted keys over every shard', () => {
    const keys = partitionKeysFor({ kind: 'count', count: 1000 }, nodeMd5Hex);
    const ranges = splitHashRange(4, 'pow128');
    const hit = new Set(keys.map((k) => ranges.findIndex((r) => hashKeyOf(k) <= r.endingHashKey)));
    expect(hit).toEqual(new Set([0, 1, 2, 3]));
  });

  describe('against the reference server', () => {
    let server: RunningServer;
    beforeAll(async () => {
      server = await startServer({ shardWriteLimits: false });
      await call(server.url, 'CreateStream', { StreamName: 'hot', ShardCount: 4 });
    });
    afterAll(() => server.close());

    it('a hot-shard body lands on one shard', async () => {
      const keys = partitionKeysFor({ kind: 'hot-shard', count: 20, shards: 4 }, nodeMd5Hex);
      const [body] = generateBodies({ ...OPTIONS, stream: 'hot', keys, count: 1, recordsPerRequest: 100 });
      const res = await call<{ Records: { ShardId: string }[] }>(server.url, 'PutRecords', body!.bytes);
      expect(res.status).toBe(200);
      expect(new Set(res.body.Records.map((r) => r.ShardId))).toEqual(new Set(['shardId-000000000000']));
    });
  });
});
