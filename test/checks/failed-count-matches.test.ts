import { describe, expect, test } from 'vitest';
import { failedCountMatches } from '../../src/checks/failed-count-matches.ts';
import { context, exchange, putRecordsRequest, yds } from './fixtures.ts';

const request = putRecordsRequest([{ PartitionKey: 'a' }, { PartitionKey: 'b' }, { PartitionKey: 'c' }]);
const throttled = { ErrorCode: yds.recordErrors.throughputExceeded, ErrorMessage: 'Rate exceeded for shard' };
const written = { SequenceNumber: '1', ShardId: 'shardId-000000000000' };
const judge = (count: number, entries: unknown[]) =>
  failedCountMatches.judge(
    context(
      yds,
      exchange(request, 200, { FailedRecordCount: count, Records: entries, EncryptionType: 'NONE' }),
    ),
  );

describe('put-records.failed-count-matches', () => {
  test('passes a count equal to the failed entries', () => {
    expect(judge(0, [written, written, written])).toBeUndefined();
    expect(judge(2, [throttled, written, throttled])).toBeUndefined();
  });

  test('fails a count off by one either way', () => {
    expect(judge(1, [throttled, written, throttled])).toMatchObject({
      expected: expect.stringContaining('FailedRecordCount 2'),
      received: 'FailedRecordCount 1',
    });
    expect(judge(1, [written, written, written])).toBeDefined();
  });

  test('counts explicit nulls as no error', () => {
    expect(judge(0, [{ ...written, ErrorCode: null, ErrorMessage: null }])).toBeUndefined();
  });
});
