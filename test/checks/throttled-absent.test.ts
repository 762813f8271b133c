import { describe, expect, test } from 'vitest';
import { isCannotJudge, type HistoryFailure } from '../../src/checks/history-check.ts';
import { throttledAbsent } from '../../src/checks/throttled-absent.ts';
import { breakShard, FakeTarget, recordTo, TWO_SHARDS } from './history-fixtures.ts';

function history() {
  const target = new FakeTarget({ capacity: 2 });
  const records = [0, 0, 1, 0, 0].map((i) => recordTo(TWO_SHARDS, i));
  const single = recordTo(TWO_SHARDS, 0);
  const calls = [target.putRecords(records), target.putRecord(single)];
  return { target, calls, records, single, reads: target.readBack() };
}

const judge = (h: ReturnType<typeof history>, reads = h.reads) =>
  throttledAbsent.judge(h.target.context(h.calls, reads));

/** What a target that wrote a throttled record anyway would return. */
function wire(r: { partitionKey: string; data: Uint8Array }, seq: string): Record<string, unknown> {
  return { SequenceNumber: seq, PartitionKey: r.partitionKey, Data: Buffer.from(r.data).toString('base64') };
}

describe('read-back.throttled-absent', () => {
  test('passes when the throttled records are not in the stream', () => {
    const h = history();
    expect((h.calls[0]!.exchange!.body as { FailedRecordCount: number }).FailedRecordCount).toBe(2);
    expect(h.calls[1]!.exchange!.status).toBe(400);
    expect(judge(h)).toBeUndefined();
  });

  test('fails a target that wrote a record it answered ProvisionedThroughputExceededException for', () => {
    const h = history();
    const shard = TWO_SHARDS[0]!.shardId;
    const leaked = breakShard(h.reads, shard, (rs) => [
      ...rs,
      wire(h.records[3]!, '99000000000000000000000'),
    ]);
    const failure = judge(h, leaked) as HistoryFailure;
    expect(failure.expected).toMatch(
      /^record 3 of call 0 .* answered with ProvisionedThroughputExceededException, nowhere in the stream$/,
    );
    expect(failure.received).toMatch(/^it at position 2 of shardId-000000000000/);
  });

  test('fails a throttled PutRecord (a whole-request 400) found in the stream', () => {
    const h = history();
    const leaked = breakShard(h.reads, TWO_SHARDS[0]!.shardId, (rs) => [
      ...rs,
      wire(h.single, '99000000000000000000001'),
    ]);
    expect((judge(h, leaked) as HistoryFailure).expected).toMatch(/^record 0 of call 1 /);
  });

  test('cannot judge a target that never throttled: skipped, not passed', () => {
    const target = new FakeTarget();
    const calls = [target.putRecords([recordTo(TWO_SHARDS, 0)])];
    const verdict = throttledAbsent.judge(target.context(calls, target.readBack()));
    expect(isCannotJudge(verdict) && verdict.cannotJudge).toMatch(/^could not provoke throttling/);
  });
});
