import { describe, expect, test } from 'vitest';
import { errorCodeDocumented } from '../../src/checks/error-code-documented.ts';
import { aws, context, exchange, putRecordsRequest, yds } from './fixtures.ts';

const request = putRecordsRequest([{ PartitionKey: 'a' }, { PartitionKey: 'b' }]);
const written = { SequenceNumber: '1', ShardId: 'shardId-000000000000' };
const judge = (code: string, profile = yds) =>
  errorCodeDocumented.judge(
    context(
      profile,
      exchange(request, 200, {
        FailedRecordCount: 1,
        Records: [written, { ErrorCode: code, ErrorMessage: 'm' }],
      }),
    ),
  );

describe('put-records.error-code-documented', () => {
  test('passes each documented code', () => {
    for (const code of yds.recordErrorCodes) expect(judge(code)).toBeUndefined();
    for (const code of aws.recordErrorCodes) expect(judge(code, aws)).toBeUndefined();
  });

  test('fails YDB ThrottlingException and kinesis-mock InvalidArgumentException (behaviour.md 3)', () => {
    expect(judge('ThrottlingException')?.received).toBe('result entry 1 has ErrorCode "ThrottlingException"');
    expect(judge('InvalidArgumentException', aws)).toBeDefined();
  });

  test('fails a code that differs in case only', () => {
    expect(judge(yds.recordErrors.internalFailure.toLowerCase())).toBeDefined();
  });
});
