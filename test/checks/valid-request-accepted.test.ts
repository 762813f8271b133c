import { describe, expect, test } from 'vitest';
import { validRequestAccepted } from '../../src/checks/valid-request-accepted.ts';
import { context, exchange, putRecordsRequest, yds } from './fixtures.ts';

const max = yds.putRecords.maxPartitionKeyLength;
const request = putRecordsRequest([{ PartitionKey: 'k'.repeat(max) }]);
const judge = (status: number, body: unknown) =>
  validRequestAccepted.judge(
    context(yds, exchange(request, status, body), { expectation: { kind: 'accepted' } }),
  );

describe('put-records.valid-request-accepted', () => {
  test('passes a 200, also one with throttled entries (a documented per-record outcome)', () => {
    expect(judge(200, { FailedRecordCount: 0, Records: [{}] })).toBeUndefined();
    expect(
      judge(200, { FailedRecordCount: 1, Records: [{ ErrorCode: yds.recordErrors.throughputExceeded }] }),
    ).toBeUndefined();
  });

  test('fails an off-by-one rejection at the exact limit, naming the error', () => {
    const f = judge(400, {
      __type: yds.validation.error.type,
      message: `Partition key is too long (${max})`,
    });
    expect(f?.received).toBe(`HTTP 400 ${yds.validation.error.type}: Partition key is too long (${max})`);
    expect(f?.expected).toMatch(/HTTP 200/);
  });

  test('fails a 500 without a body', () => {
    expect(judge(500, undefined)?.received).toBe('HTTP 500 with an empty body');
  });
});
