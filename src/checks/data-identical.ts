import { historyFailure, type HistoryCheck } from './history-check.ts';
import { describeRead, ReadIndex } from './read-back-view.ts';
import { describeRecord, writtenRecords } from './write-history.ts';

/**
 * What is read back at an acknowledged position is what was sent there: the same PartitionKey and the same
 * bytes of Data, in the wire's form (base64 text in JSON 1.1, a byte string in CBOR 1.1). Records missing
 * from the read-back are `read-back.acknowledged-present-once`'s to report.
 */
export const dataIdentical: HistoryCheck = {
  id: 'read-back.data-identical',
  title: 'Records read back carry byte-identical Data and the same PartitionKey as sent',
  severity: 'must',
  source:
    'AWS-M Record.Data ("The data blob ... is not inspected, interpreted, or altered by Kinesis Data Streams"); AWS-M GetRecords; behaviour.md 1.1 (JSON base64, CBOR byte string)',
  judge(ctx) {
    if (!ctx.readBack) return { cannotJudge: 'no read-back was recorded' };
    const written = writtenRecords(ctx.calls);
    if (written.length === 0) return { cannotJudge: 'no record was acknowledged, so none can be compared' };
    const index = new ReadIndex(ctx.readBack);
    for (const w of written) {
      const read = index.at(w.outcome.shardId, w.outcome.sequenceNumber)[0];
      if (!read) continue;
      const what = `${describeRecord(w)} at ${describeRead(read)}`;
      if (read.partitionKey !== w.record.partitionKey)
        return historyFailure(
          this,
          `${what} with PartitionKey ${JSON.stringify(w.record.partitionKey)}`,
          read.partitionKey === undefined
            ? 'no PartitionKey'
            : `PartitionKey ${JSON.stringify(read.partitionKey)}`,
          read.page,
        );
      if (read.dataProblem !== undefined)
        return historyFailure(
          this,
          `${what} with Data as the ${read.page.request.wire.toUpperCase()} wire carries it`,
          read.dataProblem,
          read.page,
        );
      const difference = firstDifference(w.record.data, read.data!);
      if (difference !== undefined)
        return historyFailure(
          this,
          `${what} with the ${w.record.data.length} bytes of Data sent`,
          difference,
          read.page,
        );
    }
    return undefined;
  },
};

function firstDifference(sent: Uint8Array, read: Uint8Array): string | undefined {
  const n = Math.min(sent.length, read.length);
  for (let i = 0; i < n; i++) {
    if (sent[i] !== read[i])
      return `${read.length} bytes differing at byte ${i}: sent 0x${hex(sent[i]!)}, read 0x${hex(read[i]!)}`;
  }
  if (sent.length !== read.length) return `${read.length} bytes (the first ${n} as sent)`;
  return undefined;
}

function hex(byte: number): string {
  return byte.toString(16).padStart(2, '0');
}
