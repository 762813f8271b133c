import { describe, expect, test } from 'vitest';
import { isCannotJudge, type HistoryFailure } from '../../src/checks/history-check.ts';
import { perWriterOrder } from '../../src/checks/per-writer-order.ts';
import { contentKey } from '../../src/checks/write-history.ts';
import { breakShard, busiest, recordsOf, rewriteAnswer } from './history-fixtures.ts';
import { concurrentHistory } from './concurrency-fixtures.ts';

const judge = (h: ReturnType<typeof concurrentHistory>, reads = h.target.readBack(), calls = h.calls) =>
  perWriterOrder.judge(h.target.context(calls, reads));

describe('concurrency.per-writer-order', () => {
  test("passes interleaved writers whose records keep each writer's order", () => {
    expect(judge(concurrentHistory())).toBeUndefined();
  });

  test('fails a target that reorders two records of one writer', () => {
    const h = concurrentHistory();
    const reads = h.target.readBack();
    const shard = busiest(reads);
    // Two records of w0 in this shard, swapped in place with their sequence numbers.
    const w0 = new Set(h.sent.get('w0')!.map((r) => contentKey(r.partitionKey, r.data)));
    const swapped = breakShard(reads, shard, (rs) => {
      const mine = rs
        .map((r, i) => ({ r, i }))
        .filter(({ r }) =>
          w0.has(contentKey(String(r['PartitionKey']), Buffer.from(String(r['Data']), 'base64'))),
        );
      const [a, b] = [mine[0]!, mine[1]!];
      const out = [...rs];
      out[a.i] = { ...b.r, SequenceNumber: a.r['SequenceNumber'] };
      out[b.i] = { ...a.r, SequenceNumber: b.r['SequenceNumber'] };
      return out;
    });
    expect(recordsOf(swapped.find((r) => r.shardId === shard)!)).toHaveLength(
      recordsOf(reads.find((r) => r.shardId === shard)!).length,
    );
    const failure = judge(h, swapped) as HistoryFailure;
    expect(failure.checkId).toBe('concurrency.per-writer-order');
    expect(failure.expected).toMatch(/\(writer w0;.* read after record \d of call \d+ \(writer w0;/);
  });

  test("fails sequence numbers that go back across one writer's calls", () => {
    const h = concurrentHistory();
    // w0's third call (history call 6) is acknowledged with the numbers of its first call (call 0).
    const first = (h.calls[0]!.exchange!.body as { Records: Record<string, unknown>[] }).Records;
    const calls = h.calls.map((c, i) =>
      i === 6 ? rewriteAnswer(c, (es) => es.map((e, j) => ({ ...e, ...first[j]! }))) : c,
    );
    expect((judge(h, h.target.readBack(), calls) as HistoryFailure).expected).toMatch(
      /^record \d of call 6 \(writer w0;.*acknowledged with a sequence number above \d+, that of record \d of call \d \(writer w0;/,
    );
  });

  test('cannot judge one writer', () => {
    const h = concurrentHistory();
    expect(
      isCannotJudge(
        judge(
          h,
          h.target.readBack(),
          h.calls.filter((c) => c.writer === 'w0'),
        ),
      ),
    ).toBe(true);
  });
});
