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
import { PROTOCOL_CHECKS } from './protocol-answer.ts';
import { streamArnAccepted, streamArnFormat, streamArnWithName } from './lifecycle-arn.ts';
import { creatingThenActive, writeWhileCreating } from './lifecycle-creation.ts';
import { deletedStream, missingStream } from './lifecycle-gone.ts';
import type { ArnContext, CreationContext, GoneContext } from './lifecycle-view.ts';
import { putRecordInterleavedOrder } from './put-record-interleaved-order.ts';
import { putRecordInvalidRequestRejected } from './put-record-invalid-request-rejected.ts';
import { putRecordResponseSchema } from './put-record-response-schema.ts';
import { putRecordSequenceAboveOrdering } from './put-record-sequence-above-ordering.ts';
import { putRecordShardRouting } from './put-record-shard-routing.ts';
import { putRecordValidRequestAccepted } from './put-record-valid-request-accepted.ts';
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
import { childrenNameParents } from './children-name-parents.ts';
import { closedShardEnd } from './closed-shard-end.ts';
import { hashRangesCover } from './hash-ranges-cover.ts';
import { hashRangesSplit } from './hash-ranges-split.ts';
import { keyOrderAcrossShards } from './key-order-across-shards.ts';
import {
  describeStreamLimitBounds,
  listShardsMaxResultsBounds,
  listStreamsLimitBounds,
} from './limit-bounds.ts';
import type { ListingContext } from './listing-history.ts';
import {
  describeStreamHasMoreShardsMatches,
  listShardsNextTokenMatches,
  listStreamsHasMoreStreamsMatches,
} from './more-flag-matches.ts';
import { nextTokenWithStreamName } from './next-token-with-stream-name.ts';
import { openCountAgrees } from './open-count-agrees.ts';
import {
  describeStreamPageSizeHonoured,
  listShardsPageSizeHonoured,
  listStreamsPageSizeHonoured,
} from './page-size-honoured.ts';
import {
  describeStreamPagesComplete,
  listShardsPagesComplete,
  listStreamsPagesComplete,
} from './pages-complete.ts';
import { parentsClosed } from './parents-closed.ts';
import { rangesCover } from './ranges-cover.ts';
import type { ReshardingContext } from './resharding-history.ts';
import { routesToOpenShards } from './routes-to-open-shards.ts';
import { listShardsShardFilter, reshardingShardFilter } from './shard-filter.ts';
import { uniformScaling } from './uniform-scaling.ts';
import { writeDuringTransition } from './write-during-transition.ts';

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
  'put-record.response-schema',
  'put-record.invalid-request-rejected',
  'put-record.valid-request-accepted',
  'put-record.shard-routing',
  'put-record.sequence-above-ordering',
  'protocol.non-post-method',
  'protocol.missing-content-type',
  'protocol.amz-json-1-0',
  'protocol.unknown-content-type',
  'protocol.unknown-operation',
  'protocol.wrong-service-prefix',
  'protocol.malformed-body',
  'protocol.empty-body',
  'lifecycle.stream-arn-format',
  'list-shards.max-results-bounds',
  'list-shards.next-token-with-stream-name',
  'describe-stream.limit-bounds',
  'list-streams.limit-bounds',
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
  'put-record.response-schema': putRecordResponseSchema,
  'put-record.invalid-request-rejected': putRecordInvalidRequestRejected,
  'put-record.valid-request-accepted': putRecordValidRequestAccepted,
  'put-record.shard-routing': putRecordShardRouting,
  'put-record.sequence-above-ordering': putRecordSequenceAboveOrdering,
  'protocol.non-post-method': PROTOCOL_CHECKS.nonPost,
  'protocol.missing-content-type': PROTOCOL_CHECKS.missingContentType,
  'protocol.amz-json-1-0': PROTOCOL_CHECKS.amzJson10,
  'protocol.unknown-content-type': PROTOCOL_CHECKS.unknownContentType,
  'protocol.unknown-operation': PROTOCOL_CHECKS.unknownOperation,
  'protocol.wrong-service-prefix': PROTOCOL_CHECKS.wrongService,
  'protocol.malformed-body': PROTOCOL_CHECKS.malformedBody,
  'protocol.empty-body': PROTOCOL_CHECKS.emptyBody,
  'lifecycle.stream-arn-format': streamArnFormat,
  'list-shards.max-results-bounds': listShardsMaxResultsBounds,
  'list-shards.next-token-with-stream-name': nextTokenWithStreamName,
  'describe-stream.limit-bounds': describeStreamLimitBounds,
  'list-streams.limit-bounds': listStreamsLimitBounds,
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
  'put-record.interleaved-sequence-order',
  'lifecycle.creating-then-active',
  'lifecycle.write-while-creating',
  'lifecycle.missing-stream',
  'lifecycle.deleted-stream',
  'lifecycle.stream-arn-accepted',
  'lifecycle.stream-arn-with-name',
  'list-shards.pages-complete',
  'list-shards.page-size-honoured',
  'list-shards.next-token-matches',
  'list-shards.shard-filter',
  'describe-stream.pages-complete',
  'describe-stream.page-size-honoured',
  'describe-stream.has-more-shards-matches',
  'list-streams.pages-complete',
  'list-streams.page-size-honoured',
  'list-streams.has-more-streams-matches',
  'shards.hash-ranges-cover',
  'shards.hash-ranges-split',
  'shards.open-count-agrees',
  'resharding.routes-to-open-shards',
  'resharding.parents-closed',
  'resharding.children-name-parents',
  'resharding.ranges-cover',
  'resharding.closed-shard-end',
  'resharding.key-order-across-shards',
  'resharding.write-during-transition',
  'resharding.shard-filter',
  'update-shard-count.uniform-scaling',
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
  'put-record.interleaved-sequence-order': putRecordInterleavedOrder,
  'lifecycle.creating-then-active': creatingThenActive,
  'lifecycle.write-while-creating': writeWhileCreating,
  'lifecycle.missing-stream': missingStream,
  'lifecycle.deleted-stream': deletedStream,
  'lifecycle.stream-arn-accepted': streamArnAccepted,
  'lifecycle.stream-arn-with-name': streamArnWithName,
  'list-shards.pages-complete': listShardsPagesComplete,
  'list-shards.page-size-honoured': listShardsPageSizeHonoured,
  'list-shards.next-token-matches': listShardsNextTokenMatches,
  'list-shards.shard-filter': listShardsShardFilter,
  'describe-stream.pages-complete': describeStreamPagesComplete,
  'describe-stream.page-size-honoured': describeStreamPageSizeHonoured,
  'describe-stream.has-more-shards-matches': describeStreamHasMoreShardsMatches,
  'list-streams.pages-complete': listStreamsPagesComplete,
  'list-streams.page-size-honoured': listStreamsPageSizeHonoured,
  'list-streams.has-more-streams-matches': listStreamsHasMoreStreamsMatches,
  'shards.hash-ranges-cover': hashRangesCover,
  'shards.hash-ranges-split': hashRangesSplit,
  'shards.open-count-agrees': openCountAgrees,
  'resharding.routes-to-open-shards': routesToOpenShards,
  'resharding.parents-closed': parentsClosed,
  'resharding.children-name-parents': childrenNameParents,
  'resharding.ranges-cover': rangesCover,
  'resharding.closed-shard-end': closedShardEnd,
  'resharding.key-order-across-shards': keyOrderAcrossShards,
  'resharding.write-during-transition': writeDuringTransition,
  'resharding.shard-filter': reshardingShardFilter,
  'update-shard-count.uniform-scaling': uniformScaling,
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
  | HistoryCheck<HistoryContext>
  | HistoryCheck<ModelContext>
  | HistoryCheck<CreationContext>
  | HistoryCheck<GoneContext>
  | HistoryCheck<ArnContext>
  | HistoryCheck<ListingContext>
  | HistoryCheck<ReshardingContext>
  | HistoryCheck<ReadContext>
>;

export function isHistoryCheckId(id: string): id is HistoryCheckId {
  return Object.hasOwn(HISTORY_CHECKS, id);
}

export type { Check, CheckContext, Expectation, Failure, Severity, ShardRange } from './check.ts';
export type { CannotJudge, HistoryCheck, HistoryContext, HistoryFailure, Verdict } from './history-check.ts';
