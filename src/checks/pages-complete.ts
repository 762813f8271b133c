import { historyFailure, type HistoryCheck, type Verdict } from './history-check.ts';
import {
  describeWalk,
  expectedItems,
  idsFor,
  othersAllowed,
  walksOf,
  type ListingContext,
} from './listing-history.ts';
import { unreadablePage, walkItems, type ListingOperation, type Walk } from './listing-view.ts';

/**
 * Following a listing page by page lists every item exactly once, whatever the page size: the shards of a
 * stream, or (ListStreams) the suite's own streams. A page that repeats an item or a walk that ends without
 * one loses or doubles a shard for every consumer that pages (the KCL does).
 */
function pagesComplete(
  operation: ListingOperation,
  meta: Pick<HistoryCheck<ListingContext>, 'id' | 'title' | 'source'>,
): HistoryCheck<ListingContext> {
  return {
    ...meta,
    severity: 'must',
    judge(ctx) {
      const reference = idsFor(this, ctx, operation, true);
      if ('verdict' in reference) return reference.verdict;
      for (const walk of walksOf(ctx, operation)) {
        const verdict = judgeWalk(this, ctx, walk, reference.ids);
        if (verdict) return verdict;
      }
      return undefined;
    },
  };
}

function judgeWalk(
  check: HistoryCheck<ListingContext>,
  ctx: ListingContext,
  walk: Walk,
  ids: readonly string[],
): Verdict {
  const expected = expectedItems(ctx, walk, ids);
  const what = `${describeWalk(walk)} listing each of ${expected.join(', ') || 'nothing'} once`;
  const bad = unreadablePage(walk);
  if (bad) return historyFailure(check, what, `page ${bad.page + 1}: ${bad.problem}`, walk.pages[bad.page]!);
  const seenOn = new Map<string, number>();
  const judged = othersAllowed(walk) ? new Set(ctx.runStreams) : undefined;
  for (const { item, page } of walkItems(walk)) {
    const before = seenOn.get(item);
    if (before !== undefined)
      return historyFailure(
        check,
        what,
        `${item} listed twice (pages ${before + 1} and ${page + 1})`,
        walk.pages[page]!,
      );
    seenOn.set(item, page);
    if (!expected.includes(item) && (!judged || judged.has(item)))
      return historyFailure(
        check,
        what,
        `${item} on page ${page + 1}, which is not ${walk.start === undefined ? 'one of them' : `after ${walk.start}`}`,
        walk.pages[page]!,
      );
  }
  const missing = expected.filter((item) => !seenOn.has(item));
  if (missing.length > 0)
    return historyFailure(
      check,
      what,
      `${missing.join(', ')} not listed in ${walk.pages.length} page(s)${walk.cutShort ? ` (the walk stopped: ${walk.cutShort})` : ''}`,
      walk.pages[walk.pages.length - 1]!,
    );
  return undefined;
}

export const listShardsPagesComplete = pagesComplete('ListShards', {
  id: 'list-shards.pages-complete',
  title: 'ListShards paged by NextToken or ExclusiveStartShardId lists every shard exactly once',
  source:
    'AWS-M ListShards NextToken, MaxResults (1..10000), ExclusiveStartShardId ("the shard whose ID immediately follows"); behaviour.md 5',
});

export const describeStreamPagesComplete = pagesComplete('DescribeStream', {
  id: 'describe-stream.pages-complete',
  title: 'DescribeStream paged by Limit and ExclusiveStartShardId lists every shard exactly once',
  source: 'AWS-M DescribeStream Limit (1..10000), ExclusiveStartShardId, HasMoreShards; behaviour.md 5',
});

export const listStreamsPagesComplete = pagesComplete('ListStreams', {
  id: 'list-streams.pages-complete',
  title:
    "ListStreams paged by Limit and ExclusiveStartStreamName (or NextToken) lists each of the run's streams exactly once",
  source:
    'AWS-M ListStreams ("request more streams by using the name of the last stream returned ... in the ExclusiveStartStreamName parameter"), Limit (1..10000), HasMoreStreams, NextToken',
});
