import { historyFailure, type HistoryCheck } from './history-check.ts';
import { describeRead, incompleteRead, lastExchange, ReadIndex } from './read-back-view.ts';
import { contentKey, copiesAllowed, describeRecord, historyRecords } from './write-history.ts';

/**
 * After several writers put batches to the same shards at once, the stream holds every acknowledged record
 * once, at its acknowledged position; no record twice; no record reported failed; nothing nobody sent; and
 * no sequence number twice in a shard. A request without an answer (timed out) may or may not have been
 * written: its records count as neither lost nor duplicated when they appear once or not at all.
 */
export const noLossNoDuplicates: HistoryCheck = {
  id: 'concurrency.no-loss-no-duplicates',
  title:
    'Concurrent writers lose no acknowledged record and duplicate none; sequence numbers are unique per shard',
  severity: 'must',
  source:
    'seed putrecords.md (ShardId and SequenceNumber of each written message; FailedRecordCount "unprocessed messages"); AWS-M SequenceNumber ("unique per partition key within its shard")',
  judge(ctx) {
    const reads = ctx.readBack;
    if (!reads) return { cannotJudge: 'no read-back was recorded' };
    const records = historyRecords(ctx.calls);
    if (!records.some((r) => r.outcome.kind === 'written'))
      return { cannotJudge: 'no record was acknowledged, so none can be lost' };
    const stopped = incompleteRead(reads);
    const last = stopped && lastExchange(stopped);
    if (stopped && last)
      return historyFailure(
        this,
        `a read of ${stopped.shardId} from TRIM_HORIZON to its tip`,
        `the read stopped short: ${stopped.incomplete}`,
        last,
      );
    // Acknowledgements: one record per (shard, sequence number).
    const acked = new Map<string, (typeof records)[number]>();
    for (const r of records) {
      if (r.outcome.kind !== 'written') continue;
      const at = `${r.outcome.shardId}/${r.outcome.sequenceNumber}`;
      const other = acked.get(at);
      if (other)
        return historyFailure(
          this,
          `a sequence number of ${r.outcome.shardId} acknowledged for one record only`,
          `${r.outcome.sequenceNumber} acknowledged for ${describeRecord(other)} and for ${describeRecord(r)}`,
          r.call.exchange!,
        );
      acked.set(at, r);
    }
    const index = new ReadIndex(reads);
    for (const shard of index.byShard.values()) {
      const seen = new Map<string, (typeof shard)[number]>();
      for (const r of shard) {
        const first = seen.get(r.sequenceNumber);
        if (first)
          return historyFailure(
            this,
            `each sequence number once in ${r.shardId}`,
            `${r.sequenceNumber} at ${describeRead(first)} and again at position ${r.position}`,
            r.page,
          );
        seen.set(r.sequenceNumber, r);
      }
    }
    const allowed = copiesAllowed(ctx.calls);
    for (const r of records) {
      const key = contentKey(r.record.partitionKey, r.record.data);
      const copies = index.withContent(key);
      const limit = allowed.get(key)?.atMost ?? 0;
      if (r.outcome.kind === 'written') {
        const { shardId, sequenceNumber } = r.outcome;
        if (!index.at(shardId, sequenceNumber).some((c) => copies.includes(c)))
          return historyFailure(
            this,
            `${describeRecord(r)}, acknowledged in ${shardId} at ${sequenceNumber}, read back there`,
            copies[0] ? `it at ${describeRead(copies[0])} instead` : 'it nowhere in the stream: lost',
            copies[0]?.page ?? r.call.exchange!,
          );
      }
      if (copies.length > limit) {
        const extra = copies[limit]!;
        const said =
          r.outcome.kind === 'failed'
            ? `reported failed (${r.outcome.errorCode}), so not in the stream`
            : r.outcome.kind === 'unknown'
              ? `sent without an answer (${r.outcome.reason}), so in the stream at most once`
              : 'in the stream once';
        return historyFailure(
          this,
          `${describeRecord(r)} ${said}`,
          `it ${copies.length} times, at ${copies.map(describeRead).join(' and ')}`,
          extra.page,
        );
      }
    }
    for (const key of index.contentKeys()) {
      if (allowed.has(key)) continue;
      const stranger = index.withContent(key)[0]!;
      return historyFailure(
        this,
        'only records the writers sent in the stream',
        `a record no writer sent at ${describeRead(stranger)} (PartitionKey ${JSON.stringify(stranger.partitionKey)})`,
        stranger.page,
      );
    }
    return undefined;
  },
};
