import { describe, expect, test } from 'vitest';
import { batchContinues } from '../../src/checks/batch-continues.ts';
import { isCannotJudge, type HistoryFailure } from '../../src/checks/history-check.ts';
import { rewriteAnswer } from './history-fixtures.ts';
import { scenarioHistory } from './throttling-fixtures.ts';
import { yds } from './fixtures.ts';

const failedEntry = { ErrorCode: yds.recordErrors.throughputExceeded, ErrorMessage: 'Rate exceeded.' };

describe('throttling.batch-continues', () => {
  test('passes a target that keeps processing after a failed record', () => {
    const { target, calls } = scenarioHistory();
    expect(batchContinues.judge(target.context(calls))).toBeUndefined();
  });

  test('fails a target that fails every record after the first failure', () => {
    const { target, calls } = scenarioHistory();
    const stopping = calls.map((c) =>
      rewriteAnswer(c, (es) => {
        const first = es.findIndex((e) => e['ErrorCode'] !== undefined);
        return first < 0 ? es : es.map((e, i) => (i > first ? { ...failedEntry } : e));
      }),
    );
    const failure = batchContinues.judge(target.context(stopping)) as HistoryFailure;
    expect(failure.checkId).toBe('throttling.batch-continues');
    expect(failure.expected).toMatch(
      /written: shardId-000000000002 is idle \(shardId-000000000002 took \d+ records/,
    );
    expect(failure.received).toBe(`it failed with ${yds.recordErrors.throughputExceeded}`);
  });

  test('fails a batch that stops at the first failure with InternalFailure', () => {
    const { target, calls } = scenarioHistory();
    const stopping = calls.map((c) =>
      rewriteAnswer(c, (es) => {
        const first = es.findIndex((e) => e['ErrorCode'] !== undefined);
        return first < 0
          ? es
          : es.map((e, i) =>
              i > first ? { ErrorCode: yds.recordErrors.internalFailure, ErrorMessage: 'x' } : e,
            );
      }),
    );
    expect((batchContinues.judge(target.context(stopping)) as HistoryFailure).received).toMatch(
      /^every one of the \d+ records after it failed/,
    );
  });

  test('skips a target that never failed a record', () => {
    const { target, calls } = scenarioHistory({ capacity: undefined });
    const verdict = batchContinues.judge(target.context(calls));
    expect(isCannotJudge(verdict) && verdict.cannotJudge).toMatch(/^could not provoke throttling/);
  });
});
