import { historyFailure, type HistoryCheck } from './history-check.ts';
import { describeWalk, LIMIT_MEMBER, pageBound, walksOf, type ListingContext } from './listing-history.ts';
import { readPage, type ListingOperation } from './listing-view.ts';

/**
 * No page holds more items than its Limit / MaxResults asked for, than the default page when none was
 * asked, or than the documented largest page. A consumer sizes its work by the page size it asks for.
 */
function pageSizeHonoured(
  operation: ListingOperation,
  meta: Pick<HistoryCheck<ListingContext>, 'id' | 'title' | 'source'>,
): HistoryCheck<ListingContext> {
  return {
    ...meta,
    severity: 'must',
    judge(ctx) {
      for (const walk of walksOf(ctx, operation)) {
        const bound = pageBound(ctx.profile, walk);
        for (let i = 0; i < walk.pages.length; i++) {
          const { items, problem } = readPage(operation, walk.pages[i]!);
          if (problem === undefined && items.length > bound)
            return historyFailure(
              this,
              `${describeWalk(walk)}: at most ${bound} item(s) per page (${walk.limit === undefined ? 'the default page' : `${LIMIT_MEMBER[operation]} ${walk.limit}`})`,
              `${items.length} on page ${i + 1}`,
              walk.pages[i]!,
            );
        }
      }
      return undefined;
    },
  };
}

export const listShardsPageSizeHonoured = pageSizeHonoured('ListShards', {
  id: 'list-shards.page-size-honoured',
  title: 'ListShards returns at most MaxResults shards per page (and at most the documented page)',
  source:
    'AWS-M ListShards MaxResults: "The maximum number of shards to return in a single call ... The default value is 1000. If you specify a value greater than 1000, at most 1000 results are returned."',
});

export const describeStreamPageSizeHonoured = pageSizeHonoured('DescribeStream', {
  id: 'describe-stream.page-size-honoured',
  title: 'DescribeStream returns at most Limit shards per call (and at most 100)',
  source:
    'AWS-M DescribeStream Limit: "The maximum number of shards to return in a single call. The default value is 100. If you specify a value greater than 100, at most 100 results are returned."',
});

export const listStreamsPageSizeHonoured = pageSizeHonoured('ListStreams', {
  id: 'list-streams.page-size-honoured',
  title: 'ListStreams returns at most Limit stream names per call (and at most 100)',
  source:
    'AWS-M ListStreams Limit: "The maximum number of streams to list. The default value is 100. If you specify a value greater than 100, at most 100 results are returned."',
});
