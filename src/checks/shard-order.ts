import { historyFailure, type HistoryCheck } from './history-check.ts';
import { describeRead, ReadIndex, type ReadRecord } from './read-back-view.ts';
import { describeRecord, writtenRecords, type WrittenRecord } from './write-history.ts';

const DECIMAL = /^(0|[1-9]\d*)$/;

/**
 * A shard reads back in sequence-number order, and the records one call wrote to a shard come back in the
 * order of the request.
 */
export const shardOrder: HistoryCheck = {
  id: 'read-back.shard-order',
  title: "A shard's records are read back in sequence-number order, which is the request order within a call",
  severity: 'must',
  source:
    'seed putrecords.md: "PutRecords ensures that messages will be written in the same order as in the sent array"; AWS-M GetRecords and SequenceNumber',
  judge(ctx) {
    if (!ctx.readBack) return { cannotJudge: 'no read-back was recorded' };
    const index = new ReadIndex(ctx.readBack);
    for (const records of index.byShard.values()) {
      let before: { record: ReadRecord; seq: bigint } | undefined;
      for (const r of records) {
        if (!DECIMAL.test(r.sequenceNumber))
          return historyFailure(
            this,
            `${describeRead(r)} with a decimal SequenceNumber`,
            `"${r.sequenceNumber}"`,
            r.page,
          );
        const seq = BigInt(r.sequenceNumber);
        if (before && seq <= before.seq)
          return historyFailure(
            this,
            `records of ${r.shardId} in increasing sequence-number order`,
            `${describeRead(r)} after ${describeRead(before.record)}`,
            r.page,
          );
        before = { record: r, seq };
      }
    }
    // Within a call: the records it wrote to one shard, in request order, must be found in that order.
    const byCallAndShard = new Map<string, WrittenRecord[]>();
    for (const w of writtenRecords(ctx.calls)) {
      const key = `${w.callIndex}/${w.outcome.shardId}`;
      byCallAndShard.set(key, [...(byCallAndShard.get(key) ?? []), w]);
    }
    for (const group of byCallAndShard.values()) {
      let before: { written: WrittenRecord; read: ReadRecord } | undefined;
      for (const w of group) {
        const read = index.locate(w);
        if (!read) continue;
        if (before && read.position <= before.read.position)
          return historyFailure(
            this,
            `${describeRecord(w)} read after ${describeRecord(before.written)}, as it was sent after it`,
            `it at ${describeRead(read)}, before ${describeRead(before.read)}`,
            read.page,
          );
        before = { written: w, read };
      }
    }
    return undefined;
  },
};
