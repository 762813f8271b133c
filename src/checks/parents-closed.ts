import { historyFailure, type HistoryCheck } from './history-check.ts';
import { isOpen } from './listing-view.ts';
import {
  completed,
  describeChange,
  lastPage,
  nothingCompleted,
  type ReshardingContext,
} from './resharding-history.ts';
import { historyRecords, isWritten } from './write-history.ts';

const DECIMAL = /^(0|[1-9]\d*)$/;

/**
 * A shard a change closes stays listed (ListShards "does not list expired shards", and nothing has expired)
 * with an EndingSequenceNumber, at or above every sequence number written to it. SplitShard closes
 * ShardToSplit, MergeShards both shards, UpdateShardCount every shard that is no longer open.
 */
export const parentsClosed: HistoryCheck<ReshardingContext> = {
  id: 'resharding.parents-closed',
  title:
    'The shards a change closes are listed with an EndingSequenceNumber covering every record written to them',
  severity: 'must',
  source:
    'AWS-M SequenceNumberRange.EndingSequenceNumber ("Shards that are in the OPEN state have an ending sequence number of null"), ListShards ("This action does not list expired shards")',
  skipReason: (profile) => profile.reshardingUnsupported ?? undefined,
  judge(ctx) {
    const changes = completed(ctx);
    if (changes.length === 0) return nothingCompleted(ctx);
    for (const { stream, transition, before, after } of changes) {
      const r = transition.request;
      const named =
        r.kind === 'split'
          ? [r.shardToSplit]
          : r.kind === 'merge'
            ? [r.shardToMerge, r.adjacentShardToMerge]
            : [];
      const openAfter = new Set(after.filter(isOpen).map((s) => s.shardId));
      const closing = new Set([
        ...named,
        ...before.filter((s) => isOpen(s) && !openAfter.has(s.shardId)).map((s) => s.shardId),
      ]);
      const evidence = lastPage(transition.after!);
      for (const id of closing) {
        const shard = after.find((s) => s.shardId === id);
        const what = `${id}, closed by ${describeChange(transition)}, listed with an EndingSequenceNumber`;
        if (!shard) return historyFailure(this, what, `ListShards no longer lists ${id}`, evidence);
        const ending = shard.endingSequenceNumber;
        if (ending === undefined)
          return historyFailure(this, what, `${id} listed without one (still open)`, evidence);
        if (!DECIMAL.test(ending))
          return historyFailure(this, what, `EndingSequenceNumber ${JSON.stringify(ending)}`, evidence);
        const start = shard.startingSequenceNumber;
        if (start !== undefined && DECIMAL.test(start) && BigInt(ending) < BigInt(start))
          return historyFailure(
            this,
            `${what} at or above its StartingSequenceNumber ${start}`,
            `EndingSequenceNumber ${ending}`,
            evidence,
          );
        const written = historyRecords(stream.calls)
          .filter(isWritten)
          .filter((w) => w.outcome.shardId === id);
        const above = written.find((w) => BigInt(w.outcome.sequenceNumber) > BigInt(ending));
        if (above)
          return historyFailure(
            this,
            `${what} at or above ${above.outcome.sequenceNumber}, the SequenceNumber a write to it was acknowledged with`,
            `EndingSequenceNumber ${ending}`,
            evidence,
          );
      }
    }
    return undefined;
  },
};
