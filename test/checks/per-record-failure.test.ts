import { describe, expect, test } from 'vitest';
import { isCannotJudge, type HistoryFailure } from '../../src/checks/history-check.ts';
import { perRecordFailure } from '../../src/checks/per-record-failure.ts';
import { FakeTarget, recordTo, rewriteAnswer, THREE_SHARDS } from './history-fixtures.ts';
import { scenarioHistory } from './throttling-fixtures.ts';
import { yds } from './fixtures.ts';

const PTEE = yds.recordErrors.throughputExceeded;

describe('throttling.per-record-failure', () => {
  test('passes records failed one by one with ProvisionedThroughputExceededException', () => {
    const { target, calls } = scenarioHistory();
    const failed = calls.reduce(
      (n, c) => n + (c.exchange!.body as { FailedRecordCount: number }).FailedRecordCount,
      0,
    );
    expect(failed).toBeGreaterThan(0);
    expect(perRecordFailure.judge(target.context(calls))).toBeUndefined();
  });

  test('fails a batch rejected as a whole', () => {
    const { target, calls } = scenarioHistory();
    const last = calls.length - 1;
    calls[last] = target.answer('PutRecords', calls[last]!.records, 'w0', 400, {
      __type: yds.errors.throughputExceeded.type,
      message: 'Rate exceeded',
    });
    const failure = perRecordFailure.judge(target.context(calls)) as HistoryFailure;
    expect(failure.expected).toMatch(new RegExp(`^HTTP 200 to call ${last}: records over the limit fail`));
    expect(failure.received).toBe('HTTP 400 ProvisionedThroughputExceededException: Rate exceeded');
  });

  test('fails throttled records with another code (a rate limiter answering ThrottlingException)', () => {
    const { target, calls } = scenarioHistory();
    const renamed = calls.map((c) =>
      rewriteAnswer(c, (es) =>
        es.map((e) => (e['ErrorCode'] === PTEE ? { ...e, ErrorCode: 'ThrottlingException' } : e)),
      ),
    );
    expect((perRecordFailure.judge(target.context(renamed)) as HistoryFailure).received).toBe(
      'ErrorCode "ThrottlingException"',
    );
  });

  test('fails a FailedRecordCount that does not count the failures', () => {
    const { target, calls } = scenarioHistory();
    const c = calls.findIndex(
      (call) => (call.exchange!.body as { FailedRecordCount: number }).FailedRecordCount > 0,
    );
    const body = calls[c]!.exchange!.body as Record<string, unknown>;
    calls[c] = {
      ...calls[c]!,
      exchange: { ...calls[c]!.exchange!, body: { ...body, FailedRecordCount: 0 } },
    };
    expect((perRecordFailure.judge(target.context(calls)) as HistoryFailure).received).toBe(
      'FailedRecordCount 0',
    );
  });

  test('skips, with the reason, on a target that never throttles', () => {
    const { target, calls } = scenarioHistory({ capacity: undefined });
    const verdict = perRecordFailure.judge(target.context(calls));
    expect(isCannotJudge(verdict) && verdict.cannotJudge).toMatch(
      /^could not provoke throttling: shardId-000000000000 took 4 records and \d+ bytes in \d+ ms; shardId-000000000001 took 2250 records and \d+ bytes in \d+ ms, over the documented 1048576 bytes or 1000 records per second, and every record was written$/,
    );
  });

  test('skips a history that drove no shard past the limit, and a slow one', () => {
    const target = new FakeTarget({ shards: THREE_SHARDS, capacity: 1 });
    const calls = [target.putRecords([recordTo(THREE_SHARDS, 0), recordTo(THREE_SHARDS, 0)])];
    expect(isCannotJudge(perRecordFailure.judge(target.context(calls)))).toBe(true);
    // The same load over 10 s is under the limit: a target need not throttle it.
    const slow = scenarioHistory({ durationMs: 2_000 });
    const verdict = perRecordFailure.judge(slow.target.context(slow.calls));
    expect(isCannotJudge(verdict) && verdict.cannotJudge).toMatch(/drove no shard past the documented limit/);
  });
});
