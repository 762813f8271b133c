import type { Check } from './check.ts';
import { failure, isObject, isPutRecords, present, resultEntries } from './view.ts';

/** Callers branch on ErrorCode: an undocumented one falls through their retry logic. */
export const errorCodeDocumented: Check = {
  id: 'put-records.error-code-documented',
  title: 'Per-record ErrorCode values are the documented ones',
  severity: 'must',
  source:
    'seed putrecords.md: "Possible error types: ProvisionedThroughputExceededException or InternalFailure"; AWS-PRRE',
  judge(ctx) {
    const { exchange, profile } = ctx;
    if (!isPutRecords(exchange)) return undefined;
    const results = resultEntries(exchange) ?? [];
    for (let i = 0; i < results.length; i++) {
      const entry = results[i];
      if (!isObject(entry) || !present(entry, 'ErrorCode')) continue;
      const code = entry['ErrorCode'];
      if (typeof code === 'string' && profile.recordErrorCodes.includes(code)) continue;
      return failure(
        this,
        `result entries fail with one of ${profile.recordErrorCodes.join(', ')}`,
        `result entry ${i} has ErrorCode ${JSON.stringify(code)}`,
      );
    }
    return undefined;
  },
};
