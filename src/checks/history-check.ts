/**
 * Checks over a recorded history rather than one exchange: acknowledged writes and what a read-back of every
 * shard returned, a throttling scenario, a model-based sequence of calls, concurrent writers. Still pure: the
 * suite records the history, a check judges it from the requests sent and the documented contract.
 */
import type { Exchange } from '../client/exchange.ts';
import type { Profile } from '../profiles/profile.ts';
import type { Failure, Severity, ShardRange } from './check.ts';
import type { ShardRead } from './read-back-view.ts';
import type { WriteCall } from './write-history.ts';

/** What the history checks judge: the writes to one stream and, where recorded, a read-back of its shards. */
export interface HistoryContext {
  readonly profile: Profile;
  readonly stream: string;
  /** ListShards of the stream: the routing oracle (MD5 of the key or ExplicitHashKey against these ranges). */
  readonly shards: readonly ShardRange[];
  /** Every write, in the order it was sent (concurrent writers: each writer's calls in its own order). */
  readonly calls: readonly WriteCall[];
  /** One read of each shard from TRIM_HORIZON to its tip, after every write above had its answer. */
  readonly readBack?: readonly ShardRead[];
  /** The account the stream's ARN names, when the target reports an ARN. */
  readonly accountId?: string;
}

/** A failure, with the one exchange that shows it best: its request is replayed and its response reported. */
export interface HistoryFailure extends Failure {
  readonly evidence: Exchange;
  /** What part of the rule failed, when a check tells its failures apart (a member of a record): reports and ledgers name it. */
  readonly case?: string;
}

/**
 * The history cannot say whether the rule holds: e.g. the target never throttled, so nothing shows how it
 * throttles. Reported as skipped with the reason, never as passed.
 */
export interface CannotJudge {
  readonly cannotJudge: string;
}

/** A check that tells its failures apart may return each distinct one (see HistoryFailure.case). */
export type Verdict = HistoryFailure | readonly HistoryFailure[] | CannotJudge | undefined;

export interface HistoryCheck<C = HistoryContext> {
  /** Permanent id: never renamed, ledgers and reports refer to it. */
  readonly id: string;
  readonly title: string;
  readonly severity: Severity;
  readonly source: string;
  /** undefined when the check applies to the profile, else the reason it is skipped. */
  skipReason?(profile: Profile): string | undefined;
  /** undefined when the rule holds over the history. */
  judge(ctx: C): Verdict;
}

export function isCannotJudge(verdict: Verdict): verdict is CannotJudge {
  return verdict !== undefined && !Array.isArray(verdict) && 'cannotJudge' in verdict;
}

export function historyFailure(
  check: HistoryCheck<never>,
  expected: string,
  received: string,
  evidence: Exchange,
): HistoryFailure {
  return { checkId: check.id, title: check.title, severity: check.severity, expected, received, evidence };
}

/** The account id in an ARN (`arn:aws:kinesis:REGION:ACCOUNT:stream/NAME`), or undefined. */
export function accountOfArn(arn: unknown): string | undefined {
  if (typeof arn !== 'string') return undefined;
  const parts = arn.split(':');
  return parts.length >= 6 && parts[0] === 'arn' && parts[4] !== '' ? parts[4] : undefined;
}
