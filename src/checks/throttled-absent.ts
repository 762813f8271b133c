import { historyFailure, type HistoryCheck } from './history-check.ts';
import { describeRead, incompleteRead, lastExchange, ReadIndex } from './read-back-view.ts';
import { contentKey, copiesAllowed, describeRecord, historyRecords } from './write-history.ts';

/**
 * A record answered with ProvisionedThroughputExceededException was not written: it is not in the stream. A
 * caller retries such a record, so a target that wrote it anyway duplicates it.
 */
export const throttledAbsent: HistoryCheck = {
  id: 'read-back.throttled-absent',
  title: 'A record reported as failed with ProvisionedThroughputExceededException is not in the stream',
  severity: 'must',
  source:
    'seed putrecords.md: FailedRecordCount "The number of unprocessed messages"; AWS-M PutRecords ("records that were not successfully processed"); AWS-M PutRecord',
  judge(ctx) {
    if (!ctx.readBack) return { cannotJudge: 'no read-back was recorded' };
    const code = ctx.profile.recordErrors.throughputExceeded;
    const type = ctx.profile.errors.throughputExceeded.type;
    const throttled = historyRecords(ctx.calls).filter(
      (r) => r.outcome.kind === 'failed' && r.outcome.errorCode === (r.outcome.perRecord ? code : type),
    );
    if (throttled.length === 0)
      return {
        cannotJudge: `could not provoke throttling: no record was answered with ${code}, so none must be absent`,
      };
    const stopped = incompleteRead(ctx.readBack);
    const evidence = stopped && lastExchange(stopped);
    if (stopped && evidence)
      return historyFailure(
        this,
        `a read of ${stopped.shardId} from TRIM_HORIZON to its tip`,
        `the read stopped short: ${stopped.incomplete}`,
        evidence,
      );
    const index = new ReadIndex(ctx.readBack);
    const allowed = copiesAllowed(ctx.calls);
    for (const r of throttled) {
      const key = contentKey(r.record.partitionKey, r.record.data);
      const copies = index.withContent(key);
      // Another record with the same content may be there (the suite keeps contents unique; others may not).
      const found = copies[allowed.get(key)?.atMost ?? 0];
      if (found)
        return historyFailure(
          this,
          `${describeRecord(r)}, answered with ${code}, nowhere in the stream`,
          `it at ${describeRead(found)}`,
          found.page,
        );
    }
    return undefined;
  },
};
