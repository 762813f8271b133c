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
import { describeResponse, isObject } from './view.ts';

/**
 * UpdateShardCount with UNIFORM_SCALING answers with the counts (CurrentShardCount: the open shards when
 * asked; TargetShardCount: the count asked for) and ends with TargetShardCount open shards of equal size,
 * up to the rounding of 2^128 into that many ranges.
 */
export const uniformScaling: HistoryCheck<ReshardingContext> = {
  id: 'update-shard-count.uniform-scaling',
  title:
    'UpdateShardCount (UNIFORM_SCALING) answers with the counts and ends with TargetShardCount shards of equal size',
  severity: 'must',
  source:
    'AWS-M UpdateShardCount, UpdateShardCountOutput (CurrentShardCount, TargetShardCount), ScalingType ("Uniform scaling creates shards of equal size")',
  skipReason: (profile) => profile.reshardingUnsupported ?? undefined,
  judge(ctx) {
    let judged = 0;
    for (const stream of ctx.streams) {
      for (const t of stream.transitions) {
        const r = t.request;
        if (r.kind !== 'scale' || unsupported(ctx.profile, t)) continue;
        judged++;
        const body = isObject(t.exchange.body) ? t.exchange.body : undefined;
        const openBefore = completed(ctx, ['scale'])
          .find((c) => c.transition === t)
          ?.before.filter(isOpen).length;
        const what = `${describeChange(t)} on ${stream.stream} answered with TargetShardCount ${r.targetShardCount}${openBefore !== undefined ? ` and CurrentShardCount ${openBefore}` : ''}`;
        if (t.exchange.status !== 200 || !body)
          return historyFailure(this, what, describeResponse(t.exchange), t.exchange);
        if (!t.after)
          return historyFailure(
            this,
            `${describeChange(t)} on ${stream.stream} finished (the stream ACTIVE again)`,
            t.unfinished ?? 'it did not',
            t.exchange,
          );
        if (
          body['TargetShardCount'] !== r.targetShardCount ||
          (openBefore !== undefined && body['CurrentShardCount'] !== openBefore)
        )
          return historyFailure(
            this,
            what,
            `TargetShardCount ${JSON.stringify(body['TargetShardCount'])}, CurrentShardCount ${JSON.stringify(body['CurrentShardCount'])}`,
            t.exchange,
          );
      }
    }
    if (judged === 0) return nothingCompleted(ctx, ['scale']);
    for (const { transition, after } of completed(ctx, ['scale'])) {
      const r = transition.request;
      if (r.kind !== 'scale') continue;
      const open = after.filter(isOpen);
      const sizes = open.map((s) => s.endingHashKey - s.startingHashKey + 1n);
      const spread =
        sizes.length > 0
          ? sizes.reduce((a, b) => (a > b ? a : b)) - sizes.reduce((a, b) => (a < b ? a : b))
          : 0n;
      if (open.length === r.targetShardCount && spread <= BigInt(r.targetShardCount)) continue;
      return historyFailure(
        this,
        `${r.targetShardCount} open shards of equal size (to within ${r.targetShardCount} hash keys) after ${describeChange(transition)}`,
        `${open.length}: ${open.map((s) => `${s.shardId} ${s.startingHashKey}..${s.endingHashKey}`).join(', ')}`,
        lastPage(transition.after!),
      );
    }
    return undefined;
  },
};
