import { describe, expect, test } from 'vitest';
import { isCannotJudge, type HistoryFailure } from '../../src/checks/history-check.ts';
import { expectedByFilter, listShardsShardFilter, type FilterQuery } from '../../src/checks/shard-filter.ts';
import type { ShardInfo, Walk } from '../../src/checks/listing-view.ts';
import { yds } from './fixtures.ts';
import { FakeLister, listingContext, shardsOf } from './listing-fixtures.ts';

type Body = Record<string, unknown>;

/** A stream split once: shard 0 closed, shards 1 and 2 its children. */
const [whole] = shardsOf(1);
const SPLIT: ShardInfo[] = [
  { ...whole!, endingSequenceNumber: '49100' },
  ...shardsOf(2).map((s, i) => ({
    ...s,
    shardId: `shardId-00000000000${i + 1}`,
    parentShardId: whole!.shardId,
  })),
];
const query = (type: FilterQuery['type'], extra: Partial<FilterQuery> = {}): FilterQuery => ({
  type,
  walk: { name: type, operation: 'ListShards', pages: [] } as Walk,
  ...extra,
});

describe('expectedByFilter (a young stream: nothing trimmed)', () => {
  test('each type on a split stream', () => {
    expect(expectedByFilter(query('AT_LATEST'), SPLIT)).toEqual([
      'shardId-000000000001',
      'shardId-000000000002',
    ]);
    expect(expectedByFilter(query('FROM_TRIM_HORIZON'), SPLIT)).toHaveLength(3);
    expect(expectedByFilter(query('AT_TRIM_HORIZON'), SPLIT)).toEqual(['shardId-000000000000']);
    expect(expectedByFilter(query('AFTER_SHARD_ID', { shardId: 'shardId-000000000001' }), SPLIT)).toEqual([
      'shardId-000000000002',
    ]);
    // When a closed shard ended is in no listing: not judged.
    expect(expectedByFilter(query('AT_TIMESTAMP', { timestampMs: 1 }), SPLIT)).toBeUndefined();
    expect(expectedByFilter(query('FROM_TIMESTAMP', { timestampMs: 1 }), shardsOf(2))).toHaveLength(2);
  });
});

describe('list-shards.shard-filter', () => {
  test('passes a target that filters as documented', async () => {
    expect(listShardsShardFilter.judge(await listingContext(new FakeLister()))).toBeUndefined();
  });

  test('fails a target that ignores ShardFilter (kinesalite drops unknown members)', async () => {
    const lister = new FakeLister(yds, shardsOf(4), undefined, (op, req, answer) =>
      op === 'ListShards' && req['ShardFilter']
        ? {
            Shards: shardsOf(4).map((s) => ({
              ShardId: s.shardId,
              HashKeyRange: {
                StartingHashKey: String(s.startingHashKey),
                EndingHashKey: String(s.endingHashKey),
              },
            })),
          }
        : answer,
    );
    const [failure, ...others] = listShardsShardFilter.judge(await listingContext(lister)) as [
      HistoryFailure,
      ...HistoryFailure[],
    ];
    expect(failure.checkId).toBe('list-shards.shard-filter');
    expect(failure.expected).toMatch(
      /with ShardFilter AFTER_SHARD_ID ShardId shardId-000000000000 listing shardId-000000000001, shardId-000000000002, shardId-000000000003$/,
    );
    expect(failure.received).toBe(
      'shardId-000000000000, shardId-000000000001, shardId-000000000002, shardId-000000000003',
    );
    // On a new stream the other types list every shard anyway: only AFTER_SHARD_ID shows the divergence.
    expect(failure.case).toBe('ShardFilter AFTER_SHARD_ID');
    expect(others).toEqual([]);
  });

  test('fails AT_LATEST listing a closed shard', async () => {
    const lister = new FakeLister(yds, SPLIT, undefined, (op, req, answer) => {
      const filter = req['ShardFilter'] as Body | undefined;
      return op === 'ListShards' && filter?.['Type'] === 'AT_LATEST'
        ? {
            Shards: [
              ...(answer['Shards'] as Body[]),
              { ShardId: 'shardId-000000000000', HashKeyRange: { StartingHashKey: '0', EndingHashKey: '1' } },
            ],
          }
        : answer;
    });
    const [failure, ...others] = listShardsShardFilter.judge(await listingContext(lister, 3)) as [
      HistoryFailure,
      ...HistoryFailure[],
    ];
    expect(failure.expected).toMatch(
      /ShardFilter AT_LATEST listing shardId-000000000001, shardId-000000000002$/,
    );
    expect(others).toEqual([]);
  });

  test('fails a filter answered with an error', async () => {
    const lister = new FakeLister(yds, shardsOf(4), undefined, (op, req, answer) =>
      op === 'ListShards' && req['ShardFilter']
        ? { status: 400, body: { __type: 'ValidationException', message: 'x' } }
        : answer,
    );
    const [failure, ...others] = listShardsShardFilter.judge(await listingContext(lister)) as [
      HistoryFailure,
      ...HistoryFailure[],
    ];
    expect(failure.received).toBe('page 1: HTTP 400');
    // Every filter type refused: each is a failure of its own.
    expect([failure, ...others].map((f) => f.case)).toEqual([
      'ShardFilter AT_LATEST',
      'ShardFilter AT_TRIM_HORIZON',
      'ShardFilter FROM_TRIM_HORIZON',
      'ShardFilter AFTER_SHARD_ID',
      'ShardFilter AT_TIMESTAMP',
    ]);
  });

  test('cannot judge without any query', async () => {
    const ctx = await listingContext(new FakeLister());
    expect(isCannotJudge(listShardsShardFilter.judge({ ...ctx, filters: [] }))).toBe(true);
  });
});
