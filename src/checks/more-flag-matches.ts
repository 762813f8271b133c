import { historyFailure, type HistoryCheck } from './history-check.ts';
import {
  describeWalk,
  expectedItems,
  idsFor,
  MORE_MEMBER,
  walksOf,
  type ListingContext,
} from './listing-history.ts';
import { readPage, type ListingOperation } from './listing-view.ts';

/**
 * A page says more remain (NextToken, HasMoreShards, HasMoreStreams) exactly when they do: saying none remain
 * early hides items from every consumer that stops there; saying more remain when none do sends it after an
 * empty page. HasMoreShards and HasMoreStreams are required members (AWS-M).
 */
function moreFlagMatches(
  operation: ListingOperation,
  meta: Pick<HistoryCheck<ListingContext>, 'id' | 'title' | 'source'>,
): HistoryCheck<ListingContext> {
  const member = MORE_MEMBER[operation];
  return {
    ...meta,
    severity: 'should',
    judge(ctx) {
      const reference = idsFor(this, ctx, operation, false);
      if ('verdict' in reference) return reference.verdict;
      for (const walk of walksOf(ctx, operation)) {
        const pages = walk.pages.map((ex) => readPage(operation, ex));
        const expected = expectedItems(ctx, walk, reference.ids);
        for (let i = 0; i < pages.length; i++) {
          const page = pages[i]!;
          if (page.problem !== undefined) break;
          const listedSoFar = new Set(pages.slice(0, i + 1).flatMap((p) => p.items));
          const where = `${describeWalk(walk)}, page ${i + 1}`;
          if (page.more === undefined)
            return historyFailure(this, `${where}: ${member} true or false`, `no ${member}`, walk.pages[i]!);
          const unlisted = expected.filter((item) => !listedSoFar.has(item));
          if (!page.more && unlisted.length > 0)
            return historyFailure(
              this,
              `${where}: ${member} saying more remain (${unlisted.join(', ')} not listed yet)`,
              `${operation === 'ListShards' ? 'no NextToken' : `${member} false`}`,
              walk.pages[i]!,
            );
          const rest = pages.slice(i + 1);
          const walkedToEnd = rest.length > 0 && rest[rest.length - 1]!.more === false;
          if (page.more && walkedToEnd && rest.every((p) => p.items.length === 0))
            return historyFailure(
              this,
              `${where}: ${operation === 'ListShards' ? 'no NextToken' : `${member} false`}, as no item remained`,
              `${operation === 'ListShards' ? 'a NextToken' : `${member} true`}, and the following page(s) listed nothing`,
              walk.pages[i]!,
            );
        }
      }
      return undefined;
    },
  };
}

export const listShardsNextTokenMatches = moreFlagMatches('ListShards', {
  id: 'list-shards.next-token-matches',
  title: 'ListShards answers with a NextToken exactly when shards remain to be listed',
  source:
    'AWS-M ListShards NextToken: "When the number of shards in the data stream is greater than the default value for the MaxResults parameter, or if you explicitly specify a value for MaxResults that is less than the number of shards in the data stream, the response includes a pagination token"',
});

export const describeStreamHasMoreShardsMatches = moreFlagMatches('DescribeStream', {
  id: 'describe-stream.has-more-shards-matches',
  title: 'DescribeStream HasMoreShards is true exactly when shards remain to be described',
  source:
    'AWS-M StreamDescription.HasMoreShards (required): "If set to true, more shards in the stream are available to describe."',
});

export const listStreamsHasMoreStreamsMatches = moreFlagMatches('ListStreams', {
  id: 'list-streams.has-more-streams-matches',
  title: 'ListStreams HasMoreStreams is true exactly when streams remain to be listed',
  source:
    'AWS-M ListStreamsOutput.HasMoreStreams (required): "If set to true, there are more streams available to list."',
});
