import { coverageProblem } from './hash-coverage.ts';
import { historyFailure, type HistoryCheck } from './history-check.ts';
import { isOpen } from './listing-view.ts';
import {
  completed,
  describeChange,
  lastPage,
  nothingCompleted,
  unsupported,
  type ReshardingContext,
} from './resharding-history.ts';

/**
 * A valid change finishes (the stream ACTIVE again), and then the open shards are as many as it makes
 * (SplitShard one more, MergeShards one fewer, UpdateShardCount TargetShardCount) and still cover every hash
 * key exactly once. Every change the suite asks for is within the documented limits, so a refusal is a failure
 * here; a target without the operation (UnknownOperationException) is skipped with that reason.
 */
export const rangesCover: HistoryCheck<ReshardingContext> = {
  id: 'resharding.ranges-cover',
  title:
    'Each change finishes with as many open shards as it makes, covering 0..2^128-1 with no gap or overlap',
  severity: 'must',
  source:
    'AWS-M SplitShard, MergeShards, UpdateShardCount (asynchronous: UPDATING, then ACTIVE; TargetShardCount), HashKeyRange; behaviour.md 4.4 (UPDATING)',
  skipReason: (profile) => profile.reshardingUnsupported ?? undefined,
  judge(ctx) {
    for (const stream of ctx.streams) {
      for (const t of stream.transitions) {
        if (t.after || unsupported(ctx.profile, t)) continue;
        return historyFailure(
          this,
          `${describeChange(t)} on ${stream.stream} accepted, and the stream ACTIVE again`,
          t.unfinished ?? 'it did not finish',
          t.exchange,
        );
      }
    }
    const changes = completed(ctx);
    if (changes.length === 0) return nothingCompleted(ctx);
    for (const { transition, before, after } of changes) {
      const r = transition.request;
      const openBefore = before.filter(isOpen).length;
      const want =
        r.kind === 'split' ? openBefore + 1 : r.kind === 'merge' ? openBefore - 1 : r.targetShardCount;
      const open = after.filter(isOpen);
      const evidence = lastPage(transition.after!);
      if (open.length !== want)
        return historyFailure(
          this,
          `${want} open shards after ${describeChange(transition)} (${openBefore} before)`,
          `${open.length}: ${open.map((s) => s.shardId).join(', ')}`,
          evidence,
        );
      const problem = coverageProblem(open, ctx.profile.putRecords.maxHashKey);
      if (problem)
        return historyFailure(
          this,
          `the open shards after ${describeChange(transition)} covering 0..${ctx.profile.putRecords.maxHashKey}`,
          problem,
          evidence,
        );
    }
    return undefined;
  },
};
