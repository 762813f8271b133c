import { coverageProblem } from './hash-coverage.ts';
import { historyFailure, type HistoryCheck } from './history-check.ts';
import type { ListingContext } from './listing-history.ts';
import { isOpen, unreadablePage, walkShards } from './listing-view.ts';

/** The open shards ListShards and DescribeStream report cover every hash key exactly once. */
export const hashRangesCover: HistoryCheck<ListingContext> = {
  id: 'shards.hash-ranges-cover',
  title: 'The open shards ListShards and DescribeStream report cover 0..2^128-1 with no gap or overlap',
  severity: 'must',
  source:
    'AWS-M HashKeyRange, PartitionKey ("an MD5 hash function is used to map partition keys to 128-bit integer values"); behaviour.md 4.1',
  judge(ctx) {
    for (const walk of [ctx.reference, ctx.described]) {
      const last = walk.pages[walk.pages.length - 1]!;
      const bad = unreadablePage(walk);
      if (bad) return { cannotJudge: `${walk.operation} of ${ctx.stream} answered ${bad.problem}` };
      const problem = coverageProblem(walkShards(walk).filter(isOpen), ctx.profile.putRecords.maxHashKey);
      if (problem)
        return historyFailure(
          this,
          `the open shards ${walk.operation} lists for ${ctx.stream} covering 0..${ctx.profile.putRecords.maxHashKey}`,
          problem,
          last,
        );
    }
    return undefined;
  },
};
