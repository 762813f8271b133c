import { describe, expect, test } from 'vitest';
import type { CannotJudge, HistoryFailure } from '../../src/checks/history-check.ts';
import {
  afterSequenceNumberStart,
  atSequenceNumberStart,
  atTimestampStart,
  latestStart,
  shardStartOnEmptyShard,
  trimHorizonStart,
} from '../../src/checks/iterator-start.ts';
import type { IteratorRead } from '../../src/checks/shard-reads.ts';
import { exchange } from './fixtures.ts';
import { changeRead, iteratorReads, rewritePages } from './read-fixtures.ts';

const CHECKS = [
  trimHorizonStart,
  latestStart,
  atSequenceNumberStart,
  afterSequenceNumberStart,
  atTimestampStart,
  shardStartOnEmptyShard,
];

/** The read's records shifted by one: the first dropped (starts one late) or one before it added. */
function startLate(read: IteratorRead): IteratorRead {
  let dropped = false;
  return rewritePages(read, (records) => {
    if (dropped || records.length === 0) return records;
    dropped = true;
    return records.slice(1);
  });
}

function startEarly(read: IteratorRead, before: Record<string, unknown>): IteratorRead {
  return rewritePages(read, (records, page) => (page === 0 ? [before, ...records] : records));
}

const failed = (verdict: unknown) => verdict as HistoryFailure;

describe('get-shard-iterator start checks', () => {
  test.each(['json', 'cbor'] as const)('every type passes reads that start where documented (%s)', (wire) => {
    const { ctx } = iteratorReads({ wire });
    for (const check of CHECKS) expect(check.judge(ctx), check.id).toBeUndefined();
  });

  test('TRIM_HORIZON fails a read that skips the oldest record', () => {
    const { ctx } = iteratorReads();
    const v = failed(trimHorizonStart.judge(changeRead(ctx, 'TRIM_HORIZON', startLate)));
    expect(v.expected).toMatch(/from record 1 of 6 on/);
    expect(v.received).toMatch(/^record 2 of 6 as the 1st record read, where record 1 of 6 belongs/);
    expect(v.evidence.request.operation).toBe('GetRecords');
  });

  test('LATEST fails a read that also returns the last record written before it', () => {
    const { ctx } = iteratorReads();
    const lastBefore = (ctx.reads[0]!.pages[1]!.body as { Records: Record<string, unknown>[] }).Records[1]!;
    const v = failed(latestStart.judge(changeRead(ctx, 'LATEST', (r) => startEarly(r, lastBefore))));
    expect(v.received).toMatch(/^record 6 of 6 as the 1st record read/);
  });

  test('LATEST fails a read that misses what was written after it', () => {
    const { ctx } = iteratorReads();
    const v = failed(latestStart.judge(changeRead(ctx, 'LATEST', (r) => rewritePages(r, () => []))));
    expect(v.expected).toMatch(
      /none of the 6 records written before the iterator, then the 2 written after it/,
    );
    expect(v.received).toMatch(
      /^no record, then nothing more \(record 1 of the 2 written after the iterator is missing\)/,
    );
  });

  test('AT_SEQUENCE_NUMBER fails a read that starts after the record (exclusive)', () => {
    const { ctx } = iteratorReads();
    expect(failed(atSequenceNumberStart.judge(changeRead(ctx, 'AT 1', startLate))).received).toMatch(
      /^record 3 of 6 as the 1st record read, where record 2 of 6 belongs/,
    );
  });

  test('AFTER_SEQUENCE_NUMBER fails a read that starts at the record (inclusive)', () => {
    const { ctx } = iteratorReads();
    const at = (
      ctx.reads.find((r) => r.name === 'AT 0')!.pages[0]!.body as { Records: Record<string, unknown>[] }
    ).Records[0]!;
    expect(
      failed(afterSequenceNumberStart.judge(changeRead(ctx, 'AFTER 0', (r) => startEarly(r, at)))).received,
    ).toMatch(/^record 1 of 6 as the 1st record read, where record 2 of 6 belongs/);
  });

  test('AFTER_SEQUENCE_NUMBER of the last record reads nothing: a record there fails', () => {
    const { ctx } = iteratorReads();
    const last = (ctx.reads[0]!.pages[1]!.body as { Records: Record<string, unknown>[] }).Records[1]!;
    expect(
      failed(afterSequenceNumberStart.judge(changeRead(ctx, 'AFTER 5', (r) => startEarly(r, last)))).received,
    ).toMatch(/^record 6 of 6 as the 1st record read, after every record expected/);
  });

  test('AT_TIMESTAMP fails a read that starts after the first record at or after the time', () => {
    const { ctx } = iteratorReads();
    const name = ctx.reads.find((r) => r.name.startsWith('AT_TIMESTAMP'))!.name;
    expect(failed(atTimestampStart.judge(changeRead(ctx, name, startLate))).received).toMatch(
      /^record 2 of 6 as the 1st record read, where record 1 of 6 belongs/,
    );
  });

  test('AT_TIMESTAMP cannot judge without a TRIM_HORIZON read to learn the arrival times from', () => {
    const { ctx } = iteratorReads();
    const without = { ...ctx, reads: ctx.reads.filter((r) => r.name !== 'TRIM_HORIZON') };
    expect((atTimestampStart.judge(without) as CannotJudge).cannotJudge).toMatch(
      /no complete TRIM_HORIZON read/,
    );
  });

  test('the shard start fails when the target refuses the iterator (the reference server before issue #12)', () => {
    const { ctx } = iteratorReads();
    const refused = (r: IteratorRead): IteratorRead => ({
      ...r,
      start: exchange(r.start!.request, 400, {
        __type: 'InvalidArgumentException',
        message: 'Invalid StartingSequenceNumber.',
      }),
      pages: [],
    });
    const v = failed(shardStartOnEmptyShard.judge(changeRead(ctx, 'AT the start of B', refused)));
    expect(v.received).toBe('HTTP 400 InvalidArgumentException: Invalid StartingSequenceNumber.');
    expect(v.evidence.request.operation).toBe('GetShardIterator');
  });

  test('a record read twice fails, and one read after the others belong', () => {
    const { ctx } = iteratorReads();
    const twice = rewritePages(ctx.reads[0]!, (records, page) =>
      page === 1 ? [records[0]!, ...records] : records,
    );
    expect(failed(trimHorizonStart.judge(changeRead(ctx, 'TRIM_HORIZON', () => twice))).received).toMatch(
      /^record 5 of 6 as the 6th record read, where record 6 of 6 belongs/,
    );
  });

  test('a read that stopped short says why', () => {
    const { ctx } = iteratorReads();
    const short = (r: IteratorRead): IteratorRead => ({
      ...r,
      pages: r.pages.slice(0, 1),
      incomplete: 'GetRecords answered HTTP 400 ProvisionedThroughputExceededException',
    });
    expect(failed(trimHorizonStart.judge(changeRead(ctx, 'TRIM_HORIZON', short))).received).toMatch(
      /^4 records, the last record 4 of 6, then the read stopped: GetRecords answered HTTP 400/,
    );
  });

  test('each read that fails is a failure of its own, named by the read', () => {
    const { ctx } = iteratorReads();
    const broken = changeRead(changeRead(ctx, 'AT 0', startLate), 'AT 1', startLate);
    const v = atSequenceNumberStart.judge(broken) as readonly HistoryFailure[];
    expect(v.map((f) => f.case)).toEqual(['AT 0', 'AT 1']);
  });

  test('a type with no read cannot be judged', () => {
    const { ctx } = iteratorReads();
    const v = latestStart.judge({ ...ctx, reads: ctx.reads.filter((r) => r.name !== 'LATEST') });
    expect((v as CannotJudge).cannotJudge).toBe('no LATEST iterator of this kind was read');
  });
});
