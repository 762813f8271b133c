import { describe, expect, test } from 'vitest';
import type { Expectation } from '../../src/checks/check.ts';
import { putRecordInvalidRequestRejected } from '../../src/checks/put-record-invalid-request-rejected.ts';
import { aws, context, exchange } from './fixtures.ts';
import { putRecordAnswer, putRecordRequest } from './put-record-fixtures.ts';

const request = putRecordRequest({ PartitionKey: 'a', SequenceNumberForOrdering: '01' });
const expectation: Expectation = {
  kind: 'rejected',
  status: 400,
  type: aws.validation.error.type,
  reason: 'SequenceNumberForOrdering "01"',
};
const judge = (status: number, body: unknown, exp: Expectation | null = expectation) =>
  putRecordInvalidRequestRejected.judge(
    context(aws, exchange(request, status, body), exp ? { expectation: exp } : {}),
  );

describe('put-record.invalid-request-rejected', () => {
  test('passes the documented status and type, also namespaced', () => {
    expect(judge(400, { __type: 'ValidationException', message: 'm' })).toBeUndefined();
    expect(judge(400, { __type: 'com.amazon.coral.validate#ValidationException' })).toBeUndefined();
  });

  test('fails an accepted invalid request, naming what came back', () => {
    expect(judge(200, putRecordAnswer('shardId-000000000001', '7', aws))).toMatchObject({
      expected: 'HTTP 400 ValidationException for SequenceNumberForOrdering "01"',
      received: 'HTTP 200 with ShardId "shardId-000000000001", SequenceNumber "7"',
    });
  });

  test('fails the wrong error type and the wrong status', () => {
    expect(judge(400, { __type: 'InvalidArgumentException', message: 'm' })?.received).toMatch(
      /InvalidArgumentException/,
    );
    expect(judge(500, { __type: 'ValidationException' })).toBeDefined();
  });

  test('judges only rejections of PutRecord', () => {
    expect(judge(200, {}, { kind: 'accepted' })).toBeUndefined();
    expect(judge(200, {}, null)).toBeUndefined();
    const other = exchange({ ...request, operation: 'PutRecords' }, 200, {});
    expect(putRecordInvalidRequestRejected.judge(context(aws, other, { expectation }))).toBeUndefined();
  });
});
