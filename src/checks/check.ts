import type { Exchange } from '../client/exchange.ts';
import type { Profile } from '../profiles/profile.ts';

export type Severity = 'must' | 'should';

/** A shard as ListShards reports it: the oracle for routing checks. */
export interface ShardRange {
  readonly shardId: string;
  readonly startingHashKey: bigint;
  readonly endingHashKey: bigint;
}

/** What a check judges: one recorded exchange, the profile, and what the suite learned about the stream. */
export interface CheckContext {
  readonly profile: Profile;
  readonly exchange: Exchange;
  /** ListShards of the stream the request wrote to, when known. */
  readonly shards?: readonly ShardRange[];
  /** Last sequence number seen per shard before this exchange (for "keeps increasing across calls"). */
  readonly lastSequenceByShard?: ReadonlyMap<string, bigint>;
  /** What the suite expected of this request: accepted, or rejected with the named profile error. */
  readonly expectation?: Expectation;
}

export type Expectation =
  | { readonly kind: 'accepted' }
  | { readonly kind: 'rejected'; readonly status: number; readonly type: string; readonly reason: string };

/** A check's verdict when it fails: words a user can act on. */
export interface Failure {
  readonly checkId: string;
  readonly title: string;
  readonly severity: Severity;
  readonly expected: string;
  readonly received: string;
}

export interface Check {
  /** Permanent id, e.g. `put-records.failed-count-matches`. Never renamed: ledgers and reports refer to it. */
  readonly id: string;
  readonly title: string;
  readonly severity: Severity;
  /** Where the rule comes from (seed section, AWS API reference, behaviour.md row). */
  readonly source: string;
  /**
   * True when the rule is each request's own expectation (the limit or case it tests): then every case that
   * fails is a divergence of its own. Otherwise a check's failures are told apart by the expected and the
   * received outcome only (a missing header is one divergence however many cases show it).
   */
  readonly perCase?: boolean;
  /** undefined when the check applies to the profile, else the reason it is skipped. */
  skipReason?(profile: Profile): string | undefined;
  /** Judge one exchange: undefined when it holds (or does not concern this exchange), else a Failure. */
  judge(ctx: CheckContext): Failure | undefined;
}
