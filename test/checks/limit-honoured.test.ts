import { describe, expect, test } from 'vitest';
import type { CannotJudge, HistoryFailure } from '../../src/checks/history-check.ts';
import { limitHonoured } from '../../src/checks/limit-honoured.ts';
import type { IteratorRead } from '../../src/checks/shard-reads.ts';
import { aws, yds } from './fixtures.ts';
import { FakeShards, rewritePages, SHARD_A, type FakeOptions } from './read-fixtures.ts';

/** Five records, a full read and one read per Limit (the suite's cases for that profile). */
function limitReads(limits: readonly number[], options: FakeOptions = {}) {
  const fake = new FakeShards(options);
  const written = [...fake.write(SHARD_A, 4), ...fake.write(SHARD_A, 1)];
  const reads = [
    fake.read('TRIM_HORIZON', SHARD_A, { ShardIteratorType: 'TRIM_HORIZON' }),
    ...limits.map((limit) =>
      fake.read(`Limit ${limit}`, SHARD_A, { ShardIteratorType: 'TRIM_HORIZON' }, { limit, limitCase: true }),
    ),
  ];
  return fake.context(new Map([[SHARD_A, written]]), reads);
}

const only = (read: IteratorRead, records: number) => rewritePages(read, (rs) => rs.slice(0, records));

describe('get-records.limit-honoured', () => {
  test('passes exact pages at n - 1, n, n + 1, 1 and the maximum', () => {
    expect(limitHonoured.judge(limitReads([1, 4, 5, 6, 9999, 10000]))).toBeUndefined();
  });

  test('passes YDS reading Limit 0 as the default', () => {
    const ctx = limitReads([0], { profile: yds });
    expect(limitHonoured.judge(ctx)).toBeUndefined();
  });

  test('fails a page over its Limit', () => {
    const ctx = limitReads([4]);
    const extra = ctx.reads[0]!.pages[0]!.body as { Records: Record<string, unknown>[] };
    const over = rewritePages(ctx.reads[1]!, (rs) => [...rs, extra.Records[4]!]);
    const v = limitHonoured.judge({ ...ctx, reads: [ctx.reads[0]!, over] }) as HistoryFailure;
    expect(v.expected).toBe("at most 4 records (the page's Limit) in Limit 4");
    expect(v.received).toBe('5 records');
  });

  test('fails a page with fewer records than the Limit allows and are there', () => {
    const ctx = limitReads([5]);
    const v = limitHonoured.judge({
      ...ctx,
      reads: [ctx.reads[0]!, only(ctx.reads[1]!, 4)],
    }) as HistoryFailure;
    expect(v.expected).toMatch(
      /^5 records \(the first 5 of the 5 in shardId-000000000000\) in the first page/,
    );
    expect(v.received).toBe('4 records');
  });

  test("fails YDS's Limit 0 answered with one record (0 read as a limit of 1)", () => {
    const ctx = limitReads([0], { profile: yds });
    const v = limitHonoured.judge({
      ...ctx,
      reads: [ctx.reads[0]!, only(ctx.reads[1]!, 1)],
    }) as HistoryFailure;
    expect(v.received).toBe('1 records');
  });

  test('fails the right count of the wrong records', () => {
    const ctx = limitReads([2]);
    const all = (ctx.reads[0]!.pages[0]!.body as { Records: Record<string, unknown>[] }).Records;
    const skipped = rewritePages(ctx.reads[1]!, () => [all[1]!, all[2]!]);
    const v = limitHonoured.judge({ ...ctx, reads: [ctx.reads[0]!, skipped] }) as HistoryFailure;
    expect(v.received).toBe('2 records, the 1st being record 2 of 5');
  });

  test('fails a refused Limit the profile accepts', () => {
    const ctx = limitReads([10000]);
    const { page } = new FakeShards({ profile: aws }).page(SHARD_A, 0, 1);
    const refused = {
      ...ctx.reads[1]!,
      pages: [{ ...page, status: 400, body: { __type: 'ValidationException', message: 'Limit' } }],
    };
    const v = limitHonoured.judge({ ...ctx, reads: [ctx.reads[0]!, refused] }) as HistoryFailure;
    expect(v.received).toBe('HTTP 400 ValidationException: Limit');
  });

  test('cannot judge without a Limit case', () => {
    const ctx = limitReads([]);
    expect((limitHonoured.judge(ctx) as CannotJudge).cannotJudge).toMatch(/no read was made/);
  });
});
