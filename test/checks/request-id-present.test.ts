import { describe, expect, test } from 'vitest';
import { requestIdPresent } from '../../src/checks/request-id-present.ts';
import { context, exchange, putRecordsRequest, yds } from './fixtures.ts';

const request = putRecordsRequest([{ PartitionKey: 'a' }]);

describe('put-records.request-id-present', () => {
  test('passes a response with x-amzn-requestid, success or error', () => {
    expect(requestIdPresent.judge(context(yds, exchange(request, 200, {})))).toBeUndefined();
    expect(requestIdPresent.judge(context(yds, exchange(request, 400, { __type: 'X' })))).toBeUndefined();
  });

  test('fails a response without it, or with an empty one', () => {
    const ex = exchange(request, 400, { __type: 'X' });
    const { 'x-amzn-requestid': _, ...headers } = ex.headers;
    expect(requestIdPresent.judge(context(yds, { ...ex, headers }))?.received).toMatch(/no x-amzn-RequestId/);
    expect(
      requestIdPresent.judge(context(yds, { ...ex, headers: { ...headers, 'x-amzn-requestid': ' ' } })),
    ).toBeDefined();
    expect(requestIdPresent.severity).toBe('should');
  });
});
