import { describe, expect, test } from 'vitest';
import { acknowledgedPresentOnce } from '../../src/checks/acknowledged-present-once.ts';
import { isCannotJudge, type HistoryFailure } from '../../src/checks/history-check.ts';
import { breakShard, busiest, FakeTarget, record, recordTo, TWO_SHARDS } from './history-fixtures.ts';

function history(wire: 'json' | 'cbor' = 'json') {
  const target = new FakeTarget({ wire, capacity: 5 });
  const calls = [
    target.putRecords([record(), record(), recordTo(TWO_SHARDS, 0), recordTo(TWO_SHARDS, 1), record()]),
    target.putRecord(record()),
    // Past the capacity: some of these are throttled, and must not be expected in the read-back.
    target.putRecords([recordTo(TWO_SHARDS, 0), recordTo(TWO_SHARDS, 0), recordTo(TWO_SHARDS, 0)]),
  ];
  return { target, calls, reads: target.readBack() };
}

const judge = (h: ReturnType<typeof history>, reads = h.reads) =>
  acknowledgedPresentOnce.judge(h.target.context(h.calls, reads));

describe('read-back.acknowledged-present-once', () => {
  test.each(['json', 'cbor'] as const)('passes a correct read-back over %s', (wire) => {
    const h = history(wire);
    expect(h.calls[2]!.exchange!.body).toMatchObject({ FailedRecordCount: expect.any(Number) });
    expect(judge(h)).toBeUndefined();
  });

  test('fails a target that drops a record on read', () => {
    const h = history();
    const shard = busiest(h.reads);
    const failure = judge(
      h,
      breakShard(h.reads, shard, (rs) => rs.filter((_, i) => i !== 1)),
    ) as HistoryFailure;
    expect(failure.checkId).toBe('read-back.acknowledged-present-once');
    expect(failure.received).toMatch(new RegExp(`^no record at \\d+ in ${shard}$`));
    // The evidence is the write that acknowledged it: its curl line replays the write.
    expect(failure.evidence.request.operation).toMatch(/^PutRecords?$/);
  });

  test('fails a target that returns a record twice', () => {
    const h = history();
    const shard = busiest(h.reads);
    const failure = judge(
      h,
      breakShard(h.reads, shard, (rs) => [...rs.slice(0, 2), rs[1]!, ...rs.slice(2)]),
    );
    expect((failure as HistoryFailure).received).toMatch(/^2 records at \d+ in shardId/);
  });

  test('fails a target that keeps a copy under another sequence number', () => {
    const h = history();
    const shard = busiest(h.reads);
    const copy = breakShard(h.reads, shard, (rs) => [
      ...rs,
      { ...rs[0]!, SequenceNumber: '99999999999999999999999' },
    ]);
    const failure = judge(h, copy) as HistoryFailure;
    expect(failure.received).toMatch(
      /^it 2 times, also at position \d+ of shardId-\d+ \(SequenceNumber 99999999999999999999999\)$/,
    );
    expect(failure.evidence.request.operation).toBe('GetRecords');
  });

  test('fails a record found at another sequence number than acknowledged', () => {
    const h = history();
    const shard = busiest(h.reads);
    const moved = breakShard(h.reads, shard, (rs) =>
      rs.map((r, i) => (i === 0 ? { ...r, SequenceNumber: '7' } : r)),
    );
    expect((judge(h, moved) as HistoryFailure).received).toMatch(
      /^it at position 0 of shardId-\d+ \(SequenceNumber 7\) instead$/,
    );
  });

  test('fails a read that stopped short, with the answer that stopped it', () => {
    const h = history();
    const reads = h.reads.map((r) => ({ ...r, incomplete: 'GetRecords answered HTTP 500 InternalFailure' }));
    const failure = judge(h, reads) as HistoryFailure;
    expect(failure.received).toBe('the read stopped short: GetRecords answered HTTP 500 InternalFailure');
  });

  test('a call without an answer may have been written: its records are neither required nor duplicates', () => {
    const h = history();
    const lost = {
      writer: 'w0',
      operation: 'PutRecords' as const,
      records: [record()],
      transportError: 'timeout',
    };
    expect(acknowledgedPresentOnce.judge(h.target.context([...h.calls, lost], h.reads))).toBeUndefined();
  });

  test('cannot judge without a read-back or without acknowledged records', () => {
    const h = history();
    expect(isCannotJudge(acknowledgedPresentOnce.judge(h.target.context(h.calls)))).toBe(true);
    expect(isCannotJudge(acknowledgedPresentOnce.judge(h.target.context([], h.reads)))).toBe(true);
  });
});
