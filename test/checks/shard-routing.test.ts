import { describe, expect, test } from 'vitest';
import { shardRouting } from '../../src/checks/shard-routing.ts';
import { hashKeyOf } from '../../src/protocol/hash-key.ts';
import {
  context,
  correctResult,
  exchange,
  putRecordsRequest,
  SHARDS,
  shardFor,
  yds,
  type SentRecord,
} from './fixtures.ts';

const max = yds.putRecords.maxHashKey;
// 'a', 'b', 'e', 'f' spread over shards (behaviour.md 4.1); explicit keys at both ends and a boundary.
const sent: SentRecord[] = [
  { PartitionKey: 'a' },
  { PartitionKey: 'b' },
  { PartitionKey: 'é😀' },
  { PartitionKey: 'x', ExplicitHashKey: '0' },
  { PartitionKey: 'x', ExplicitHashKey: String(max) },
  { PartitionKey: 'x', ExplicitHashKey: String(SHARDS[1]!.startingHashKey) },
  { PartitionKey: 'x', ExplicitHashKey: String(SHARDS[1]!.startingHashKey - 1n) },
];
const route = (r: SentRecord) =>
  shardFor(r.ExplicitHashKey !== undefined ? BigInt(r.ExplicitHashKey) : hashKeyOf(r.PartitionKey));
const request = putRecordsRequest(sent);
const body = correctResult(yds, sent, route);
const entries = body['Records'] as Record<string, unknown>[];
const judge = (records: unknown[], shards = SHARDS) =>
  shardRouting.judge(context(yds, exchange(request, 200, { ...body, Records: records }), { shards }));

describe('put-records.shard-routing', () => {
  test('passes records in the shards ListShards says hold their keys', () => {
    expect(new Set(entries.map((e) => e['ShardId'])).size).toBeGreaterThan(2);
    expect(judge(entries)).toBeUndefined();
  });

  test('fails a record in the wrong shard', () => {
    const wrong = entries.map((e, i) =>
      i === 1
        ? { ...e, ShardId: e['ShardId'] === SHARDS[0]!.shardId ? SHARDS[3]!.shardId : SHARDS[0]!.shardId }
        : e,
    );
    expect(judge(wrong)?.expected).toMatch(/^record 1 \(PartitionKey "b", MD5 \d+\) in shardId-/);
  });

  test('fails an ExplicitHashKey one below a boundary routed past it (a (2^128-1)/n split)', () => {
    const wrong = entries.map((e, i) => (i === 6 ? { ...e, ShardId: SHARDS[1]!.shardId } : e));
    expect(judge(wrong)?.expected).toBe(
      `record 6 (ExplicitHashKey ${SHARDS[1]!.startingHashKey - 1n}) in ${SHARDS[0]!.shardId}`,
    );
  });

  test('fails reversed Records', () => {
    expect(judge([...entries].reverse())).toBeDefined();
  });

  test('ignores failed entries and needs the shards to judge', () => {
    expect(
      judge(entries.map((e, i) => (i === 1 ? { ErrorCode: 'X', ErrorMessage: 'm' } : e))),
    ).toBeUndefined();
    expect(
      shardRouting.judge(context(yds, exchange(request, 200, { ...body, Records: [...entries].reverse() }))),
    ).toBeUndefined();
  });
  test('does not judge where an accepted invalid ExplicitHashKey landed (invalid-request-rejected does)', () => {
    // kinesalite accepts '01' and routes it by value (behaviour.md 6, row 13); '+1' and 2^128 have no
    // documented shard either. Any ShardId is left to the check that judges invalid requests.
    for (const ehk of ['01', '+1', ' 1', '1e3', String(max + 1n)]) {
      const invalid: SentRecord[] = [{ PartitionKey: 'a', ExplicitHashKey: ehk }];
      const res = correctResult(yds, invalid, () => SHARDS[3]!.shardId);
      const ex = exchange(putRecordsRequest(invalid), 200, res);
      expect(shardRouting.judge(context(yds, ex, { shards: SHARDS }))).toBeUndefined();
    }
  });
});
