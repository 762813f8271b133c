/**
 * GetShardIterator and GetRecords requests judged one exchange at a time against what the suite expected of
 * each (the generator's Expectation, read from the profile): refused with the documented status and error
 * type, or accepted with the documented answer.
 */
import type { Profile } from '../profiles/profile.ts';
import type { OperationName } from '../protocol/operations.ts';
import type { Check } from './check.ts';
import { describeReadAnswer, showValue } from './shard-reads.ts';
import { errorType, failure, isObject } from './view.ts';

interface RejectedRule {
  readonly operation: OperationName;
  readonly id: string;
  readonly title: string;
  readonly source: string;
  readonly skipReason?: (profile: Profile) => string | undefined;
}

function rejectedCheck(rule: RejectedRule): Check {
  return {
    id: rule.id,
    title: rule.title,
    severity: 'must',
    source: rule.source,
    // Each case is a limit or rule of its own: every one that fails is a divergence of its own.
    perCase: true,
    ...(rule.skipReason ? { skipReason: rule.skipReason } : {}),
    judge(ctx) {
      const { exchange, expectation } = ctx;
      if (exchange.request.operation !== rule.operation || expectation?.kind !== 'rejected') return undefined;
      if (exchange.status === expectation.status && errorType(exchange.body) === expectation.type)
        return undefined;
      return failure(
        this,
        `HTTP ${expectation.status} ${expectation.type} for ${expectation.reason}`,
        describeReadAnswer(exchange),
      );
    },
  };
}

export const getShardIteratorRejected = rejectedCheck({
  operation: 'GetShardIterator',
  id: 'get-shard-iterator.invalid-request-rejected',
  title: 'Invalid GetShardIterator requests are refused with the documented status and error type',
  source:
    'behaviour.md 5 GetShardIterator (KL-T, V-AWS historical: unknown shard or stream ResourceNotFoundException; a missing or superfluous StartingSequenceNumber, a missing Timestamp, a sequence number of another shard InvalidArgumentException) and 6 row 25 (YDS: the exact shard id only); AWS-M GetShardIteratorInput constraints (SequenceNumber pattern, ShardIteratorType enum)',
});

export const getRecordsRejected = rejectedCheck({
  operation: 'GetRecords',
  id: 'get-records.invalid-request-rejected',
  title: 'Invalid GetRecords requests are refused with the documented status and error type',
  source:
    'behaviour.md 5 GetRecords and 6 row 29b (Limit out of 1..10000: ValidationException; YDS reads Limit 0 as the default); KL-T getRecords (V-AWS historical: "Invalid ShardIterator." InvalidArgumentException; an iterator of a deleted stream ResourceNotFoundException); AWS-M GetRecordsInput constraints',
});

/**
 * The longest the suite waits for an iterator to expire: the whole suite has a budget of seconds, so a
 * target whose iterators live for AWS's 5 minutes is not waited for.
 */
export const EXPIRY_WAIT_BUDGET_MS = 5_000;

export const expiredIteratorRejected = rejectedCheck({
  operation: 'GetRecords',
  id: 'get-records.expired-iterator-rejected',
  title: 'GetRecords with an expired iterator is refused with ExpiredIteratorException',
  source:
    'AWS-M GetShardIterator ("A shard iterator expires 5 minutes after it is returned") and GetRecords errors (ExpiredIteratorException); behaviour.md 5 GetRecords (KL-T: "Iterator expired. ... tolerated delay of 300000 milliseconds.")',
  skipReason: (profile) =>
    profile.iteratorTtlMs > EXPIRY_WAIT_BUDGET_MS
      ? `iterators live for ${profile.iteratorTtlMs / 1000} s (profile ${profile.name}), longer than the ${EXPIRY_WAIT_BUDGET_MS / 1000} s the suite waits for one to expire`
      : undefined,
});

/** AWS-M ShardIterator: min 1, max 512. */
const ITERATOR_LENGTH = { min: 1, max: 512 } as const;

export const getShardIteratorAccepted: Check = {
  id: 'get-shard-iterator.valid-request-accepted',
  title:
    'Valid GetShardIterator requests get an iterator: HTTP 200 with a ShardIterator of 1 to 512 characters',
  severity: 'must',
  perCase: true,
  source:
    'AWS-M GetShardIteratorOutput (ShardIterator: min 1, max 512); behaviour.md 5 GetShardIterator (short shard ids accepted) and 6 row 25',
  judge(ctx) {
    const { exchange, expectation } = ctx;
    if (exchange.request.operation !== 'GetShardIterator' || expectation?.kind !== 'accepted')
      return undefined;
    const expected = `HTTP 200 with a ShardIterator of ${ITERATOR_LENGTH.min} to ${ITERATOR_LENGTH.max} characters`;
    if (exchange.status !== 200) return failure(this, expected, describeReadAnswer(exchange));
    const iterator = isObject(exchange.body) ? exchange.body['ShardIterator'] : undefined;
    if (typeof iterator !== 'string')
      return failure(
        this,
        expected,
        `HTTP 200 with ShardIterator ${iterator === undefined ? 'absent' : showValue(iterator)}`,
      );
    if (iterator.length < ITERATOR_LENGTH.min || iterator.length > ITERATOR_LENGTH.max)
      return failure(this, expected, `HTTP 200 with a ShardIterator of ${iterator.length} characters`);
    return undefined;
  },
};
