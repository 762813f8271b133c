import { describe, expect, test } from 'vitest';
import { isCannotJudge, type HistoryFailure } from '../../src/checks/history-check.ts';
import { noLossNoDuplicates } from '../../src/checks/no-loss-no-duplicates.ts';
import {
  breakShard,
  busiest,
  FakeTarget,
  record,
  recordsOf,
  recordTo,
  rewriteAnswer,
  TWO_SHARDS,
} from './history-fixtures.ts';
import { concurrentHistory } from './concurrency-fixtures.ts';

const judge = (h: ReturnType<typeof concurrentHistory>, reads = h.target.readBack(), calls = h.calls) =>
  noLossNoDuplicates.judge(h.target.context(calls, reads));

describe('concurrency.no-loss-no-duplicates', () => {
  test('passes interleaved writers whose records are all there once', () => {
    expect(judge(concurrentHistory())).toBeUndefined();
  });

  test('fails a target that loses an acknowledged record', () => {
    const h = concurrentHistory();
    const reads = h.target.readBack();
    const failure = judge(
      h,
      breakShard(reads, busiest(reads), (rs) => rs.filter((_, i) => i !== 4)),
    ) as HistoryFailure;
    expect(failure.received).toBe('it nowhere in the stream: lost');
    expect(failure.expected).toMatch(
      /^record \d of call \d+ \(writer w\d; .*\), acknowledged in shardId-\d+ at \d+, read back there$/,
    );
  });

  test('fails a target that stores a record twice', () => {
    const h = concurrentHistory();
    const reads = h.target.readBack();
    const doubled = breakShard(reads, busiest(reads), (rs) => [
      ...rs,
      { ...rs[2]!, SequenceNumber: '98000000000000000000000' },
    ]);
    expect((judge(h, doubled) as HistoryFailure).received).toMatch(
      /^it 2 times, at position 2 .* and position \d+ /,
    );
  });

  test('fails one sequence number acknowledged to two writers', () => {
    const h = concurrentHistory();
    const firstAck = (h.calls[0]!.exchange!.body as { Records: Record<string, unknown>[] }).Records[0]!;
    const calls = h.calls.map((c, i) =>
      i === 1 ? rewriteAnswer(c, (es) => es.map((e, j) => (j === 0 ? { ...firstAck } : e))) : c,
    );
    const failure = judge(h, h.target.readBack(), calls) as HistoryFailure;
    expect(failure.expected).toMatch(/^a sequence number of shardId-\d+ acknowledged for one record only$/);
    expect(failure.received).toMatch(
      /acknowledged for record 0 of call 0 \(writer w0;.* and for record 0 of call 1 \(writer w1;/,
    );
  });

  test('fails a sequence number twice in a shard', () => {
    const h = concurrentHistory();
    const reads = h.target.readBack();
    const twice = breakShard(reads, busiest(reads), (rs) => [...rs, { ...rs[0]!, PartitionKey: 'other' }]);
    expect((judge(h, twice) as HistoryFailure).expected).toMatch(/^each sequence number once in shardId-/);
  });

  test('fails a record no writer sent', () => {
    const h = concurrentHistory();
    const reads = h.target.readBack();
    const stranger = breakShard(reads, TWO_SHARDS[0]!.shardId, (rs) => [
      ...rs,
      { SequenceNumber: '97000000000000000000000', PartitionKey: 'nobody', Data: 'AAEC' },
    ]);
    expect((judge(h, stranger) as HistoryFailure).received).toMatch(
      /^a record no writer sent at position \d+ .*\(PartitionKey "nobody"\)$/,
    );
  });

  test('a request that timed out may have been written once, not twice', () => {
    const h = concurrentHistory();
    const r = record();
    // The target wrote it, but the answer never came.
    const written = h.target.putRecords([r], 'w1');
    const timedOut = {
      writer: 'w1',
      operation: 'PutRecords' as const,
      records: [r],
      transportError: 'UND_ERR_HEADERS_TIMEOUT',
    };
    const calls = [...h.calls, timedOut];
    const reads = h.target.readBack();
    expect(written.exchange!.status).toBe(200);
    expect(judge(h, reads, calls)).toBeUndefined();
    const shard = (written.exchange!.body as { Records: { ShardId: string }[] }).Records[0]!.ShardId;
    const twice = breakShard(reads, shard, (rs) => [
      ...rs,
      { ...rs[rs.length - 1]!, SequenceNumber: '96000000000000000000000' },
    ]);
    expect((judge(h, twice, calls) as HistoryFailure).expected).toMatch(
      /sent without an answer \(no answer \(UND_ERR_HEADERS_TIMEOUT\)\), so in the stream at most once$/,
    );
  });

  test('fails a record reported failed that is in the stream', () => {
    const target = new FakeTarget({ capacity: 1 });
    const a = recordTo(TWO_SHARDS, 0);
    const b = recordTo(TWO_SHARDS, 0);
    const h = {
      target,
      calls: [target.putRecords([a], 'w0'), target.putRecords([b], 'w1')],
      sent: new Map(),
    };
    const reads = target.readBack();
    expect(judge(h, reads)).toBeUndefined();
    const leaked = breakShard(reads, TWO_SHARDS[0]!.shardId, (rs) => [
      ...rs,
      {
        SequenceNumber: '95000000000000000000000',
        PartitionKey: b.partitionKey,
        Data: Buffer.from(b.data).toString('base64'),
      },
    ]);
    expect((judge(h, leaked) as HistoryFailure).expected).toMatch(
      /reported failed \(ProvisionedThroughputExceededException\), so not in the stream$/,
    );
    expect(recordsOf(leaked[0]!)).toHaveLength(2);
  });

  test('cannot judge without acknowledged records', () => {
    const h = concurrentHistory();
    expect(isCannotJudge(judge(h, h.target.readBack(), []))).toBe(true);
  });
});
