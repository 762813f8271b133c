/**
 * ListShards' ShardFilter (AWS-M ShardFilter.Type), judged on a stream the suite created minutes ago, so its
 * retention period (24 hours at least) has trimmed nothing: its trim horizon is its creation. What each type
 * must list follows from the unfiltered listing alone:
 * - AT_LATEST: "only the currently open shards" (no EndingSequenceNumber);
 * - FROM_TRIM_HORIZON: "all the shards within the retention period" (every shard);
 * - AT_TRIM_HORIZON: "all the shards that were open at TRIM_HORIZON": those the stream was created with,
 *   which name no parent;
 * - AFTER_SHARD_ID: the shards listed after ShardId ("identical in functionality to ExclusiveStartShardId");
 * - AT_TIMESTAMP, FROM_TIMESTAMP at a time after the creation: every shard, judged only while none is
 *   closed (when a closed shard ended is not in any listing).
 */
import { historyFailure, type CannotJudge, type HistoryCheck, type HistoryFailure } from './history-check.ts';
import {
  isOpen,
  itemsAfter,
  unreadablePage,
  walkItems,
  walkShards,
  type ShardInfo,
  type Walk,
} from './listing-view.ts';
import type { ListingContext } from './listing-history.ts';
import { completed, nothingCompleted, type ReshardingContext } from './resharding-history.ts';

/** AWS-M ShardFilterType. */
export const SHARD_FILTER_TYPES = [
  'AFTER_SHARD_ID',
  'AT_TRIM_HORIZON',
  'FROM_TRIM_HORIZON',
  'AT_LATEST',
  'AT_TIMESTAMP',
  'FROM_TIMESTAMP',
] as const;
export type ShardFilterType = (typeof SHARD_FILTER_TYPES)[number];

export interface FilterQuery {
  readonly type: ShardFilterType;
  readonly shardId?: string;
  /** The Timestamp sent (ms since the epoch), after the stream's creation. */
  readonly timestampMs?: number;
  /** ListShards with this filter, followed by NextToken to its end. */
  readonly walk: Walk;
}

/** The filtered listings of one stream and its unfiltered listing (every shard, in the target's order). */
export interface FilterContext {
  readonly stream: string;
  readonly all: Walk;
  readonly queries: readonly FilterQuery[];
}

/** The shard ids a filter must list, or undefined when the listing cannot say. */
export function expectedByFilter(query: FilterQuery, all: readonly ShardInfo[]): string[] | undefined {
  const ids = all.map((s) => s.shardId);
  switch (query.type) {
    case 'AT_LATEST':
      return all.filter(isOpen).map((s) => s.shardId);
    case 'FROM_TRIM_HORIZON':
      return ids;
    case 'AT_TRIM_HORIZON':
      return all.filter((s) => s.parentShardId === undefined).map((s) => s.shardId);
    case 'AFTER_SHARD_ID':
      return query.shardId === undefined ? undefined : itemsAfter(ids, query.shardId);
    case 'AT_TIMESTAMP':
    case 'FROM_TIMESTAMP':
      return all.every(isOpen) ? ids : undefined;
  }
}

export function describeFilter(query: FilterQuery): string {
  const arg =
    query.shardId !== undefined
      ? ` ShardId ${query.shardId}`
      : query.timestampMs !== undefined
        ? ` Timestamp ${new Date(query.timestampMs).toISOString()}`
        : '';
  return `ShardFilter ${query.type}${arg}`;
}

export function shardFilterCheck<C>(
  meta: Pick<HistoryCheck<C>, 'id' | 'title' | 'severity' | 'source' | 'skipReason'>,
  select: (ctx: C) => readonly FilterContext[],
  /** Why nothing can be judged before looking at the queries, if so. */
  precondition?: (ctx: C) => CannotJudge | undefined,
): HistoryCheck<C> {
  return {
    ...meta,
    judge(ctx) {
      const unmet = precondition?.(ctx);
      if (unmet) return unmet;
      let judged = 0;
      const failures: HistoryFailure[] = [];
      for (const f of select(ctx)) {
        const bad = unreadablePage(f.all);
        if (bad) return { cannotJudge: `ListShards of ${f.stream} answered ${bad.problem}` };
        const all = walkShards(f.all);
        for (const query of f.queries) {
          const expected = expectedByFilter(query, all);
          if (expected === undefined) continue;
          judged++;
          const failure = judgeQuery(this, f.stream, query, expected);
          // Each filter type is a divergence of its own: reports and ledgers name it.
          if (failure) failures.push({ ...failure, case: `ShardFilter ${query.type}` });
        }
      }
      if (failures.length > 0) return failures;
      return judged > 0 ? undefined : { cannotJudge: 'no ShardFilter query could be judged' };
    },
  };
}

function judgeQuery(
  check: HistoryCheck<never>,
  stream: string,
  query: FilterQuery,
  expected: readonly string[],
): HistoryFailure | undefined {
  const walk = query.walk;
  const what = `ListShards of ${stream} with ${describeFilter(query)} listing ${expected.join(', ') || 'no shard'}`;
  const bad = unreadablePage(walk);
  if (bad) return historyFailure(check, what, `page ${bad.page + 1}: ${bad.problem}`, walk.pages[bad.page]!);
  const listed = walkItems(walk).map((i) => i.item);
  const same =
    listed.length === expected.length &&
    new Set(listed).size === listed.length &&
    expected.every((id) => listed.includes(id));
  if (same) return undefined;
  return historyFailure(check, what, listed.join(', ') || 'no shard', walk.pages[walk.pages.length - 1]!);
}

export const listShardsShardFilter = shardFilterCheck<ListingContext>(
  {
    id: 'list-shards.shard-filter',
    title: 'ListShards with a ShardFilter lists the shards its type documents (a new stream, nothing closed)',
    severity: 'must',
    source:
      'AWS-M ListShardsInput.ShardFilter, ShardFilter.Type (AFTER_SHARD_ID, AT_TRIM_HORIZON, FROM_TRIM_HORIZON, AT_LATEST, AT_TIMESTAMP, FROM_TIMESTAMP)',
  },
  (ctx) => [{ stream: ctx.stream, all: ctx.reference, queries: ctx.filters }],
);

export const reshardingShardFilter = shardFilterCheck<ReshardingContext>(
  {
    id: 'resharding.shard-filter',
    title:
      'After resharding, ListShards with AT_LATEST, AT_TRIM_HORIZON, FROM_TRIM_HORIZON or AFTER_SHARD_ID tells closed shards from open ones',
    severity: 'must',
    source:
      'AWS-M ShardFilter.Type ("AT_LATEST - the response includes only the currently open shards", "FROM_TRIM_HORIZON - ... all the shards within the retention period", "AT_TRIM_HORIZON - ... all the shards that were open at TRIM_HORIZON")',
    skipReason: (profile) => profile.reshardingUnsupported ?? undefined,
  },
  (ctx) =>
    ctx.streams.flatMap((s) =>
      s.final && s.filters.length > 0 && s.transitions.some((t) => t.after)
        ? [{ stream: s.stream, all: s.final, queries: s.filters }]
        : [],
    ),
  (ctx) => (completed(ctx).length === 0 ? nothingCompleted(ctx) : undefined),
);
