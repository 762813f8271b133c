/** The registry: every check by its permanent id. A check missing here is a compile error. */
import type { Check } from './check.ts';
import { contentTypeMatchesWire } from './content-type-matches-wire.ts';
import { entryExclusive } from './entry-exclusive.ts';
import { errorCodeDocumented } from './error-code-documented.ts';
import { failedCountMatches } from './failed-count-matches.ts';
import { invalidRequestRejected } from './invalid-request-rejected.ts';
import { recordsLengthMatches } from './records-length-matches.ts';
import { requestIdPresent } from './request-id-present.ts';
import { responseSchema } from './response-schema.ts';
import { sequenceOrder } from './sequence-order.ts';
import { shardRouting } from './shard-routing.ts';
import { validRequestAccepted } from './valid-request-accepted.ts';
import {
  expiredIteratorRejected,
  getRecordsRejected,
  getShardIteratorAccepted,
  getShardIteratorRejected,
} from './read-requests.ts';
import { acknowledgedPresentOnce } from './acknowledged-present-once.ts';
import { arrivalTimestamp } from './arrival-timestamp.ts';
import { batchContinues } from './batch-continues.ts';
import { dataIdentical } from './data-identical.ts';
import { getRecordsMembers } from './get-records-members.ts';
import type { HistoryCheck, HistoryContext } from './history-check.ts';
import {
  afterSequenceNumberStart,
  atSequenceNumberStart,
  atTimestampStart,
  latestStart,
  shardStartOnEmptyShard,
  trimHorizonStart,
} from './iterator-start.ts';
import { limitHonoured } from './limit-honoured.ts';
import { messageNamesShard } from './message-names-shard.ts';
import { millisBehindLatest } from './millis-behind-latest.ts';
import { noLossNoDuplicates } from './no-loss-no-duplicates.ts';
import { perRecordFailure } from './per-record-failure.ts';
import { perWriterOrder } from './per-writer-order.ts';
import { readsEveryRecordOnce } from './reads-every-record-once.ts';
import { recordMembers } from './record-members.ts';
import { sequenceMatchesModel } from './sequence-matches-model.ts';
import type { ModelContext } from './shard-log-model.ts';
import { shardOrder } from './shard-order.ts';
import type { ReadContext } from './shard-reads.ts';
import { throttledAbsent } from './throttled-absent.ts';

export const CHECK_IDS = [
  'put-records.response-schema',
  'put-records.content-type-matches-wire',
  'put-records.request-id-present',
  'put-records.records-length-matches',
  'put-records.failed-count-matches',
  'put-records.entry-exclusive',
  'put-records.error-code-documented',
  'put-records.invalid-request-rejected',
  'put-records.valid-request-accepted',
  'put-records.shard-routing',
  'put-records.sequence-order',
  'get-shard-iterator.invalid-request-rejected',
  'get-shard-iterator.valid-request-accepted',
  'get-records.invalid-request-rejected',
  'get-records.expired-iterator-rejected',
] as const;

export type CheckId = (typeof CHECK_IDS)[number];

export const CHECKS = {
  'put-records.response-schema': responseSchema,
  'put-records.content-type-matches-wire': contentTypeMatchesWire,
  'put-records.request-id-present': requestIdPresent,
  'put-records.records-length-matches': recordsLengthMatches,
  'put-records.failed-count-matches': failedCountMatches,
  'put-records.entry-exclusive': entryExclusive,
  'put-records.error-code-documented': errorCodeDocumented,
  'put-records.invalid-request-rejected': invalidRequestRejected,
  'put-records.valid-request-accepted': validRequestAccepted,
  'put-records.shard-routing': shardRouting,
  'put-records.sequence-order': sequenceOrder,
  'get-shard-iterator.invalid-request-rejected': getShardIteratorRejected,
  'get-shard-iterator.valid-request-accepted': getShardIteratorAccepted,
  'get-records.invalid-request-rejected': getRecordsRejected,
  'get-records.expired-iterator-rejected': expiredIteratorRejected,
} as const satisfies Record<CheckId, Check>;

export function isCheckId(id: string): id is CheckId {
  return Object.hasOwn(CHECKS, id);
}

/**
 * Checks over a recorded history (writes, a read-back, a model-based run, concurrent writers) rather than
 * one exchange: the deep suites in suites/deep/.
 */
export const HISTORY_CHECK_IDS = [
  'read-back.acknowledged-present-once',
  'read-back.data-identical',
  'read-back.record-members',
  'read-back.shard-order',
  'read-back.throttled-absent',
  'throttling.per-record-failure',
  'throttling.message-names-shard',
  'throttling.batch-continues',
  'model.sequence-matches-model',
  'concurrency.no-loss-no-duplicates',
  'concurrency.per-writer-order',
  'get-shard-iterator.trim-horizon',
  'get-shard-iterator.latest',
  'get-shard-iterator.at-sequence-number',
  'get-shard-iterator.after-sequence-number',
  'get-shard-iterator.at-timestamp',
  'get-shard-iterator.at-shard-start',
  'get-records.limit-honoured',
  'get-records.reads-every-record-once',
  'get-records.millis-behind-latest',
  'get-records.record-members',
  'get-records.arrival-timestamp',
] as const;

export type HistoryCheckId = (typeof HISTORY_CHECK_IDS)[number];

export const HISTORY_CHECKS = {
  'read-back.acknowledged-present-once': acknowledgedPresentOnce,
  'read-back.data-identical': dataIdentical,
  'read-back.record-members': recordMembers,
  'read-back.shard-order': shardOrder,
  'read-back.throttled-absent': throttledAbsent,
  'throttling.per-record-failure': perRecordFailure,
  'throttling.message-names-shard': messageNamesShard,
  'throttling.batch-continues': batchContinues,
  'model.sequence-matches-model': sequenceMatchesModel,
  'concurrency.no-loss-no-duplicates': noLossNoDuplicates,
  'concurrency.per-writer-order': perWriterOrder,
  'get-shard-iterator.trim-horizon': trimHorizonStart,
  'get-shard-iterator.latest': latestStart,
  'get-shard-iterator.at-sequence-number': atSequenceNumberStart,
  'get-shard-iterator.after-sequence-number': afterSequenceNumberStart,
  'get-shard-iterator.at-timestamp': atTimestampStart,
  'get-shard-iterator.at-shard-start': shardStartOnEmptyShard,
  'get-records.limit-honoured': limitHonoured,
  'get-records.reads-every-record-once': readsEveryRecordOnce,
  'get-records.millis-behind-latest': millisBehindLatest,
  'get-records.record-members': getRecordsMembers,
  'get-records.arrival-timestamp': arrivalTimestamp,
} as const satisfies Record<
  HistoryCheckId,
  HistoryCheck<HistoryContext> | HistoryCheck<ModelContext> | HistoryCheck<ReadContext>
>;

export function isHistoryCheckId(id: string): id is HistoryCheckId {
  return Object.hasOwn(HISTORY_CHECKS, id);
}

export type { Check, CheckContext, Expectation, Failure, Severity, ShardRange } from './check.ts';
export type { CannotJudge, HistoryCheck, HistoryContext, HistoryFailure, Verdict } from './history-check.ts';
