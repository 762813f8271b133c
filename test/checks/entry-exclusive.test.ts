import { describe, expect, test } from 'vitest';
import { entryExclusive } from '../../src/checks/entry-exclusive.ts';
import { context, exchange, putRecordsRequest, yds } from './fixtures.ts';

const request = putRecordsRequest([{ PartitionKey: 'a' }, { PartitionKey: 'b' }]);
const written = { SequenceNumber: '1', ShardId: 'shardId-000000000000' };
const failed = { ErrorCode: yds.recordErrors.internalFailure, ErrorMessage: 'Internal service failure.' };
const judge = (entries: unknown[]) =>
  entryExclusive.judge(
    context(yds, exchange(request, 200, { FailedRecordCount: 0, Records: entries, EncryptionType: 'NONE' })),
  );

describe('put-records.entry-exclusive', () => {
  test('passes written and failed entries', () => {
    expect(judge([written, failed])).toBeUndefined();
  });

  test('fails an entry with both SequenceNumber and ErrorCode', () => {
    expect(judge([written, { ...written, ...failed }])?.received).toBe(
      'result entry 1 with SequenceNumber, ShardId, ErrorCode, ErrorMessage',
    );
  });

  test('fails half pairs: a ShardId alone, an ErrorCode without ErrorMessage, an empty entry', () => {
    expect(judge([{ ShardId: 'shardId-000000000000' }])?.received).toBe('result entry 0 with ShardId');
    expect(judge([written, { ErrorCode: 'ThrottlingException' }])).toBeDefined();
    expect(judge([{}])?.received).toMatch(/none of these members/);
  });

  test('fails a failed entry that also carries empty SequenceNumber and ShardId (present, though empty)', () => {
    expect(judge([{ ...failed, SequenceNumber: '', ShardId: '' }])).toBeDefined();
  });
});
