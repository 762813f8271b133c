import { historyFailure, type HistoryCheck } from './history-check.ts';
import { describeLoad, scenarioOf } from './throttling-view.ts';
import { describeRecord, expectedShardOf, historyRecords, type HistoryRecord } from './write-history.ts';

/**
 * The seed: "Failure to write any message does not stop the processing of subsequent messages". A record
 * failing on a shard past its limit leaves the records after it alone: those to idle shards are written.
 */
export const batchContinues: HistoryCheck = {
  id: 'throttling.batch-continues',
  title: 'A failed record does not stop the batch: later records, and records to idle shards, are written',
  severity: 'must',
  source:
    'seed putrecords.md ("Failure to write any message does not stop the processing of subsequent messages"); AWS-M PutRecords ("A single record failure does not stop the processing of subsequent records")',
  judge(ctx) {
    const view = scenarioOf(ctx);
    const code = ctx.profile.recordErrors.throughputExceeded;
    const byCall = new Map<number, HistoryRecord[]>();
    for (const r of historyRecords(ctx.calls))
      byCall.set(r.callIndex, [...(byCall.get(r.callIndex) ?? []), r]);
    const idle = (r: HistoryRecord): boolean => view.idle.has(expectedShardOf(r.record, ctx.shards) ?? '');
    let sawFailure = false;
    let sawIdleAfterFailure = false;
    for (const records of byCall.values()) {
      const first = records.findIndex((r) => r.outcome.kind === 'failed' && r.outcome.perRecord);
      if (first < 0) continue;
      sawFailure = true;
      const after = records.slice(first + 1);
      const idleAfter = after.filter(idle);
      if (idleAfter.length > 0) sawIdleAfterFailure = true;
      const throttledIdle = records.find(
        (r) => idle(r) && r.outcome.kind === 'failed' && r.outcome.errorCode === code,
      );
      if (throttledIdle) {
        const shard = expectedShardOf(throttledIdle.record, ctx.shards)!;
        const load = view.load.get(shard);
        return historyFailure(
          this,
          `${describeRecord(throttledIdle)} written: ${shard} is idle${load ? ` (${describeLoad(load, view.windowMs)})` : ''}`,
          `it failed with ${code}`,
          throttledIdle.call.exchange!,
        );
      }
      if (idleAfter.length > 0 && after.every((r) => r.outcome.kind === 'failed')) {
        const failed = records[first]!;
        return historyFailure(
          this,
          `the records after ${describeRecord(failed)} processed on their own: ${idleAfter.length} of them go to idle shards`,
          `every one of the ${after.length} records after it failed (the first, ${describeRecord(after[0]!)}, with ${
            after[0]!.outcome.kind === 'failed' ? after[0]!.outcome.errorCode : ''
          })`,
          failed.call.exchange!,
        );
      }
    }
    if (!sawFailure)
      return {
        cannotJudge:
          view.rejectedCalls.length > 0
            ? `no record failed on its own: ${view.rejectedCalls.length} calls were rejected as a whole (see throttling.per-record-failure)`
            : 'could not provoke throttling: no record failed, so nothing shows whether a failure stops the batch',
      };
    if (!sawIdleAfterFailure)
      return { cannotJudge: 'no record to an idle shard came after a failed one in the same call' };
    return undefined;
  },
};
