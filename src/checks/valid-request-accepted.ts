import type { Check } from './check.ts';
import { describeResponse, failure, isPutRecords } from './view.ts';

/**
 * A request within every limit (also exactly at one) is accepted: HTTP 200. Per-record failures inside
 * the 200 are documented outcomes (throttling) and judged by other checks.
 */
export const validRequestAccepted: Check = {
  id: 'put-records.valid-request-accepted',
  title: 'Requests within the documented limits, also exactly at them, are accepted',
  severity: 'must',
  perCase: true,
  source:
    'seed putrecords.md (1-500 records, 1 MB per message, 5 MB per request including keys); AWS-M limits',
  judge(ctx) {
    const { exchange, expectation } = ctx;
    if (!isPutRecords(exchange) || expectation?.kind !== 'accepted') return undefined;
    if (exchange.status === 200) return undefined;
    return failure(
      this,
      'HTTP 200: the request is within every documented limit',
      describeResponse(exchange),
    );
  },
};
