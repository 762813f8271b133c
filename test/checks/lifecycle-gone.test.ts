import { describe, expect, test } from 'vitest';
import type { HistoryCheck, HistoryFailure } from '../../src/checks/history-check.ts';
import { deletedStream, missingStream, notFoundPattern } from '../../src/checks/lifecycle-gone.ts';
import type { GoneContext } from '../../src/checks/lifecycle-view.ts';
import { aws, yds } from './fixtures.ts';
import { call, notFound, STREAM, written } from './lifecycle-fixtures.ts';

/** The verdict, read as a failure where a test expects one (a cannot-judge verdict has its own key). */
function verdict<C>(check: HistoryCheck<C>, ctx: C): HistoryFailure | undefined {
  return check.judge(ctx) as HistoryFailure | undefined;
}

const context = (writes: GoneContext['writes'], profile = aws): GoneContext => ({
  profile,
  stream: STREAM,
  ...(writes ? { writes } : {}),
});

describe.each([missingStream, deletedStream])('$id', (check) => {
  test("passes ResourceNotFoundException in AWS's words (aws), or naming the stream (yds)", () => {
    expect(verdict(check, context([notFound('PutRecords'), notFound('PutRecord')]))).toBeUndefined();
    const ydb = `path '/Root/${STREAM}' does not exist or you do not have access rights`;
    expect(verdict(check, context([notFound('PutRecord', ydb)], yds))).toBeUndefined();
  });

  test('fails an accepted write, another error type, another status', () => {
    expect(verdict(check, context([notFound('PutRecords'), written('PutRecord')]))?.received).toMatch(
      /^HTTP 200/,
    );
    const inUse = call('PutRecord', {}, 400, {
      __type: 'ResourceInUseException',
      message: `Stream ${STREAM} is DELETING`,
    });
    expect(verdict(check, context([inUse]))?.received).toMatch(/ResourceInUseException/);
    const server = call('PutRecord', {}, 500, { __type: 'ResourceNotFoundException', message: 'x' });
    expect(verdict(check, context([server]))).toBeDefined();
  });

  test("fails kinesis-mock's message (the ARN, not AWS's words) on aws, and a message not naming the stream", () => {
    const km = notFound(
      'PutRecord',
      `Stream arn arn:aws:kinesis:us-east-1:000000000000:stream/${STREAM} not found`,
    );
    expect(verdict(check, context([km]))).toMatchObject({
      received: expect.stringMatching(/^message "Stream arn/),
    });
    expect(verdict(check, context([km], yds))).toBeUndefined();
    expect(verdict(check, context([notFound('PutRecord', 'Not found.')], yds))?.expected).toMatch(
      /a message naming it/,
    );
    expect(
      verdict(check, context([call('PutRecord', {}, 400, { __type: 'ResourceNotFoundException' })]))
        ?.received,
    ).toBe('no message');
  });

  test('cannot judge without writes', () => {
    expect(verdict(check, context([]))).toHaveProperty('cannotJudge');
    expect(verdict(check, { profile: aws, stream: STREAM, stillThereAfterMs: 120_000 })).toEqual({
      cannotJudge: 'the stream was still described 120000 ms after DeleteStream',
    });
  });
});

describe('notFoundPattern', () => {
  test("AWS's template with the name taken literally and any 12-digit account", () => {
    const p = notFoundPattern(aws, 'a.b')!;
    expect(p.test('Stream a.b under account 000000000000 not found.')).toBe(true);
    expect(p.test('Stream aXb under account 000000000000 not found.')).toBe(false);
    expect(p.test('Stream a.b under account 0 not found.')).toBe(false);
    expect(notFoundPattern(yds, 'a')).toBeUndefined();
  });
});
