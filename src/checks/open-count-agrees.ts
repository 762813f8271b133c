import { historyFailure, type HistoryCheck } from './history-check.ts';
import type { ListingContext } from './listing-history.ts';
import { isOpen, unreadablePage, walkShards } from './listing-view.ts';
import { describeResponse, isObject } from './view.ts';

/**
 * ListShards, DescribeStream and DescribeStreamSummary agree on how many shards are open, and a new stream
 * has as many as CreateStream asked for. A consumer sizes its workers by one and leases by another.
 */
export const openCountAgrees: HistoryCheck<ListingContext> = {
  id: 'shards.open-count-agrees',
  title: 'ListShards, DescribeStream and DescribeStreamSummary OpenShardCount agree on the open shards',
  severity: 'must',
  source:
    'AWS-M StreamDescriptionSummary.OpenShardCount ("The number of open shards in the stream"), SequenceNumberRange.EndingSequenceNumber (null while open), CreateStream ShardCount',
  judge(ctx) {
    for (const walk of [ctx.reference, ctx.described]) {
      const bad = unreadablePage(walk);
      if (bad) return { cannotJudge: `${walk.operation} of ${ctx.stream} answered ${bad.problem}` };
      const open = walkShards(walk).filter(isOpen).length;
      if (open !== ctx.shardCount)
        return historyFailure(
          this,
          `${ctx.shardCount} open shards in ${walk.operation} of ${ctx.stream} (created with ShardCount ${ctx.shardCount})`,
          `${open}`,
          walk.pages[walk.pages.length - 1]!,
        );
    }
    const summary = isObject(ctx.summary.body) ? ctx.summary.body['StreamDescriptionSummary'] : undefined;
    const count = isObject(summary) ? summary['OpenShardCount'] : undefined;
    if (ctx.summary.status === 200 && count === ctx.shardCount) return undefined;
    return historyFailure(
      this,
      `DescribeStreamSummary of ${ctx.stream} with OpenShardCount ${ctx.shardCount}, as ListShards and DescribeStream list`,
      ctx.summary.status === 200 ? `OpenShardCount ${JSON.stringify(count)}` : describeResponse(ctx.summary),
      ctx.summary,
    );
  },
};
