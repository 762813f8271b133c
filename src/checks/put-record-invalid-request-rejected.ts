import type { Check } from './check.ts';
import { isPutRecord } from './put-record-view.ts';
import { refusedAsExpected } from './view.ts';

/** A PutRecord over a documented limit is refused with the error the profile documents for that limit. */
export const putRecordInvalidRequestRejected: Check = {
  id: 'put-record.invalid-request-rejected',
  title: 'Invalid PutRecord requests are rejected with the documented status and error type',
  // Each case is its own divergence (its own limit, or its own request variant).
  perCase: true,
  severity: 'must',
  source:
    'AWS-M PutRecordInput (Data, PartitionKey, HashKey, SequenceNumber, StreamName shapes; Data and PartitionKey required); behaviour.md 2.1, 2.2, 5 "PutRecord" (SequenceNumberForOrdering, KL-T V-AWS)',
  judge(ctx) {
    const { exchange, expectation } = ctx;
    if (!isPutRecord(exchange) || !expectation) return undefined;
    return refusedAsExpected(this, exchange, expectation);
  },
};
