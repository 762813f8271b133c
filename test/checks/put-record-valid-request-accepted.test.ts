import { describe, expect, test } from 'vitest';
import { putRecordValidRequestAccepted } from '../../src/checks/put-record-valid-request-accepted.ts';
import { context, exchange, yds } from './fixtures.ts';
import { putRecordAnswer, putRecordRequest } from './put-record-fixtures.ts';

const request = putRecordRequest({ PartitionKey: 'a'.repeat(256) });
const judge = (status: number, body: unknown) =>
  putRecordValidRequestAccepted.judge(
    context(yds, exchange(request, status, body), { expectation: { kind: 'accepted' } }),
  );

describe('put-record.valid-request-accepted', () => {
  test('passes a 200', () => {
    expect(judge(200, putRecordAnswer('shardId-000000000000'))).toBeUndefined();
  });

  test('fails a refused valid record, a throttled one included', () => {
    expect(judge(400, { __type: 'InvalidArgumentException', message: 'key too long' })?.received).toBe(
      'HTTP 400 InvalidArgumentException: key too long',
    );
    expect(
      judge(400, { __type: 'ProvisionedThroughputExceededException', message: 'Rate exceeded' }),
    ).toBeDefined();
  });

  test('judges only requests expected to be accepted', () => {
    const refused = exchange(request, 400, { __type: 'X' });
    expect(putRecordValidRequestAccepted.judge(context(yds, refused))).toBeUndefined();
  });
});
