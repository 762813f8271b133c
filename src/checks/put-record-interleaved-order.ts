import { historyFailure, type HistoryCheck } from './history-check.ts';
import { describeRecord, writtenRecords, type WrittenRecord } from './write-history.ts';

/**
 * One writer mixing PutRecord and PutRecords calls: per shard, every acknowledged record's sequence number is
 * above those of the records it wrote before, in call order and, within a PutRecords call, request order.
 */
export const putRecordInterleavedOrder: HistoryCheck = {
  id: 'put-record.interleaved-sequence-order',
  title: 'PutRecord and PutRecords calls to one shard get sequence numbers increasing in call order',
  severity: 'must',
  source:
    'AWS-M PutRecord ("Sequence numbers increase over time and are specific to a shard ... write serially to a shard"); seed putrecords.md ("written in the same order as in the sent array"); behaviour.md 4.2',
  judge(ctx) {
    const last = new Map<string, WrittenRecord>();
    let interleaved = false;
    // writtenRecords lists the records in the order the calls were sent, each call's in request order.
    for (const w of writtenRecords(ctx.calls)) {
      const lane = `${w.call.writer}/${w.outcome.shardId}`;
      const before = last.get(lane);
      last.set(lane, w);
      if (!before) continue;
      if (before.call.operation !== w.call.operation) interleaved = true;
      if (w.seq > before.seq) continue;
      return historyFailure(
        this,
        `${describeRecord(w)}, written by ${w.call.operation}, with a sequence number above ${before.outcome.sequenceNumber}, that of ${describeRecord(before)}, written before it by ${before.call.operation}`,
        `SequenceNumber ${w.outcome.sequenceNumber} in ${w.outcome.shardId}`,
        w.call.exchange!,
      );
    }
    if (!interleaved)
      return { cannotJudge: 'no shard acknowledged a PutRecord and a PutRecords write one after the other' };
    return undefined;
  },
};
