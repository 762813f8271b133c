import type { Check } from './check.ts';
import { isPutRecord } from './put-record-view.ts';
import { describeResponse, failure } from './view.ts';

/**
 * A PutRecord within every limit (also exactly at one) is written: HTTP 200. The suite keeps its writes
 * under a shard's rate, so a throttled answer here is a failure too.
 */
export const putRecordValidRequestAccepted: Check = {
  id: 'put-record.valid-request-accepted',
  title: 'PutRecord requests within the documented limits, also exactly at them, are accepted',
  // Each case is its own divergence (its own limit, or its own request variant).
  perCase: true,
  severity: 'must',
  source:
    'AWS-M PutRecordInput limits (Data, PartitionKey 1..256, HashKey); seed putrecords.md (1 MB per message)',
  judge(ctx) {
    const { exchange, expectation } = ctx;
    if (!isPutRecord(exchange) || expectation?.kind !== 'accepted' || exchange.status === 200)
      return undefined;
    return failure(this, 'HTTP 200: the record is within every documented limit', describeResponse(exchange));
  },
};
