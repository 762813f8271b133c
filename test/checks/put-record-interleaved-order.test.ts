import { describe, expect, test } from 'vitest';
import type { HistoryContext, HistoryFailure } from '../../src/checks/history-check.ts';
import { putRecordInterleavedOrder } from '../../src/checks/put-record-interleaved-order.ts';
import type { WriteCall } from '../../src/checks/write-history.ts';
import { exchange, yds } from './fixtures.ts';
import { STREAM, TWO_SHARDS } from './history-fixtures.ts';
import { putRecordAnswer, putRecordRequest } from './put-record-fixtures.ts';

const record = { partitionKey: 'k', data: new Uint8Array([1]) };
const SHARD = 'shardId-000000000000';

function putRecord(seq: number, shardId = SHARD): WriteCall {
  const ex = exchange(putRecordRequest({ PartitionKey: 'k' }), 200, putRecordAnswer(shardId, String(seq)));
  return { writer: 'w0', operation: 'PutRecord', records: [record], exchange: ex };
}

function putRecords(...seqs: number[]): WriteCall {
  const request = { operation: 'PutRecords' as const, wire: 'json' as const, body: {} };
  const body = {
    FailedRecordCount: 0,
    Records: seqs.map((s) => ({ ShardId: SHARD, SequenceNumber: String(s) })),
    EncryptionType: 'NONE',
  };
  return {
    writer: 'w0',
    operation: 'PutRecords',
    records: seqs.map(() => record),
    exchange: exchange(request, 200, body),
  };
}

const judge = (...calls: WriteCall[]) =>
  putRecordInterleavedOrder.judge({
    profile: yds,
    stream: STREAM,
    shards: TWO_SHARDS,
    calls,
  } satisfies HistoryContext);

describe('put-record.interleaved-sequence-order', () => {
  test('passes sequence numbers increasing across PutRecord and PutRecords calls', () => {
    expect(judge(putRecord(1), putRecords(2, 3, 4), putRecord(9), putRecords(10))).toBeUndefined();
  });

  test('fails a PutRecord numbered below the PutRecords before it', () => {
    const failure = judge(putRecord(1), putRecords(5, 6), putRecord(4)) as HistoryFailure;
    expect(failure.expected).toMatch(
      /record 0 of call 2 .*written by PutRecord, with a sequence number above 6/,
    );
    expect(failure.received).toBe(`SequenceNumber 4 in ${SHARD}`);
  });

  test('fails a PutRecords record below the PutRecord before it, and a repeated number', () => {
    expect(judge(putRecord(5), putRecords(6, 3))).toBeDefined();
    expect(judge(putRecords(1, 2), putRecord(2))).toBeDefined();
  });

  test('different shards are not compared', () => {
    expect(judge(putRecords(5), putRecord(1, 'shardId-000000000001'), putRecord(6))).toBeUndefined();
  });

  test('cannot judge a history without PutRecord and PutRecords one after the other in a shard', () => {
    expect(judge(putRecord(1), putRecord(2))).toEqual({ cannotJudge: expect.stringMatching(/no shard/) });
    expect(judge(putRecords(1), putRecord(2, 'shardId-000000000001'))).toHaveProperty('cannotJudge');
  });
});
