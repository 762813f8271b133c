import { describe, expect, test } from 'vitest';
import type { HistoryFailure } from '../../src/checks/history-check.ts';
import { keyOrderAcrossShards, lineageOf } from '../../src/checks/key-order-across-shards.ts';
import { walkShards } from '../../src/checks/listing-view.ts';
import { breakStream, readRecords, reshardingContext, withBody } from './resharding-fixtures.ts';

type Body = Record<string, unknown>;

const keyOf = (r: Body): unknown => r['PartitionKey'];

describe('resharding.key-order-across-shards', () => {
  test('the lineage of a hash key runs from its first shard to an open one', async () => {
    const ctx = await reshardingContext();
    const shards = walkShards(ctx.streams[0]!.final!);
    expect(lineageOf(shards, 0n)).toEqual([
      'shardId-000000000000',
      'shardId-000000000001',
      'shardId-000000000003',
    ]);
    expect(lineageOf(shards.slice(1), 0n)).toBe('0 shards without a parent hold hash key 0: none');
  });

  test('passes every key read once, in order, across parents and children', async () => {
    expect(keyOrderAcrossShards.judge(await reshardingContext())).toBeUndefined();
  });

  test('fails a child that returns a record written before the split (still in the parent) again', async () => {
    const ctx = await reshardingContext();
    const parentRecords = ctx.streams[0]!.readBack[0]!.exchanges[1]!.body as Body;
    // The record with ExplicitHashKey 0: its lineage runs through shardId-000000000001.
    const first = (parentRecords['Records'] as Body[]).find((r) => r['PartitionKey'] === 'hash-0')!;
    const broken = readRecords(ctx, 'shardId-000000000001', (rs) => [first, ...rs]);
    const failure = keyOrderAcrossShards.judge(broken) as HistoryFailure;
    expect(failure.checkId).toBe('resharding.key-order-across-shards');
    expect(failure.received).toMatch(/ again at position 0 of shardId-000000000001/);
  });

  test('fails two records of a key swapped within the merged child', async () => {
    const broken = readRecords(await reshardingContext(), 'shardId-000000000003', (rs) => {
      const key = keyOf(rs[0]!);
      const [a, b] = rs
        .map((r, i) => [r, i] as const)
        .filter(([r]) => keyOf(r) === key)
        .map(([, i]) => i);
      const out = [...rs];
      [out[a!], out[b!]] = [out[b!]!, out[a!]!];
      return out;
    });
    const failure = keyOrderAcrossShards.judge(broken) as HistoryFailure;
    expect(failure.received).toMatch(
      / at position \d+ of shardId-000000000003 \(SequenceNumber \d+\) before record .*, written earlier$/,
    );
  });

  test('fails a record lost in a child', async () => {
    const broken = readRecords(await reshardingContext(), 'shardId-000000000002', (rs) => rs.slice(1));
    const failure = keyOrderAcrossShards.judge(broken) as HistoryFailure;
    expect(failure.received).toMatch(
      /\(acknowledged in shardId-000000000002\) not read from shardId-000000000000, shardId-000000000002, shardId-000000000003$/,
    );
    expect(failure.evidence.request.operation).toBe('PutRecords');
  });

  test('fails a lineage that loses a hash key (a closed shard with no child holding it)', async () => {
    const ctx = breakStream(await reshardingContext(), (s) => ({
      ...s,
      final: {
        ...s.final!,
        pages: [
          withBody(s.final!.pages[0]!, (b) => ({
            Shards: (b['Shards'] as Body[]).filter((x) => x['ShardId'] !== 'shardId-000000000002'),
          })),
        ],
      },
    }));
    const failure = keyOrderAcrossShards.judge(ctx) as HistoryFailure;
    expect(failure.received).toMatch(/^closed shardId-000000000000 has 0 children holding hash key/);
  });
});
