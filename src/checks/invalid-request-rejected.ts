import type { Check } from './check.ts';
import { describeResponse, errorType, failure, isPutRecords } from './view.ts';

/** A request over a documented limit is refused with the error the profile documents for that limit. */
export const invalidRequestRejected: Check = {
  id: 'put-records.invalid-request-rejected',
  title: 'Invalid requests are rejected with the documented status and error type',
  severity: 'must',
  perCase: true,
  source: 'seed putrecords.md "Request parameters" and "Errors"; behaviour.md 2.1 (limits and their errors)',
  judge(ctx) {
    const { exchange, expectation } = ctx;
    if (!isPutRecords(exchange) || expectation?.kind !== 'rejected') return undefined;
    if (exchange.status === expectation.status && errorType(exchange.body) === expectation.type)
      return undefined;
    return failure(
      this,
      `HTTP ${expectation.status} ${expectation.type} for ${expectation.reason}`,
      describeResponse(exchange),
    );
  },
};
