import { describe, expect, test } from 'vitest';
import { advanceSequences, sequenceOrder } from '../../src/checks/sequence-order.ts';
import { context, exchange, putRecordsRequest, yds } from './fixtures.ts';

const S0 = 'shardId-000000000000';
const S1 = 'shardId-000000000001';
const request = putRecordsRequest([{ PartitionKey: 'a' }, { PartitionKey: 'b' }, { PartitionKey: 'c' }]);
const entry = (shard: string, seq: string) => ({ SequenceNumber: seq, ShardId: shard });
// 56-digit numbers as AWS prints them: BigInt, not Number, compares them.
const big = (n: number) =>
  `4957015434357799143415913548597964923773540572656671${String(n).padStart(4, '0')}`;
const judge = (entries: unknown[], last?: Map<string, bigint>) =>
  sequenceOrder.judge(
    context(yds, exchange(request, 200, { FailedRecordCount: 0, Records: entries }), last ? { last } : {}),
  );

describe('put-records.sequence-order', () => {
  test('passes increasing numbers per shard; shards are not compared with each other', () => {
    expect(judge([entry(S0, big(5)), entry(S1, big(1)), entry(S0, big(6))])).toBeUndefined();
  });

  test('fails decreasing numbers within a shard, beyond Number precision', () => {
    expect(judge([entry(S0, big(6)), entry(S1, big(1)), entry(S0, big(5))])?.received).toBe(
      `record 2 in ${S0} with sequence number ${big(5)}`,
    );
  });

  test('fails a repeated number', () => {
    expect(judge([entry(S0, '7'), entry(S0, '7')])).toBeDefined();
  });

  test('fails a number not above the last one of an earlier call', () => {
    const last = new Map([[S0, BigInt(big(9))]]);
    expect(judge([entry(S0, big(8))], last)?.expected).toMatch(/an earlier call/);
    expect(judge([entry(S0, big(10))], last)).toBeUndefined();
  });

  test('skips failed entries between written ones', () => {
    expect(judge([entry(S0, '1'), { ErrorCode: 'X', ErrorMessage: 'm' }, entry(S0, '2')])).toBeUndefined();
  });

  test('advanceSequences keeps the highest number per shard', () => {
    const last = new Map<string, bigint>();
    advanceSequences(last, [entry(S0, '3'), entry(S1, '9'), entry(S0, '2'), { ErrorCode: 'X' }]);
    expect(last).toEqual(
      new Map([
        [S0, 3n],
        [S1, 9n],
      ]),
    );
  });
});
