import { historyFailure, type HistoryCheck } from './history-check.ts';
import { describeRead, incompleteRead, lastExchange, ReadIndex } from './read-back-view.ts';
import { contentKey, copiesAllowed, describeRecord, writtenRecords } from './write-history.ts';

/**
 * An acknowledged record is in the stream exactly once: in the shard the write response named, at the
 * sequence number it named. A copy elsewhere (same key and Data, which the suite makes unique) is a duplicate.
 */
export const acknowledgedPresentOnce: HistoryCheck = {
  id: 'read-back.acknowledged-present-once',
  title: 'Every acknowledged record is read back exactly once, in its shard, at its SequenceNumber',
  severity: 'must',
  source:
    'seed putrecords.md: a processed message "contains the ShardId indicating the shard that the message was written to and the message number (SequenceNumber)"; AWS-M GetRecords',
  judge(ctx) {
    const reads = ctx.readBack;
    if (!reads) return { cannotJudge: 'no read-back was recorded' };
    const written = writtenRecords(ctx.calls);
    if (written.length === 0) return { cannotJudge: 'no record was acknowledged, so none must be read back' };
    const stopped = incompleteRead(reads, written);
    const evidence = stopped && lastExchange(stopped);
    if (stopped && evidence)
      return historyFailure(
        this,
        `a read of ${stopped.shardId} from TRIM_HORIZON to its tip`,
        `the read stopped short: ${stopped.incomplete}`,
        evidence,
      );
    const index = new ReadIndex(reads);
    const allowed = copiesAllowed(ctx.calls);
    for (const w of written) {
      const { shardId, sequenceNumber } = w.outcome;
      const at = index.at(shardId, sequenceNumber);
      const key = contentKey(w.record.partitionKey, w.record.data);
      const copies = index.withContent(key);
      const where = `${describeRecord(w)} once, in ${shardId} at ${sequenceNumber}`;
      const evidenceOfWrite = w.call.exchange!;
      if (at.length === 0) {
        const elsewhere = copies[0];
        return historyFailure(
          this,
          where,
          elsewhere
            ? `it at ${describeRead(elsewhere)} instead`
            : `no record at ${sequenceNumber} in ${shardId}${index.byShard.has(shardId) ? '' : ` (${shardId} is not a shard ListShards reported, so it was not read)`}`,
          elsewhere ? elsewhere.page : evidenceOfWrite,
        );
      }
      if (at.length > 1)
        return historyFailure(
          this,
          where,
          `${at.length} records at ${sequenceNumber} in ${shardId}`,
          at[1]!.page,
        );
      if (copies.length > (allowed.get(key)?.atMost ?? 1)) {
        const other = copies.find((c) => c !== at[0]) ?? copies[1]!;
        return historyFailure(
          this,
          where,
          `it ${copies.length} times, also at ${describeRead(other)}`,
          other.page,
        );
      }
    }
    return undefined;
  },
};
