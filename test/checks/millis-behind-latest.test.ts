import { describe, expect, test } from 'vitest';
import type { CannotJudge, HistoryFailure } from '../../src/checks/history-check.ts';
import { millisBehindLatest } from '../../src/checks/millis-behind-latest.ts';
import type { IteratorRead, ReadContext } from '../../src/checks/shard-reads.ts';
import { yds } from './fixtures.ts';
import { changeRead, iteratorReads, recordsPage } from './read-fixtures.ts';

/** The read with MillisBehindLatest of page `index` set to `value` (undefined: left out). */
function behind(ctx: ReadContext, name: string, index: number, value: unknown): ReadContext {
  return changeRead(ctx, name, (r: IteratorRead) => ({
    ...r,
    pages: r.pages.map((p, i) => {
      if (i !== index) return p;
      const { Records, MillisBehindLatest: _, ...rest } = p.body as Record<string, unknown>;
      return recordsPage(
        p.request.wire,
        Records as Record<string, unknown>[],
        value === undefined ? rest : { ...rest, MillisBehindLatest: value },
        p.request.body as Record<string, unknown>,
      );
    }),
  }));
}

describe('get-records.millis-behind-latest', () => {
  test('passes 0 once caught up and the lag before', () => {
    const { ctx } = iteratorReads();
    expect(millisBehindLatest.judge(ctx)).toBeUndefined();
    // The TRIM_HORIZON read with Limit 4: its first page is behind, which the fake says as a lag.
    expect(
      (ctx.reads[0]!.pages[0]!.body as { MillisBehindLatest: number }).MillisBehindLatest,
    ).toBeGreaterThan(0);
  });

  test('fails a lag on the page that returned the last record (kinesis-mock: last minus first arrival)', () => {
    const { ctx } = iteratorReads();
    const v = millisBehindLatest.judge(behind(ctx, 'TRIM_HORIZON', 1, 7957)) as HistoryFailure;
    expect(v.expected).toBe(
      'MillisBehindLatest 0 on page 2 of TRIM_HORIZON: every record written so far has been returned',
    );
    expect(v.received).toBe('MillisBehindLatest 7957');
  });

  test('fails a lag on an empty shard, and no MillisBehindLatest where it is caught up', () => {
    const { ctx } = iteratorReads();
    expect(
      (millisBehindLatest.judge(behind(ctx, 'AT the start of B', 0, 3)) as HistoryFailure).expected,
    ).toMatch(/the shard held no record yet$/);
    expect(
      (millisBehindLatest.judge(behind(ctx, 'TRIM_HORIZON', 1, undefined)) as HistoryFailure).received,
    ).toBe('no MillisBehindLatest');
  });

  test('fails a negative, fractional or text MillisBehindLatest anywhere', () => {
    const { ctx } = iteratorReads();
    for (const value of [-1, 1.5, '0'])
      expect(
        (millisBehindLatest.judge(behind(ctx, 'TRIM_HORIZON', 0, value)) as HistoryFailure).received,
      ).toBe(`MillisBehindLatest ${JSON.stringify(value)}`);
  });

  test('takes an 8-byte integer 0 (a bigint from the CBOR decoder) as 0', () => {
    const { ctx } = iteratorReads({ wire: 'cbor' });
    expect(millisBehindLatest.judge(behind(ctx, 'TRIM_HORIZON', 1, 0n))).toBeUndefined();
    expect((millisBehindLatest.judge(behind(ctx, 'TRIM_HORIZON', 1, 5n)) as HistoryFailure).received).toBe(
      'MillisBehindLatest 5',
    );
  });

  test('under yds judges only the form: YDS counts from the last write (behaviour.md row 30)', () => {
    const { ctx } = iteratorReads({ profile: yds });
    expect(millisBehindLatest.judge(behind(ctx, 'TRIM_HORIZON', 1, 7957))).toBeUndefined();
    expect(millisBehindLatest.judge(behind(ctx, 'TRIM_HORIZON', 1, -3))).toBeDefined();
  });

  test('cannot judge when no read reached the tip', () => {
    const { ctx } = iteratorReads();
    expect((millisBehindLatest.judge({ ...ctx, reads: [] }) as CannotJudge).cannotJudge).toMatch(
      /no read reached/,
    );
  });
});
