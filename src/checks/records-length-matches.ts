import type { Check } from './check.ts';
import { failure, isPutRecords, requestRecords, resultEntries } from './view.ts';

/** One result per request record: the caller pairs them by index. */
export const recordsLengthMatches: Check = {
  id: 'put-records.records-length-matches',
  title: 'Records has one result per request record',
  severity: 'must',
  source:
    'seed putrecords.md: "Each element of the array returned corresponds to an element of the array sent"; AWS-M PutRecordsOutput.Records',
  judge(ctx) {
    const { exchange } = ctx;
    if (!isPutRecords(exchange)) return undefined;
    const sent = requestRecords(exchange);
    const results = resultEntries(exchange);
    if (!sent || !results || sent.length === results.length) return undefined;
    return failure(
      this,
      `${sent.length} result entries, one per record sent, in the same order`,
      `${results.length} result entries`,
    );
  },
};
