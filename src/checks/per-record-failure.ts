import { historyFailure, type HistoryCheck } from './history-check.ts';
import { notProvoked, scenarioOf } from './throttling-view.ts';
import { describeResponse, isObject, present } from './view.ts';
import { describeRecord } from './write-history.ts';

/**
 * A shard driven past its write limit fails the records over the limit one by one, inside an HTTP 200
 * whose FailedRecordCount and Records account for every record; it does not reject the batch as a whole.
 */
export const perRecordFailure: HistoryCheck = {
  id: 'throttling.per-record-failure',
  title:
    'Records over a shard write limit fail one by one with ProvisionedThroughputExceededException, and the counts add up',
  severity: 'must',
  source:
    'seed putrecords.md ("Possible error types: ProvisionedThroughputExceededException or InternalFailure"; FailedRecordCount); AWS-LIM (1 MiB/s or 1,000 records/s per shard); AWS-PRRE; behaviour.md 4.3',
  judge(ctx) {
    const view = scenarioOf(ctx);
    const reason = notProvoked(ctx, view);
    if (reason !== undefined) return { cannotJudge: reason };
    const { profile } = ctx;
    for (let c = 0; c < ctx.calls.length; c++) {
      const call = ctx.calls[c]!;
      const ex = call.exchange;
      if (!ex || call.operation !== 'PutRecords') continue;
      if (ex.status !== 200)
        return historyFailure(
          this,
          `HTTP 200 to call ${c}: records over the limit fail with ${profile.recordErrors.throughputExceeded} one by one, the batch is not rejected`,
          describeResponse(ex),
          ex,
        );
      const entries = isObject(ex.body) && Array.isArray(ex.body['Records']) ? ex.body['Records'] : [];
      if (entries.length !== call.records.length)
        return historyFailure(
          this,
          `${call.records.length} result entries in the answer to call ${c}, one per record sent`,
          `${entries.length} result entries`,
          ex,
        );
      const failed = entries.filter((e) => present(e, 'ErrorCode'));
      const count = isObject(ex.body) ? ex.body['FailedRecordCount'] : undefined;
      if (count !== failed.length)
        return historyFailure(
          this,
          `FailedRecordCount ${failed.length} in the answer to call ${c}, the entries with an ErrorCode`,
          `FailedRecordCount ${JSON.stringify(count)}`,
          ex,
        );
    }
    const code = profile.recordErrors.throughputExceeded;
    const wrong = view.reactions.find((r) => r.outcome.kind === 'failed' && r.outcome.errorCode !== code);
    if (wrong && wrong.outcome.kind === 'failed')
      return historyFailure(
        this,
        `${describeRecord(wrong)}, to a shard over its limit, failed with ${code}`,
        `ErrorCode ${JSON.stringify(wrong.outcome.errorCode)}`,
        wrong.call.exchange!,
      );
    return undefined;
  },
};
