import { describe, expect, test } from 'vitest';
import type { HistoryFailure } from '../../src/checks/history-check.ts';
import { shardOrder } from '../../src/checks/shard-order.ts';
import { breakShard, busiest, FakeTarget, record, recordTo, TWO_SHARDS } from './history-fixtures.ts';

function history() {
  const target = new FakeTarget();
  const calls = [
    target.putRecords([
      recordTo(TWO_SHARDS, 0),
      record(),
      recordTo(TWO_SHARDS, 0),
      recordTo(TWO_SHARDS, 1),
      recordTo(TWO_SHARDS, 0),
    ]),
    target.putRecords([record(), record(), record()]),
  ];
  return { target, calls, reads: target.readBack() };
}

const judge = (h: ReturnType<typeof history>, reads = h.reads, calls = h.calls) =>
  shardOrder.judge(h.target.context(calls, reads));

describe('read-back.shard-order', () => {
  test('passes records read in sequence-number order', () => {
    expect(judge(history())).toBeUndefined();
  });

  test('fails a target that returns two records swapped', () => {
    const h = history();
    const swapped = breakShard(h.reads, busiest(h.reads), (rs) => [rs[1]!, rs[0]!, ...rs.slice(2)]);
    const failure = judge(h, swapped) as HistoryFailure;
    expect(failure.expected).toMatch(/^records of shardId-\d+ in increasing sequence-number order$/);
    expect(failure.received).toMatch(/^position 1 of shardId-\d+ \(SequenceNumber \d+\) after position 0 of/);
  });

  test('fails a swap across pages too', () => {
    const h = history();
    const swapped = breakShard(
      h.reads,
      busiest(h.reads),
      (rs) => [rs[3]!, ...rs.slice(1, 3), rs[0]!, ...rs.slice(4)],
      2,
    );
    expect(judge(h, swapped)).toBeDefined();
  });

  test("fails a call's records stored against request order, even with increasing numbers", () => {
    const h = history();
    // The target numbered the first call's records on shard 0 in request order but stored them reversed.
    const shard = TWO_SHARDS[0]!.shardId;
    const reversed = breakShard(h.reads, shard, (rs) => {
      const firstCall = rs.slice(0, 3).map(({ SequenceNumber: _, ...content }) => content);
      return [
        ...rs.slice(0, 3).map((r, i) => ({ ...firstCall[2 - i]!, SequenceNumber: r['SequenceNumber'] })),
        ...rs.slice(3),
      ];
    });
    const failure = judge(h, reversed) as HistoryFailure;
    expect(failure.expected).toMatch(
      /^record \d of call 0 .* read after record \d of call 0 .*, as it was sent after it$/,
    );
    expect(failure.received).toMatch(/^it at position \d of shardId-000000000000 .*, before position \d of/);
  });

  test('fails a non-decimal sequence number', () => {
    const h = history();
    const bad = breakShard(h.reads, busiest(h.reads), (rs) =>
      rs.map((r, i) => (i === 2 ? { ...r, SequenceNumber: '12a' } : r)),
    );
    expect((judge(h, bad) as HistoryFailure).received).toBe('"12a"');
  });
});
