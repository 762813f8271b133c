import { fullMatch } from '../protocol/full-match.ts';
import type { Check } from './check.ts';
import { isPutRecord, placement, sentRecord } from './put-record-view.ts';
import { failure } from './view.ts';

const DECIMAL = /^(0|[1-9]\d*)$/;

/**
 * A PutRecord given a SequenceNumberForOrdering, the way the model says to use it (the sequence number of the
 * previous record of the same partition key), gets a sequence number above it.
 */
export const putRecordSequenceAboveOrdering: Check = {
  id: 'put-record.sequence-above-ordering',
  title: 'A PutRecord with SequenceNumberForOrdering gets a greater sequence number',
  severity: 'must',
  source:
    'AWS-M PutRecordInput.SequenceNumberForOrdering ("Guarantees strictly increasing sequence numbers, for puts from the same client and to the same partition key. Usage: set the SequenceNumberForOrdering of record n to the sequence number of record n-1")',
  judge(ctx) {
    const { exchange, profile } = ctx;
    const ordering = sentRecord(exchange)?.['SequenceNumberForOrdering'];
    const placed = placement(exchange);
    if (!isPutRecord(exchange) || !placed || typeof ordering !== 'string') return undefined;
    // A value outside the pattern is an invalid request, judged by put-record.invalid-request-rejected; a
    // SequenceNumber that is no decimal, by put-record.response-schema.
    if (!fullMatch(profile.putRecord.sequenceNumberPattern).test(ordering)) return undefined;
    if (!DECIMAL.test(placed.sequenceNumber)) return undefined;
    if (BigInt(placed.sequenceNumber) > BigInt(ordering)) return undefined;
    return failure(
      this,
      `a SequenceNumber above the SequenceNumberForOrdering ${ordering}`,
      `SequenceNumber ${placed.sequenceNumber} in ${placed.shardId}`,
    );
  },
};
