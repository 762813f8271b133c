import type { HistoryCheck } from './history-check.ts';
import { judgeRead, verdictOverReads, type ReadContext } from './shard-reads.ts';

/**
 * A consumer that keeps following NextShardIterator, page after page with whatever Limit it chooses, reads
 * every record written after its position exactly once and in order: the records of each shard written
 * since the previous read (`later` of a read that goes on from an earlier NextShardIterator), nothing
 * skipped, repeated or reordered.
 */
export const readsEveryRecordOnce: HistoryCheck<ReadContext> = {
  id: 'get-records.reads-every-record-once',
  title: 'Following NextShardIterator reads every new record exactly once, in order, whatever the Limits',
  severity: 'must',
  source:
    'AWS-M GetRecords ("GetRecords returns a new shard iterator in NextShardIterator. Specify the shard iterator returned in NextShardIterator in subsequent calls to GetRecords") and GetRecordsOutput.NextShardIterator ("The next position in the shard from which to start sequentially reading data records")',
  judge(ctx) {
    const reads = ctx.reads.filter((r) => r.start === undefined);
    if (reads.length === 0) return { cannotJudge: 'no read went on from a NextShardIterator' };
    return verdictOverReads(reads, (read) =>
      judgeRead(this, ctx, read, (c, r) => (c.written.get(r.shardId) ?? []).length),
    );
  },
};
