import { describe, expect, test } from 'vitest';
import { accountOfArn, isCannotJudge, type HistoryFailure } from '../../src/checks/history-check.ts';
import { messageNamesShard } from '../../src/checks/message-names-shard.ts';
import { ACCOUNT, STREAM } from './history-fixtures.ts';
import { scenarioHistory } from './throttling-fixtures.ts';

describe('throttling.message-names-shard', () => {
  test('passes a message naming account, stream and shard', () => {
    const { target, calls } = scenarioHistory();
    expect(messageNamesShard.judge(target.context(calls))).toBeUndefined();
  });

  test('fails a message that names no shard', () => {
    const { target, calls } = scenarioHistory({
      throttleMessage: () => `Rate exceeded for stream ${STREAM} under account ${ACCOUNT}.`,
    });
    const failure = messageNamesShard.judge(target.context(calls)) as HistoryFailure;
    expect(failure.expected).toMatch(
      /naming the stream kcs-test-history, the shard shardId-000000000001, the account 123456789012$/,
    );
    expect(failure.received).toMatch(/, without the shard$/);
  });

  test('fails a message naming the wrong shard, or no account', () => {
    const wrong = scenarioHistory({
      throttleMessage: () =>
        `Rate exceeded for shard shardId-000000000002 in stream ${STREAM} under account ${ACCOUNT}.`,
    });
    expect((messageNamesShard.judge(wrong.target.context(wrong.calls)) as HistoryFailure).received).toMatch(
      /without the shard$/,
    );
    const noAccount = scenarioHistory({
      throttleMessage: (s) => `Rate exceeded for shard ${s} in stream ${STREAM}.`,
    });
    expect(
      (messageNamesShard.judge(noAccount.target.context(noAccount.calls)) as HistoryFailure).received,
    ).toMatch(/without the account$/);
  });

  test('without an ARN the account cannot be checked, and says so only when failing', () => {
    const { target, calls } = scenarioHistory({
      throttleMessage: (s) => `Rate exceeded for shard ${s} in stream ${STREAM}.`,
    });
    const { accountId: _, ...withoutAccount } = target.context(calls);
    expect(messageNamesShard.judge(withoutAccount)).toBeUndefined();
  });

  test('skips when nothing was throttled', () => {
    const { target, calls } = scenarioHistory({ capacity: undefined });
    expect(isCannotJudge(messageNamesShard.judge(target.context(calls)))).toBe(true);
  });

  test('accountOfArn', () => {
    expect(accountOfArn('arn:aws:kinesis:us-east-1:000000000000:stream/s')).toBe('000000000000');
    expect(accountOfArn('arn:aws:kinesis:us-east-1::stream/s')).toBeUndefined();
    expect(accountOfArn(undefined)).toBeUndefined();
    expect(accountOfArn('stream/s')).toBeUndefined();
  });
});
