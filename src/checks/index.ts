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
} as const satisfies Record<CheckId, Check>;

export function isCheckId(id: string): id is CheckId {
  return Object.hasOwn(CHECKS, id);
}

export type { Check, CheckContext, Expectation, Failure, Severity, ShardRange } from './check.ts';
