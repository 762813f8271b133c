/**
 * PutRecords request validation over HTTP, for both profiles. Every documented limit is probed at n-1, n
 * and n+1 with the numbers read from the profile, never written here; expectations come from the request
 * and the documented contract (behaviour.md 2, the seed), not from server code.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROFILES, type ProfileName } from '../../src/profiles/index.ts';
import { hashKeyOf } from '../../src/protocol/hash-key.ts';
import type { RunningServer } from '../../src/server/server.ts';
import {
  call,
  createStream,
  expectError,
  listShardRanges,
  shardFor,
  startServer,
  type ApiResponse,
  type ShardRange,
} from '../helpers/api.ts';

interface Entry {
  readonly SequenceNumber?: string;
  readonly ShardId?: string;
  readonly ErrorCode?: string;
  readonly ErrorMessage?: string;
}
interface PutRecordsOutput {
  readonly FailedRecordCount: number;
  readonly Records: Entry[];
  readonly EncryptionType?: string;
}
interface ErrorBody {
  readonly __type: string;
  readonly message?: string;
  readonly Message?: string;
}
interface RecordIn {
  readonly Data: unknown;
  readonly PartitionKey: unknown;
  readonly ExplicitHashKey?: unknown;
}

// Seed, Response: EncryptionType NONE (required); AWS omits it for unencrypted streams (behaviour.md 3, LS-AG).
const ENCRYPTION_TYPE: Record<ProfileName, string | undefined> = { yds: 'NONE', aws: undefined };

// Seed: a letter first, letters/digits/hyphens, no trailing hyphen. AWS-M: [a-zA-Z0-9_.-]+.
const STREAM_NAMES: Record<ProfileName, { valid: string[]; invalid: string[] }> = {
  yds: { valid: ['Ab', 'a-1-b', 'Z9'], invalid: ['1abc', 'abc-', '-abc', 'a_b', 'a.b', 'a b', 'é'] },
  aws: { valid: ['a_b.c', '1abc', 'abc-', '-abc', '...', '_'], invalid: ['a b', 'a/b', 'é', 'a:b'] },
};

const errorOf = (res: ApiResponse<unknown>): ErrorBody => res.body as ErrorBody;

/** Base64 of n bytes, built once per length: the large bodies below reuse them. */
const base64Cache = new Map<number, string>();
function dataOf(n: number): string {
  let text = base64Cache.get(n);
  if (text === undefined) {
    text = Buffer.alloc(n, 0x61).toString('base64');
    base64Cache.set(n, text);
  }
  return text;
}

describe.each(['yds', 'aws'] as const)('PutRecords validation, %s profile', (name) => {
  const profile = PROFILES[name];
  const L = profile.putRecords;
  const N = profile.streamName;
  const STREAM = 'validation-stream';
  let server: RunningServer;
  let url: string;
  let ranges: ShardRange[];

  beforeAll(async () => {
    server = await startServer({ profile: name, shardWriteLimits: false });
    url = server.url;
    await createStream(url, STREAM, 3);
    ranges = await listShardRanges(url, STREAM);
  });
  afterAll(() => server.close());

  const put = (records: unknown, streamName: string = STREAM): Promise<ApiResponse<PutRecordsOutput>> =>
    call<PutRecordsOutput>(url, 'PutRecords', { StreamName: streamName, Records: records });
  const rec = (partitionKey: unknown = 'k', data: unknown = 'AA==', extra: object = {}): RecordIn => ({
    Data: data,
    PartitionKey: partitionKey,
    ...extra,
  });

  const expectOk = (res: ApiResponse<PutRecordsOutput>, count: number): void => {
    expect(res.status, res.text.slice(0, 300)).toBe(200);
    expect(res.body.FailedRecordCount).toBe(0);
    expect(res.body.Records).toHaveLength(count);
  };
  const expectInvalid = (res: ApiResponse<unknown>): void => expectError(res, profile.validation.error);

  /** One constraint violation, worded as behaviour.md 2.2 gives it: aggregated for AWS, bare for YDS. */
  const expectViolation = (res: ApiResponse<unknown>, item: string): void => {
    expectInvalid(res);
    const message = errorOf(res).message;
    expect(message).toBe(profile.validation.aggregate ? `1 validation error detected: ${item}` : item);
  };
  const expectSerialization = (res: ApiResponse<unknown>, message?: string): void => {
    expectError(res, profile.errors.serialization);
    const body = res.body as ErrorBody;
    // AWS spells the key `Message` for type errors (behaviour.md 1.1).
    expect(body.message).toBeUndefined();
    expect(typeof body.Message).toBe('string');
    if (message !== undefined) expect(body.Message).toBe(message);
  };

  describe('Records count', () => {
    it(`rejects ${L.minRecords - 1} records`, async () => {
      const res = await put(Array.from({ length: L.minRecords - 1 }, () => rec()));
      expectViolation(
        res,
        `Value '[]' at 'records' failed to satisfy constraint: Member must have length greater than or equal to ${L.minRecords}`,
      );
    });

    it(`accepts ${L.minRecords} and ${L.maxRecords} records`, async () => {
      expectOk(await put(Array.from({ length: L.minRecords }, () => rec())), L.minRecords);
      expectOk(await put(Array.from({ length: L.maxRecords }, (_, i) => rec(`k${i}`))), L.maxRecords);
    });

    it(`rejects ${L.maxRecords + 1} records`, async () => {
      const res = await put(Array.from({ length: L.maxRecords + 1 }, (_, i) => rec(`k${i}`)));
      expectInvalid(res);
      expect(errorOf(res).message).toContain(
        `at 'records' failed to satisfy constraint: Member must have length less than or equal to ${L.maxRecords}`,
      );
    });
  });

  describe('Data size', () => {
    it('accepts empty Data', async () => {
      expectOk(await put([rec('k', '')]), 1);
    });

    it(`accepts ${L.maxDataBytes - 1} and ${L.maxDataBytes} bytes`, async () => {
      expectOk(await put([rec('k', dataOf(L.maxDataBytes - 1))]), 1);
      expectOk(await put([rec('k', dataOf(L.maxDataBytes))]), 1);
    });

    it(`rejects ${L.maxDataBytes + 1} bytes`, async () => {
      const n = L.maxDataBytes + 1;
      expectViolation(
        await put([rec('k', dataOf(n))]),
        `Value 'java.nio.HeapByteBuffer[pos=0 lim=${n} cap=${n}]' at 'records.1.member.data' failed to satisfy constraint: Member must have length less than or equal to ${L.maxDataBytes}`,
      );
    });
  });

  describe('whole request size (Data + UTF-8 PartitionKey bytes)', () => {
    // The longest valid key of 2-byte characters: its UTF-8 bytes are twice its length.
    const key = 'é'.repeat(L.maxPartitionKeyLength);
    const keyBytes = Buffer.byteLength(key, 'utf8');
    const count = Math.ceil(L.maxRequestBytes / L.maxDataBytes) + 1;

    /** `count` records whose Data plus UTF-8 keys add up to exactly `total` bytes. */
    function recordsOfTotal(total: number): RecordIn[] {
      const data = total - count * keyBytes;
      const each = Math.floor(data / count);
      return Array.from({ length: count }, (_, i) =>
        rec(key, dataOf(i === count - 1 ? data - each * (count - 1) : each)),
      );
    }

    it('the fixture: Data alone is under the limit, keys make up the difference', () => {
      expect(count).toBeLessThanOrEqual(L.maxRecords);
      expect(keyBytes).toBeGreaterThan(key.length);
      const over = recordsOfTotal(L.maxRequestBytes + 1);
      const dataBytes = over.reduce((sum, r) => sum + Buffer.from(r.Data as string, 'base64').length, 0);
      expect(dataBytes + count * keyBytes).toBe(L.maxRequestBytes + 1);
      expect(dataBytes + count * key.length).toBeLessThan(L.maxRequestBytes);
      expect(
        Math.max(...over.map((r) => Buffer.from(r.Data as string, 'base64').length)),
      ).toBeLessThanOrEqual(L.maxDataBytes);
    });

    it(`accepts ${L.maxRequestBytes - 1} and exactly ${L.maxRequestBytes} bytes`, async () => {
      expectOk(await put(recordsOfTotal(L.maxRequestBytes - 1)), count);
      expectOk(await put(recordsOfTotal(L.maxRequestBytes)), count);
    });

    it(`rejects ${L.maxRequestBytes + 1} bytes with ${profile.errors.invalidArgument.type}, counting the keys`, async () => {
      expectError(await put(recordsOfTotal(L.maxRequestBytes + 1)), profile.errors.invalidArgument);
    });
  });

  describe('PartitionKey length', () => {
    const max = L.maxPartitionKeyLength;
    const tooLong = (key: string): string =>
      `Value '${key}' at 'records.1.member.partitionKey' failed to satisfy constraint: Member must have length less than or equal to ${max}`;

    it('counts UTF-16 code units (the profile says so)', () => {
      expect(L.partitionKeyLengthUnit).toBe('utf16');
      expect('😀'.length).toBe(2);
    });

    it(`rejects length ${L.minPartitionKeyLength - 1}`, async () => {
      expectViolation(
        await put([rec('')]),
        `Value '' at 'records.1.member.partitionKey' failed to satisfy constraint: Member must have length greater than or equal to ${L.minPartitionKeyLength}`,
      );
    });

    it.each([
      ['1 ASCII character', 'k'],
      ['max ASCII characters', 'k'.repeat(max)],
      ['max 2-byte characters (twice as many UTF-8 bytes)', 'é'.repeat(max)],
      ['max/2 astral characters (max UTF-16 units)', '😀'.repeat(max / 2)],
    ])('accepts %s', async (_label, key) => {
      expectOk(await put([rec(key)]), 1);
    });

    it.each([
      ['max+1 ASCII characters', 'k'.repeat(max + 1)],
      ['max+1 2-byte characters', 'é'.repeat(max + 1)],
      ['max/2 astral characters and one more unit', '😀'.repeat(max / 2) + 'a'],
      ['max/2+1 astral characters', '😀'.repeat(max / 2 + 1)],
    ])('rejects %s', async (_label, key) => {
      expectViolation(await put([rec(key)]), tooLong(key));
    });
  });

  describe('ExplicitHashKey', () => {
    it('accepts 0 and 2^128-1 and routes them to the first and last shard', async () => {
      const res = await put([
        rec('k', 'AA==', { ExplicitHashKey: '0' }),
        rec('k', 'AA==', { ExplicitHashKey: L.maxHashKey.toString() }),
      ]);
      expectOk(res, 2);
      expect(res.body.Records.map((r) => r.ShardId)).toEqual([
        shardFor(ranges, 0n),
        shardFor(ranges, L.maxHashKey),
      ]);
      expect(res.body.Records[0]!.ShardId).not.toBe(res.body.Records[1]!.ShardId);
    });

    it('routes by the explicit key, not the partition key', async () => {
      const key = 'a';
      const own = shardFor(ranges, hashKeyOf(key));
      const other = ranges.find((r) => r.shardId !== own)!;
      const res = await put([rec(key, 'AA==', { ExplicitHashKey: other.start.toString() })]);
      expectOk(res, 1);
      expect(res.body.Records[0]!.ShardId).toBe(other.shardId);
    });

    it.each([
      ['2^128', () => (L.maxHashKey + 1n).toString()],
      ['39 nines', () => '9'.repeat(39)],
    ])(`rejects %s with ${profile.errors.invalidArgument.type}`, async (_label, value) => {
      expectError(
        await put([rec('k', 'AA==', { ExplicitHashKey: value() })]),
        profile.errors.invalidArgument,
      );
    });

    it.each(['01', '-1', '+1', 'abc', '', ' 1', '1'.padEnd(40, '0')])(
      `rejects %j with ${profile.validation.error.type}`,
      async (value) => {
        expectViolation(
          await put([rec('k', 'AA==', { ExplicitHashKey: value })]),
          `Value '${value}' at 'records.1.member.explicitHashKey' failed to satisfy constraint: Member must satisfy regular expression pattern: ${L.explicitHashKeyPattern}`,
        );
      },
    );
  });

  describe('StreamName', () => {
    it(`rejects length ${N.minLength - 1}`, async () => {
      expectInvalid(await put([rec()], ''));
    });

    it(`accepts length ${N.minLength} and ${N.maxLength}`, async () => {
      for (const streamName of ['s'.repeat(N.minLength), 's'.repeat(N.maxLength)]) {
        await createStream(url, streamName, 1);
        expectOk(await put([rec()], streamName), 1);
      }
    });

    it(`rejects length ${N.maxLength + 1}`, async () => {
      const streamName = 's'.repeat(N.maxLength + 1);
      expectViolation(
        await put([rec()], streamName),
        `Value '${streamName}' at 'streamName' failed to satisfy constraint: Member must have length less than or equal to ${N.maxLength}`,
      );
      expectInvalid(await call(url, 'CreateStream', { StreamName: streamName, ShardCount: 1 }));
    });

    it.each(STREAM_NAMES[name].valid)('accepts the name %j', async (streamName) => {
      await createStream(url, streamName, 1);
      expectOk(await put([rec()], streamName), 1);
    });

    it.each(STREAM_NAMES[name].invalid)('rejects the name %j', async (streamName) => {
      expectViolation(
        await put([rec()], streamName),
        `Value '${streamName}' at 'streamName' failed to satisfy constraint: Member must satisfy regular expression pattern: ${N.patternAsDocumented}`,
      );
      expectInvalid(await call(url, 'CreateStream', { StreamName: streamName, ShardCount: 1 }));
    });

    it(`answers ${profile.errors.resourceNotFound.type} for a stream that does not exist`, async () => {
      const res = await put([rec()], 'no-such-stream');
      expectError(res, profile.errors.resourceNotFound);
      expect(errorOf(res).message).toContain('no-such-stream');
    });
  });

  describe('missing, null and wrongly typed fields', () => {
    it('rejects missing or null Records', async () => {
      const item = "Value null at 'records' failed to satisfy constraint: Member must not be null";
      expectViolation(await call(url, 'PutRecords', { StreamName: STREAM }), item);
      expectViolation(await put(null), item);
    });

    it.each([
      ['PartitionKey', 'partitionKey', { Data: 'AA==' }],
      ['PartitionKey (null)', 'partitionKey', { Data: 'AA==', PartitionKey: null }],
      ['Data', 'data', { PartitionKey: 'k' }],
      ['Data (null)', 'data', { PartitionKey: 'k', Data: null }],
    ])('rejects a record without %s', async (_label, path, record) => {
      expectViolation(
        await put([record]),
        `Value null at 'records.1.member.${path}' failed to satisfy constraint: Member must not be null`,
      );
    });

    it('rejects a null record with a 400, not a server failure', async () => {
      // A client's bad input must never be a 500 (KNOWN SERVER BUG at the time of writing: writeRecords
      // dereferences the null entry and the handler answers 500 InternalFailureException).
      const res = await put([null]);
      expect(res.status).toBe(400);
      expect([profile.validation.error.type, profile.errors.serialization.type]).toContain(
        errorOf(res).__type,
      );
    });

    it('rejects a request without StreamName', async () => {
      expectError(await call(url, 'PutRecords', { Records: [rec()] }), profile.errors.invalidArgument);
    });

    it('rejects Records given as a string or a map (SerializationException)', async () => {
      expectSerialization(await put('abc'), 'Expected list or null');
      expectSerialization(await put({ a: 1 }), 'Start of structure or map found where not expected.');
    });

    it.each([
      ['PartitionKey as a number', rec(5)],
      ['PartitionKey as a list', rec(['k'])],
      ['Data as a number', rec('k', 5)],
      ['Data as a boolean', rec('k', true)],
      ['Data as a map', rec('k', { a: 1 })],
      ['ExplicitHashKey as a number', rec('k', 'AA==', { ExplicitHashKey: 5 })],
    ])('rejects %s (SerializationException)', async (_label, record) => {
      expectSerialization(await put([record]));
    });

    it('rejects StreamName as a number (SerializationException)', async () => {
      expectSerialization(await put([rec()], 5 as unknown as string));
    });

    it('rejects Data that is not strict base64 (SerializationException)', async () => {
      // behaviour.md 2.1 quotes AWS's message for a length that is not a multiple of 4 (KL-T, V-AWS).
      expectSerialization(
        await put([rec('k', 'abc')]),
        "'abc' can not be converted to a Blob: Base64 encoded length is expected a multiple of 4 bytes but found: 3",
      );
      for (const bad of ['ab!=', 'ab-_', 'A===', '=AAA', 'AA=A']) {
        const res = await put([rec('k', bad)]);
        expectSerialization(res);
        expect(errorOf(res).Message).toContain(`'${bad}' can not be converted to a Blob`);
      }
    });
  });

  describe('several violations at once (behaviour.md 2.2)', () => {
    const items = [
      `Value '' at 'records.1.member.partitionKey' failed to satisfy constraint: Member must have length greater than or equal to ${L.minPartitionKeyLength}`,
      `Value '' at 'records.1.member.explicitHashKey' failed to satisfy constraint: Member must satisfy regular expression pattern: ${L.explicitHashKeyPattern}`,
      `Value '' at 'streamName' failed to satisfy constraint: Member must satisfy regular expression pattern: ${N.patternAsDocumented}`,
      `Value '' at 'streamName' failed to satisfy constraint: Member must have length greater than or equal to ${N.minLength}`,
    ];

    it(
      profile.validation.aggregate ? 'aggregates them as "N validation errors detected: ..."' : 'reports one',
      async () => {
        const res = await put([rec('', '', { ExplicitHashKey: '' })], '');
        expectInvalid(res);
        const message = errorOf(res).message!;
        if (profile.validation.aggregate) {
          const prefix = `${items.length} validation errors detected: `;
          expect(message.startsWith(prefix)).toBe(true);
          // AWS's order is not verified (behaviour.md 2.2), so compare as sets.
          expect(new Set(message.slice(prefix.length).split('; '))).toEqual(new Set(items));
        } else {
          expect(items).toContain(message);
        }
      },
    );

    it(`reports at most ${profile.validation.maxErrors}`, async () => {
      const res = await put(Array.from({ length: L.maxRecords + 1 }, () => rec('')));
      expectInvalid(res);
      const message = errorOf(res).message!;
      const count = message.split('failed to satisfy constraint').length - 1;
      expect(count).toBe(profile.validation.maxErrors);
      if (profile.validation.aggregate) {
        expect(message.startsWith(`${profile.validation.maxErrors} validation errors detected: `)).toBe(true);
      }
    });
  });

  describe('successful responses', () => {
    it('answer entry i for record i, in request order', async () => {
      const records = Array.from({ length: 9 }, (_, i) =>
        rec(`key-${i}`, Buffer.from(`payload ${i}`).toString('base64')),
      );
      const res = await put(records);
      expectOk(res, records.length);
      expect(res.body.EncryptionType).toBe(ENCRYPTION_TYPE[name]);
      expect('EncryptionType' in res.body).toBe(ENCRYPTION_TYPE[name] !== undefined);
      for (const [i, entry] of res.body.Records.entries()) {
        const record = records[i]!;
        expect(entry.ErrorCode).toBeUndefined();
        expect(entry.ShardId).toBe(shardFor(ranges, hashKeyOf(record.PartitionKey as string)));
        expect(entry.SequenceNumber).toMatch(/^(?:0|[1-9]\d{0,128})$/);
        // Read the record back at its sequence number: it is record i.
        const iterator = await call<{ ShardIterator: string }>(url, 'GetShardIterator', {
          StreamName: STREAM,
          ShardId: entry.ShardId,
          ShardIteratorType: 'AT_SEQUENCE_NUMBER',
          StartingSequenceNumber: entry.SequenceNumber,
        });
        const got = await call<{ Records: { SequenceNumber: string; PartitionKey: string; Data: string }[] }>(
          url,
          'GetRecords',
          { ShardIterator: iterator.body.ShardIterator, Limit: 1 },
        );
        expect(got.body.Records.map((r) => [r.SequenceNumber, r.PartitionKey, r.Data])).toEqual([
          [entry.SequenceNumber, record.PartitionKey, record.Data],
        ]);
      }
    });

    it('give sequence numbers that increase within a shard, in array order and across calls', async () => {
      const batch = (tag: string): RecordIn[] =>
        Array.from({ length: 20 }, (_, i) => rec(`${tag}-${i % 4}`, dataOf(i % 3)));
      const first = await put(batch('x'));
      const second = await put(batch('x'));
      expectOk(first, 20);
      expectOk(second, 20);
      const byShard = new Map<string, bigint[]>();
      for (const entry of [...first.body.Records, ...second.body.Records]) {
        const list = byShard.get(entry.ShardId!) ?? [];
        list.push(BigInt(entry.SequenceNumber!));
        byShard.set(entry.ShardId!, list);
      }
      for (const seqs of byShard.values()) {
        for (let i = 1; i < seqs.length; i++) expect(seqs[i]! > seqs[i - 1]!).toBe(true);
      }
    });

    it('route every key to the shard whose ListShards range holds MD5(key)', async () => {
      const keys = ['a', 'b', 'e', 'f', 'é', '😀', 'partition-key-42'];
      const res = await put(keys.map((k) => rec(k)));
      expectOk(res, keys.length);
      expect(res.body.Records.map((r) => r.ShardId)).toEqual(keys.map((k) => shardFor(ranges, hashKeyOf(k))));
    });
  });
});
