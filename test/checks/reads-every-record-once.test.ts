import { describe, expect, test } from 'vitest';
import type { CannotJudge, HistoryFailure } from '../../src/checks/history-check.ts';
import { readsEveryRecordOnce } from '../../src/checks/reads-every-record-once.ts';
import type { IteratorRead, ReadContext } from '../../src/checks/shard-reads.ts';
import { FakeShards, rewritePages, SHARD_A, SHARD_B } from './read-fixtures.ts';

/**
 * One run of the consumer: records written to both shards since the last read, then each shard read with
 * Limit 2 from where the last read ended (here: the start, as nothing was there before).
 */
function consumerRun(): ReadContext {
  const fake = new FakeShards();
  const later = new Map([
    [SHARD_A, [...fake.write(SHARD_A, 3), ...fake.write(SHARD_A, 2)]],
    [SHARD_B, fake.write(SHARD_B, 1)],
  ]);
  const reads: IteratorRead[] = [SHARD_A, SHARD_B].map((shardId) => {
    const pages = [];
    for (let position = 0; ;) {
      const { page, next } = fake.page(shardId, position, 2);
      pages.push(page);
      if (next === position) break;
      position = next;
    }
    return {
      name: `${shardId} goes on`,
      shardId,
      pages,
      later: later.get(shardId)!,
      laterAfterPages: 0,
      endedAt: 0,
    };
  });
  return fake.context(
    new Map([
      [SHARD_A, []],
      [SHARD_B, []],
    ]),
    reads,
  );
}

const breakA = (
  ctx: ReadContext,
  change: (rs: Record<string, unknown>[], page: number) => Record<string, unknown>[],
) => ({
  ...ctx,
  reads: ctx.reads.map((r) => (r.shardId === SHARD_A ? rewritePages(r, change) : r)),
});

describe('get-records.reads-every-record-once', () => {
  test('passes a consumer that reads every new record once, in order, page by page', () => {
    expect(readsEveryRecordOnce.judge(consumerRun())).toBeUndefined();
  });

  test('fails a record repeated on the next page (a NextShardIterator one behind)', () => {
    const v = readsEveryRecordOnce.judge(
      breakA(consumerRun(), (rs, page) => (page === 1 ? [{ ...rs[0]!, SequenceNumber: '1002' }, ...rs] : rs)),
    ) as HistoryFailure;
    expect(v.received).toBe(
      'record 2 of the 5 written after the iterator as the 3rd record read, where record 3 of the 5 written after the iterator belongs',
    );
  });

  test('fails a record skipped between pages (a NextShardIterator one ahead)', () => {
    const v = readsEveryRecordOnce.judge(
      breakA(consumerRun(), (rs, page) => (page === 1 ? rs.slice(1) : rs)),
    ) as HistoryFailure;
    expect(v.received).toMatch(/^record 4 of the 5 written after the iterator as the 3rd record read/);
  });

  test('fails two records swapped within a page', () => {
    const v = readsEveryRecordOnce.judge(
      breakA(consumerRun(), (rs, page) => (page === 0 ? [rs[1]!, rs[0]!] : rs)),
    ) as HistoryFailure;
    expect(v.received).toMatch(/^record 2 of the 5 written after the iterator as the 1st record read/);
  });

  test('fails a read that ends before the last record', () => {
    const v = readsEveryRecordOnce.judge(
      breakA(consumerRun(), (rs, page) => (page === 2 ? [] : rs)),
    ) as HistoryFailure;
    expect(v.received).toBe(
      '4 records, the last record 4 of the 5 written after the iterator, then nothing more (record 5 of the 5 written after the iterator is missing)',
    );
  });

  test('judges only reads that go on from an earlier NextShardIterator', () => {
    const ctx = consumerRun();
    const v = readsEveryRecordOnce.judge({
      ...ctx,
      reads: ctx.reads.map((r) => ({ ...r, start: r.pages[0]! })),
    }) as CannotJudge;
    expect(v.cannotJudge).toBe('no read went on from a NextShardIterator');
  });
});
