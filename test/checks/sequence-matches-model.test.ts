import { describe, expect, test } from 'vitest';
import type { ApiRequest } from '../../src/client/exchange.ts';
import { isCannotJudge, type HistoryFailure } from '../../src/checks/history-check.ts';
import { sequenceMatchesModel } from '../../src/checks/sequence-matches-model.ts';
import type { IteratorStart, ModelStep } from '../../src/checks/shard-log-model.ts';
import type { WireFormat } from '../../src/protocol/wire.ts';
import { FakeTarget, recordTo, rewriteAnswer, TWO_SHARDS } from './history-fixtures.ts';
import { exchange, yds } from './fixtures.ts';

const S0 = TWO_SHARDS[0]!.shardId;
const call = (operation: ApiRequest['operation'], body: unknown, wire: WireFormat = 'json'): ApiRequest => ({
  operation,
  wire,
  body,
});

/** A run against the fake target, step by step, with the answers a correct target gives. */
function run(wire: WireFormat = 'json') {
  const target = new FakeTarget({ wire, capacity: 3 });
  const wireRecord = (i: number): Record<string, unknown> => {
    const r = target.logs.get(S0)![i]!;
    return {
      SequenceNumber: r.SequenceNumber,
      PartitionKey: r.PartitionKey,
      Data: wire === 'json' ? Buffer.from(r.data).toString('base64') : Buffer.from(r.data),
    };
  };
  const iterator = (start: IteratorStart): ModelStep => ({
    kind: 'GetShardIterator',
    shardId: S0,
    start,
    exchange: exchange(call('GetShardIterator', { ShardId: S0 }, wire), 200, {
      ShardIterator: `it-${start.type}`,
    }),
  });
  const getRecords = (it: number, limit: number, records: Record<string, unknown>[]): ModelStep => ({
    kind: 'GetRecords',
    iterator: it,
    limit,
    exchange: exchange(call('GetRecords', { ShardIterator: `it${it}`, Limit: limit }, wire), 200, {
      Records: records,
      NextShardIterator: `next-${it}`,
      MillisBehindLatest: 0,
    }),
  });
  const steps: ModelStep[] = [iterator({ type: 'LATEST' })];
  const batch = [
    recordTo(TWO_SHARDS, 0),
    recordTo(TWO_SHARDS, 1),
    recordTo(TWO_SHARDS, 0),
    recordTo(TWO_SHARDS, 0),
  ];
  const put = target.putRecords(batch);
  steps.push({ kind: 'PutRecords', records: batch, exchange: put.exchange! });
  const single = recordTo(TWO_SHARDS, 0);
  // The shard is full (capacity 3): a throttled PutRecord is a documented answer and writes nothing.
  steps.push({ kind: 'PutRecord', record: single, exchange: target.putRecord(single).exchange! });
  steps.push(getRecords(0, 2, [wireRecord(0), wireRecord(1)]));
  steps.push(getRecords(1, 5, [wireRecord(2)]));
  steps.push(getRecords(2, 5, []));
  steps.push(
    iterator({ type: 'AT_SEQUENCE_NUMBER', sequenceNumber: String(wireRecord(1)['SequenceNumber']) }),
  );
  steps.push(getRecords(4, 5, [wireRecord(1), wireRecord(2)]));
  steps.push({
    kind: 'ListShards',
    exchange: exchange(call('ListShards', {}, wire), 200, {
      Shards: TWO_SHARDS.map((s) => ({
        ShardId: s.shardId,
        HashKeyRange: { StartingHashKey: String(s.startingHashKey), EndingHashKey: String(s.endingHashKey) },
      })),
    }),
  });
  return { target, steps, put, wireRecord, getRecords };
}

const judge = (steps: readonly ModelStep[]) =>
  sequenceMatchesModel.judge({ profile: yds, shards: TWO_SHARDS, steps });

describe('model.sequence-matches-model', () => {
  test.each(['json', 'cbor'] as const)('passes a run a correct target answered (%s)', (wire) => {
    const { steps } = run(wire);
    expect(steps[2]!.exchange.status).toBe(400);
    expect(judge(steps)).toBeUndefined();
  });

  test('fails a GetRecords that drops a record', () => {
    const { steps, getRecords, wireRecord } = run();
    steps[3] = getRecords(0, 2, [wireRecord(0), wireRecord(2)]);
    const failure = judge(steps) as HistoryFailure;
    expect(failure.expected).toMatch(
      /^record 1 of the answer to step 3 \(GetRecords with Limit 2 from iterator 0, at position 0 of shardId-000000000000 whose model holds 3 records\) to be the model's record 1/,
    );
    expect(failure.evidence).toBe(steps[3]!.exchange);
  });

  test('fails a GetRecords that returns a record the run was not acknowledged for', () => {
    const { steps, getRecords, wireRecord } = run();
    steps[5] = getRecords(2, 5, [{ ...wireRecord(2), SequenceNumber: '98000000000000000000000' }]);
    expect((judge(steps) as HistoryFailure).received).toMatch(
      /beyond them: a record the run was not acknowledged for$/,
    );
  });

  test('fails a corrupted byte and more records than the Limit', () => {
    const { steps, getRecords, wireRecord } = run();
    const corrupt = Buffer.from(String(wireRecord(0)['Data']), 'base64');
    corrupt[0] = corrupt[0]! ^ 0x80;
    steps[3] = getRecords(0, 2, [{ ...wireRecord(0), Data: corrupt.toString('base64') }, wireRecord(1)]);
    expect((judge(steps) as HistoryFailure).received).toMatch(/bytes of Data \(different\)$/);
    const over = run();
    over.steps[3] = over.getRecords(0, 2, [over.wireRecord(0), over.wireRecord(1), over.wireRecord(2)]);
    expect((judge(over.steps) as HistoryFailure).received).toBe('3 records');
  });

  test('fails Data as base64 text over CBOR', () => {
    const { steps, getRecords, wireRecord } = run('cbor');
    const asText = (r: Record<string, unknown>) => ({
      ...r,
      Data: Buffer.from(r['Data'] as Uint8Array).toString('base64'),
    });
    steps[3] = getRecords(0, 2, [asText(wireRecord(0)), asText(wireRecord(1))]);
    expect((judge(steps) as HistoryFailure).received).toMatch(/Data not in the CBOR form$/);
  });

  test('fails a write routed to the wrong shard', () => {
    const { steps, put } = run();
    const misrouted = rewriteAnswer(put, (es) => es.map((e, i) => (i === 1 ? { ...e, ShardId: S0 } : e)));
    steps[1] = { ...(steps[1] as ModelStep & { kind: 'PutRecords' }), exchange: misrouted.exchange! };
    expect((judge(steps) as HistoryFailure).expected).toMatch(
      /^record 1 of step 1 \(PutRecords of 4 records\) written to shardId-000000000001$/,
    );
  });

  test('fails a PutRecords rejected as a whole, and a ListShards that lost a shard', () => {
    const { steps } = run();
    steps[1] = {
      ...steps[1]!,
      exchange: exchange(call('PutRecords', {}), 500, { __type: 'InternalFailure' }),
    } as ModelStep;
    expect((judge(steps) as HistoryFailure).received).toBe('HTTP 500 InternalFailure');
    const lost = run();
    const last = lost.steps.length - 1;
    const body = lost.steps[last]!.exchange.body as { Shards: unknown[] };
    lost.steps[last] = {
      kind: 'ListShards',
      exchange: exchange(call('ListShards', {}), 200, { Shards: body.Shards.slice(1) }),
    };
    expect((judge(lost.steps) as HistoryFailure).expected).toMatch(
      /^the shards of the stream to step \d+ \(ListShards\)/,
    );
  });

  test('a throttled read changes nothing', () => {
    const { steps } = run();
    steps.splice(3, 0, {
      kind: 'GetRecords',
      iterator: 0,
      limit: 2,
      exchange: exchange(call('GetRecords', {}), 400, {
        __type: yds.errors.throughputExceeded.type,
        message: 'Rate exceeded',
      }),
    });
    expect(judge(steps)).toBeUndefined();
  });

  test('cannot judge an empty run', () => {
    expect(isCannotJudge(judge([]))).toBe(true);
  });
});
