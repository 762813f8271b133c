import type { Check } from './check.ts';
import { failure, isObject, isPutRecords, present, resultEntries } from './view.ts';

/** FailedRecordCount is what a caller retries on: it must count the entries that carry an ErrorCode. */
export const failedCountMatches: Check = {
  id: 'put-records.failed-count-matches',
  title: 'FailedRecordCount equals the number of entries with an ErrorCode',
  severity: 'must',
  source:
    'seed putrecords.md "FailedRecordCount: The number of unprocessed messages"; AWS-M PutRecordsOutput.FailedRecordCount',
  judge(ctx) {
    const { exchange } = ctx;
    if (!isPutRecords(exchange)) return undefined;
    const results = resultEntries(exchange);
    if (!results || !isObject(exchange.body)) return undefined;
    const count = exchange.body['FailedRecordCount'];
    if (typeof count !== 'number') return undefined;
    const failed = results.filter((r) => present(r, 'ErrorCode')).length;
    if (count === failed) return undefined;
    return failure(
      this,
      `FailedRecordCount ${failed}, the number of result entries with an ErrorCode`,
      `FailedRecordCount ${count}`,
    );
  },
};
