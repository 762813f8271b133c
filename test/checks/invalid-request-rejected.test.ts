import { describe, expect, test } from 'vitest';
import type { Expectation } from '../../src/checks/check.ts';
import { invalidRequestRejected } from '../../src/checks/invalid-request-rejected.ts';
import { aws, context, exchange, putRecordsRequest, yds } from './fixtures.ts';

const request = putRecordsRequest([{ PartitionKey: '' }]);
const expectation: Expectation = {
  kind: 'rejected',
  status: yds.validation.error.status,
  type: yds.validation.error.type,
  reason: 'a PartitionKey of 0 units',
};
const judge = (status: number, body: unknown, exp: Expectation = expectation) =>
  invalidRequestRejected.judge(context(yds, exchange(request, status, body), { expectation: exp }));

describe('put-records.invalid-request-rejected', () => {
  test('passes the documented status and type, also namespaced', () => {
    expect(judge(400, { __type: yds.validation.error.type, message: 'm' })).toBeUndefined();
    expect(judge(400, { __type: `com.amazon.coral.validate#${yds.validation.error.type}` })).toBeUndefined();
  });

  test('fails an accepted invalid request', () => {
    expect(judge(200, { FailedRecordCount: 0, Records: [{}] })).toMatchObject({
      expected: `HTTP 400 ${yds.validation.error.type} for a PartitionKey of 0 units`,
      received: 'HTTP 200 with FailedRecordCount 0 and 1 Records',
    });
  });

  test('fails the wrong error type (AWS ValidationException where YDS documents InvalidArgumentException)', () => {
    expect(judge(400, { __type: aws.validation.error.type, message: 'm' })?.received).toBe(
      `HTTP 400 ${aws.validation.error.type}: m`,
    );
  });

  test('fails the right type with the wrong status', () => {
    expect(judge(500, { __type: yds.validation.error.type })).toBeDefined();
  });

  test('does not judge requests expected to be accepted', () => {
    expect(judge(400, { __type: 'X' }, { kind: 'accepted' })).toBeUndefined();
  });
});
