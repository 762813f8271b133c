/**
 * What the resharding suite records for its checks, as plain data: per stream, every write (one writer, in
 * the order sent), each change (SplitShard, MergeShards, UpdateShardCount) with ListShards before it and once
 * the stream was ACTIVE again, and at the end every shard, open and closed, read from TRIM_HORIZON to its
 * end or tip. The oracle is the listings and the requests: which shards a change closes and opens, and where
 * the MD5 of a key (or its ExplicitHashKey) belongs.
 */
import type { Exchange } from '../client/exchange.ts';
import type { Profile } from '../profiles/profile.ts';
import { hashKeyOf } from '../protocol/hash-key.ts';
import type { CannotJudge } from './history-check.ts';
import { isOpen, unreadablePage, walkShards, type ShardInfo, type Walk } from './listing-view.ts';
import type { ShardRead } from './read-back-view.ts';
import type { FilterQuery } from './shard-filter.ts';
import { describeResponse, errorType } from './view.ts';
import type { SentRecord, WriteCall } from './write-history.ts';

export type ReshardRequest =
  | { readonly kind: 'split'; readonly shardToSplit: string; readonly newStartingHashKey: bigint }
  | { readonly kind: 'merge'; readonly shardToMerge: string; readonly adjacentShardToMerge: string }
  | { readonly kind: 'scale'; readonly targetShardCount: number };

export const OPERATION_OF = {
  split: 'SplitShard',
  merge: 'MergeShards',
  scale: 'UpdateShardCount',
} as const satisfies Record<ReshardRequest['kind'], string>;

export interface Transition {
  readonly request: ReshardRequest;
  /** The SplitShard, MergeShards or UpdateShardCount exchange. */
  readonly exchange: Exchange;
  /** ListShards right before the change: every shard, every page. */
  readonly before: Walk;
  /** ListShards once the stream was ACTIVE again; absent when the change was refused or did not finish. */
  readonly after?: Walk;
  /** Why there is no `after`: the change refused, or the stream not ACTIVE again within the wait. */
  readonly unfinished?: string;
  /** Whether DescribeStreamSummary said UPDATING while the suite waited. */
  readonly sawUpdating: boolean;
  /** Positions in the stream's `calls` of the writes sent with the change and until it was ACTIVE again. */
  readonly window: readonly number[];
  /** Positions of the writes sent once it was ACTIVE again, before the next change. */
  readonly following: readonly number[];
}

export interface ReshardedStream {
  readonly stream: string;
  /** Why the suite made no change to this stream (a shard cap too low for it). */
  readonly notRun?: string;
  /** Every write to the stream, in the order sent (one writer: a write sent with a change went alone). */
  readonly calls: readonly WriteCall[];
  readonly transitions: readonly Transition[];
  /** ListShards after every change: every shard, open and closed; absent when it failed. */
  readonly final?: Walk;
  /** Each shard of `final` read from TRIM_HORIZON to its end (closed) or its tip (open). */
  readonly readBack: readonly ShardRead[];
  /** ListShards with a ShardFilter, after every change. */
  readonly filters: readonly FilterQuery[];
}

export interface ReshardingContext {
  readonly profile: Profile;
  readonly streams: readonly ReshardedStream[];
}

/** The reason a change shows the target lacks the operation: it answered UnknownOperationException. */
export function unsupported(profile: Profile, t: Transition): string | undefined {
  if (t.exchange.status === 200 || errorType(t.exchange.body) !== profile.errors.unknownOperation.type)
    return undefined;
  return `the target answered ${OPERATION_OF[t.request.kind]} with ${describeResponse(t.exchange)}`;
}

/** A change that finished, with the shards listed before and after it. */
export interface Completed {
  readonly stream: ReshardedStream;
  readonly transition: Transition;
  readonly before: readonly ShardInfo[];
  readonly after: readonly ShardInfo[];
}

/** The changes that finished and whose listings can be read. */
export function completed(ctx: ReshardingContext, kinds?: readonly ReshardRequest['kind'][]): Completed[] {
  const out: Completed[] = [];
  for (const stream of ctx.streams) {
    for (const transition of stream.transitions) {
      if (kinds && !kinds.includes(transition.request.kind)) continue;
      const { before, after } = transition;
      if (!after || unreadablePage(before) || unreadablePage(after)) continue;
      out.push({ stream, transition, before: walkShards(before), after: walkShards(after) });
    }
  }
  return out;
}

/** Why nothing could be judged: the target lacks the operations, or no change finished. */
export function nothingCompleted(
  ctx: ReshardingContext,
  kinds?: readonly ReshardRequest['kind'][],
): CannotJudge {
  const reasons = new Set<string>();
  for (const stream of ctx.streams) {
    if (stream.notRun !== undefined) reasons.add(stream.notRun);
    for (const t of stream.transitions) {
      if (kinds && !kinds.includes(t.request.kind)) continue;
      reasons.add(
        unsupported(ctx.profile, t) ?? t.unfinished ?? `${OPERATION_OF[t.request.kind]} did not finish`,
      );
    }
  }
  return {
    cannotJudge: `no ${kinds ? kinds.map((k) => OPERATION_OF[k]).join(' or ') : 'resharding'} finished: ${[...reasons].join('; ') || 'none was attempted'}`,
  };
}

/** The 128-bit hash key a record routes by: its ExplicitHashKey, else the MD5 of its PartitionKey. */
export function hashOf(record: SentRecord): bigint {
  return record.explicitHashKey !== undefined
    ? BigInt(record.explicitHashKey)
    : hashKeyOf(record.partitionKey);
}

/** The open shards of a listing whose range holds `hash` (one, when the listing is right). */
export function openHolders(shards: readonly ShardInfo[], hash: bigint): ShardInfo[] {
  return shards.filter((s) => isOpen(s) && s.startingHashKey <= hash && hash <= s.endingHashKey);
}

/** The shards naming `parent` as ParentShardId or AdjacentParentShardId. */
export function childrenOf(shards: readonly ShardInfo[], parent: string): ShardInfo[] {
  return shards.filter((s) => s.parentShardId === parent || s.adjacentParentShardId === parent);
}

/** `SplitShard of shardId-000000000000 at 1701...` */
export function describeChange(t: Transition): string {
  const r = t.request;
  switch (r.kind) {
    case 'split':
      return `SplitShard of ${r.shardToSplit} at ${r.newStartingHashKey}`;
    case 'merge':
      return `MergeShards of ${r.shardToMerge} and ${r.adjacentShardToMerge}`;
    case 'scale':
      return `UpdateShardCount to ${r.targetShardCount} (UNIFORM_SCALING)`;
  }
}

/** The last page of a listing walk: the evidence when the listing shows the problem. */
export function lastPage(walk: Walk): Exchange {
  return walk.pages[walk.pages.length - 1]!;
}
