import { historyFailure, type HistoryCheck } from './history-check.ts';
import { scenarioOf } from './throttling-view.ts';
import { describeRecord, expectedShardOf } from './write-history.ts';

/**
 * The seed: "If the type is ProvisionedThroughputExceededException, the error message contains the account
 * ID, the stream name, and the shard ID of the message that couldn't be processed". The shard is the one the
 * documented routing names for the record; the account is the one in the stream's ARN, when there is one.
 */
export const messageNamesShard: HistoryCheck = {
  id: 'throttling.message-names-shard',
  title: "A throttled record's ErrorMessage names the account, the stream and the shard",
  severity: 'must',
  source:
    'seed putrecords.md ("the error message contains the account ID, the stream name, and the shard ID"); AWS-PRRE; behaviour.md 3 "Failure entry"',
  judge(ctx) {
    const { throttled } = scenarioOf(ctx);
    const code = ctx.profile.recordErrors.throughputExceeded;
    if (throttled.length === 0)
      return { cannotJudge: `could not provoke throttling: no record was answered with ${code}` };
    for (const r of throttled) {
      if (r.outcome.kind !== 'failed') continue;
      const shard = expectedShardOf(r.record, ctx.shards);
      const names: [string, string][] = [
        ['the stream', ctx.stream],
        ...(shard !== undefined ? [['the shard', shard] as [string, string]] : []),
        ...(ctx.accountId !== undefined ? [['the account', ctx.accountId] as [string, string]] : []),
      ];
      const message = r.outcome.errorMessage ?? '';
      const missing = names.filter(([, value]) => !message.includes(value));
      if (missing.length === 0) continue;
      return historyFailure(
        this,
        `the ErrorMessage of ${describeRecord(r)} naming ${names.map(([what, value]) => `${what} ${value}`).join(', ')}${
          ctx.accountId === undefined
            ? ' (the account is not checked: the stream has no ARN to learn it from)'
            : ''
        }`,
        `${r.outcome.errorMessage === undefined ? 'no ErrorMessage' : `ErrorMessage ${JSON.stringify(message)}`}, without ${missing.map(([what]) => what).join(', ')}`,
        r.call.exchange!,
      );
    }
    return undefined;
  },
};
