import { historyFailure, type HistoryCheck } from './history-check.ts';
import { describeRead, ReadIndex, type ReadRecord } from './read-back-view.ts';
import { describeRecord, writtenRecords, type WrittenRecord } from './write-history.ts';

/**
 * Each writer sends its calls one after another. Whatever the other writers do, one writer's records in a
 * shard keep its order: within a call the request order, across its calls the order it sent them in, both in
 * the acknowledged sequence numbers and in the read-back.
 */
export const perWriterOrder: HistoryCheck = {
  id: 'concurrency.per-writer-order',
  title: "With concurrent writers, each writer's records keep their order within a shard",
  severity: 'must',
  source:
    'seed putrecords.md ("PutRecords ensures that messages will be written in the same order as in the sent array"); AWS-M SequenceNumber ("increase over time")',
  judge(ctx) {
    if (!ctx.readBack) return { cannotJudge: 'no read-back was recorded' };
    const writers = new Set(ctx.calls.map((c) => c.writer));
    if (writers.size < 2) return { cannotJudge: `${writers.size} writer: nothing ran concurrently` };
    const index = new ReadIndex(ctx.readBack);
    const last = new Map<string, WrittenRecord>();
    const lastRead = new Map<string, { written: WrittenRecord; read: ReadRecord }>();
    // writtenRecords lists each writer's records in the order it sent them.
    for (const w of writtenRecords(ctx.calls)) {
      const lane = `${w.call.writer}/${w.outcome.shardId}`;
      const before = last.get(lane);
      last.set(lane, w);
      if (before && w.seq <= before.seq)
        return historyFailure(
          this,
          `${describeRecord(w)} acknowledged with a sequence number above ${before.outcome.sequenceNumber}, that of ${describeRecord(before)}, sent before it by the same writer`,
          `SequenceNumber ${w.outcome.sequenceNumber}`,
          w.call.exchange!,
        );
      const read = index.locate(w);
      if (!read) continue;
      const earlier = lastRead.get(lane);
      lastRead.set(lane, { written: w, read });
      if (earlier && read.position <= earlier.read.position)
        return historyFailure(
          this,
          `${describeRecord(w)} read after ${describeRecord(earlier.written)}, which the same writer sent before it`,
          `it at ${describeRead(read)}, before ${describeRead(earlier.read)}`,
          read.page,
        );
    }
    return undefined;
  },
};
