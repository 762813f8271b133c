/**
 * What the shards suite records for its checks: one stream of known shard count listed in every way (ListShards
 * and DescribeStream walked at page sizes around the shard count and at the documented bounds, ListShards with
 * each ShardFilter type), its DescribeStreamSummary, and ListStreams walked over the suite's own streams.
 */
import type { Exchange } from '../client/exchange.ts';
import type { Profile } from '../profiles/profile.ts';
import { historyFailure, type HistoryCheck, type HistoryFailure, type Verdict } from './history-check.ts';
import {
  itemsAfter,
  readPage,
  unreadablePage,
  walkItems,
  type ListingOperation,
  type Walk,
} from './listing-view.ts';
import type { FilterQuery } from './shard-filter.ts';

export interface ListingContext {
  readonly profile: Profile;
  /** The stream whose shards are listed, created by the suite with `shardCount` shards. */
  readonly stream: string;
  readonly shardCount: number;
  /**
   * The streams the suite created for ListStreams. Only these names are compared: a real endpoint lists
   * other streams too.
   */
  readonly runStreams: readonly string[];
  /** ListShards with the largest MaxResults, every page: the shards every other walk is held to. */
  readonly reference: Walk;
  /** DescribeStream with the largest Limit, every page. */
  readonly described: Walk;
  /** Every walk, the two above included. */
  readonly walks: readonly Walk[];
  /** DescribeStreamSummary of the stream. */
  readonly summary: Exchange;
  /** ListShards with a ShardFilter, each followed to its end. */
  readonly filters: readonly FilterQuery[];
}

/** The shard ids of the stream as the reference walk lists them, or the failure that makes them unusable. */
export function referenceIds(
  check: HistoryCheck<never>,
  ctx: ListingContext,
): { ids: readonly string[] } | { failure: HistoryFailure } {
  const walk = ctx.reference;
  const expected = `ListShards of ${ctx.stream} (created with ${ctx.shardCount} shards, MaxResults ${String(walk.limit)}) listing ${ctx.shardCount} distinct shards`;
  const last = walk.pages[walk.pages.length - 1];
  if (!last) throw new Error('the reference walk has no page');
  const bad = unreadablePage(walk);
  if (bad)
    return {
      failure: historyFailure(check, expected, `page ${bad.page + 1}: ${bad.problem}`, walk.pages[bad.page]!),
    };
  const items = walkItems(walk).map((i) => i.item);
  if (items.length !== ctx.shardCount || new Set(items).size !== items.length)
    return {
      failure: historyFailure(check, expected, `${items.length} listed: ${items.join(', ') || 'none'}`, last),
    };
  return { ids: items };
}

/**
 * The shard ids the walks of `operation` are held to (none for ListStreams): when the reference listing is
 * unusable, a ListShards check fails with it (`failIfUnusable`), any other cannot judge.
 */
export function idsFor(
  check: HistoryCheck<never>,
  ctx: ListingContext,
  operation: ListingOperation,
  failIfUnusable: boolean,
): { ids: readonly string[] } | { verdict: Verdict } {
  if (operation === 'ListStreams') return { ids: [] };
  const reference = referenceIds(check, ctx);
  if ('ids' in reference) return reference;
  return {
    verdict:
      failIfUnusable && operation === 'ListShards'
        ? reference.failure
        : { cannotJudge: `ListShards did not list the stream's shards: ${reference.failure.received}` },
  };
}

/**
 * What a walk must list, each exactly once: the stream's shards after its start (in the reference's order),
 * or the suite's own stream names after its start (names compare as strings, the order ListStreams keeps).
 */
export function expectedItems(ctx: ListingContext, walk: Walk, shardIds: readonly string[]): string[] {
  if (walk.operation === 'ListStreams')
    return [...ctx.runStreams].sort().filter((n) => walk.start === undefined || n > walk.start);
  return itemsAfter(shardIds, walk.start);
}

/** Whether items outside `expected` may appear: ListStreams lists every stream of the account. */
export function othersAllowed(walk: Walk): boolean {
  return walk.operation === 'ListStreams';
}

/**
 * The most items one page may hold: the Limit / MaxResults asked for, the default when none was, and never
 * more than the documented page (AWS-M: "If you specify a value greater than 100 [1000 for ListShards], at
 * most 100 results are returned").
 */
export function pageBound(profile: Profile, walk: Walk): number {
  const listing = profile.streams.listing;
  const page = PAGES[walk.operation](listing);
  return Math.min(walk.limit ?? page, page);
}

const PAGES = {
  ListShards: (l) => l.listShardsPage,
  DescribeStream: (l) => l.describeStreamPage,
  // AWS-M ListStreams Limit: "The default value is 100. If you specify a value greater than 100, at most 100
  // results are returned."
  ListStreams: (l) => l.listStreamsDefault,
} as const satisfies Record<ListingOperation, (listing: Profile['streams']['listing']) => number>;

/** The member that says more remain, for messages. */
export const MORE_MEMBER = {
  ListShards: 'NextToken',
  DescribeStream: 'HasMoreShards',
  ListStreams: 'HasMoreStreams',
} as const satisfies Record<ListingOperation, string>;

/** The Limit member of each operation's request. */
export const LIMIT_MEMBER = {
  ListShards: 'MaxResults',
  DescribeStream: 'Limit',
  ListStreams: 'Limit',
} as const satisfies Record<ListingOperation, string>;

/** `ListShards MaxResults 3, after shardId-000000000000 (walked by NextToken)` */
export function describeWalk(walk: Walk): string {
  return `${walk.operation} ${walk.name}`;
}

/** The walks of one operation. */
export function walksOf(ctx: ListingContext, operation: ListingOperation): Walk[] {
  return ctx.walks.filter((w) => w.operation === operation);
}

/** Whether page `i` of a walk says more remain. */
export function saysMore(walk: Walk, i: number): boolean | undefined {
  return readPage(walk.operation, walk.pages[i]!).more;
}
