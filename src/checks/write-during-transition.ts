import { historyFailure, type HistoryCheck } from './history-check.ts';
import { describeRead, lastExchange, ReadIndex } from './read-back-view.ts';
import {
  completed,
  describeChange,
  nothingCompleted,
  unsupported,
  type ReshardingContext,
} from './resharding-history.ts';
import { contentKey, describeRecord, historyRecords } from './write-history.ts';

/**
 * A write sent while a change is under way (with the SplitShard, MergeShards or UpdateShardCount request,
 * and until the stream is ACTIVE again) is never lost: acknowledged, it is read back exactly once, in the
 * shard and at the sequence number the answer named; refused, it is refused with an error any write may get
 * (throttling, an internal failure), since AWS documents that "Read and write operations continue to work
 * while the stream is in the UPDATING state".
 */
export const writeDuringTransition: HistoryCheck<ReshardingContext> = {
  id: 'resharding.write-during-transition',
  title:
    'A write sent while a change is under way is either refused with a documented error or read back exactly once',
  severity: 'must',
  source:
    'AWS-M SplitShard, MergeShards, UpdateShardCount ("Read and write operations continue to work while the stream is in the UPDATING state"); behaviour.md 4.4 (UPDATING); AWS-PRRE (ErrorCode)',
  skipReason: (profile) => profile.reshardingUnsupported ?? undefined,
  judge(ctx) {
    const { profile } = ctx;
    const allowed = [profile.errors.throughputExceeded.type, profile.errors.internalFailure.type];
    let judged = 0;
    for (const stream of ctx.streams) {
      const index = new ReadIndex(stream.readBack);
      const records = historyRecords(stream.calls);
      for (const t of stream.transitions) {
        if (unsupported(profile, t)) continue;
        const when = `sent while ${describeChange(t)} was under way${t.sawUpdating ? ' (the stream UPDATING)' : ''}`;
        for (const r of records.filter((x) => t.window.includes(x.callIndex))) {
          const o = r.outcome;
          if (o.kind === 'unknown') continue;
          judged++;
          if (o.kind === 'failed') {
            const documented = o.perRecord ? profile.recordErrorCodes : allowed;
            if (documented.includes(o.errorCode)) continue;
            return historyFailure(
              this,
              `${describeRecord(r)}, ${when}, written, or refused with ${documented.join(' or ')}`,
              `${o.perRecord ? 'ErrorCode' : 'the request refused with'} ${o.errorCode}${o.errorMessage ? `: ${o.errorMessage}` : ''}`,
              r.call.exchange!,
            );
          }
          const stopped = stream.readBack.find((x) => x.shardId === o.shardId && x.incomplete !== undefined);
          const what = `${describeRecord(r)}, ${when} and acknowledged in ${o.shardId} at ${o.sequenceNumber}, read back there exactly once`;
          if (stopped)
            return historyFailure(
              this,
              what,
              `the read of ${stopped.shardId} stopped short: ${stopped.incomplete}`,
              lastExchange(stopped) ?? r.call.exchange!,
            );
          const copies = index.withContent(contentKey(r.record.partitionKey, r.record.data));
          const there = copies.filter(
            (c) => c.shardId === o.shardId && c.sequenceNumber === o.sequenceNumber,
          );
          if (there.length === 1 && copies.length === 1) continue;
          const other = copies.find((c) => !there.includes(c)) ?? there[1];
          return historyFailure(
            this,
            what,
            copies.length === 0
              ? `it nowhere in ${stream.readBack.map((x) => x.shardId).join(', ')}`
              : `it ${copies.length} times${other ? `, also at ${describeRead(other)}` : ''}`,
            other?.page ?? r.call.exchange!,
          );
        }
      }
    }
    if (judged > 0) return undefined;
    return completed(ctx).length === 0
      ? nothingCompleted(ctx)
      : { cannotJudge: 'no write sent while a change was under way got an answer' };
  },
};
