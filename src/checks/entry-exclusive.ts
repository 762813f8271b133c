import type { Check } from './check.ts';
import { failure, isPutRecords, present, resultEntries } from './view.ts';

const SUCCESS = ['SequenceNumber', 'ShardId'] as const;
const ERROR = ['ErrorCode', 'ErrorMessage'] as const;

/** A result entry is either a write (SequenceNumber + ShardId) or a failure (ErrorCode + ErrorMessage). */
export const entryExclusive: Check = {
  id: 'put-records.entry-exclusive',
  title: 'Each result entry has SequenceNumber and ShardId, or ErrorCode and ErrorMessage, never both',
  severity: 'must',
  source:
    'seed putrecords.md (a processed message "contains the ShardId ... and SequenceNumber"; a failed one "contains the ErrorCode and ErrorMessage"); AWS-PRRE',
  judge(ctx) {
    const { exchange } = ctx;
    if (!isPutRecords(exchange)) return undefined;
    const results = resultEntries(exchange);
    if (!results) return undefined;
    for (let i = 0; i < results.length; i++) {
      const entry = results[i];
      const has = [...SUCCESS, ...ERROR].filter((k) => present(entry, k));
      const ok = SUCCESS.every((k) => present(entry, k)) || ERROR.every((k) => present(entry, k));
      if (ok && has.length === 2) continue;
      return failure(
        this,
        `result entry ${i} with SequenceNumber and ShardId (written) or ErrorCode and ErrorMessage (failed), and nothing of the other pair`,
        `result entry ${i} with ${has.length === 0 ? 'none of these members' : has.join(', ')}`,
      );
    }
    return undefined;
  },
};
