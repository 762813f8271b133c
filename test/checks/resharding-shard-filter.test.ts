import { describe, expect, test } from 'vitest';
import type { HistoryFailure } from '../../src/checks/history-check.ts';
import { reshardingShardFilter } from '../../src/checks/shard-filter.ts';
import { breakStream, reshardingContext, withBody } from './resharding-fixtures.ts';

type Body = Record<string, unknown>;

describe('resharding.shard-filter', () => {
  test('passes a target that tells closed shards from open ones', async () => {
    expect(reshardingShardFilter.judge(await reshardingContext())).toBeUndefined();
  });

  test.each([
    ['AT_LATEST', 'shardId-000000000003'],
    ['AT_TRIM_HORIZON', 'shardId-000000000000'],
  ])('fails %s answered with every shard (ShardFilter ignored)', async (type, expected) => {
    const ctx = breakStream(await reshardingContext(), (s) => ({
      ...s,
      filters: s.filters.map((f) =>
        f.type === type
          ? {
              ...f,
              walk: {
                ...f.walk,
                pages: [
                  withBody(f.walk.pages[0]!, () => ({
                    Shards: s.final!.pages[0]!.body
                      ? ((s.final!.pages[0]!.body as Body)['Shards'] as Body[])
                      : [],
                  })),
                ],
              },
            }
          : f,
      ),
    }));
    const [failure, ...others] = reshardingShardFilter.judge(ctx) as [HistoryFailure, ...HistoryFailure[]];
    expect(failure.checkId).toBe('resharding.shard-filter');
    expect(failure.case).toBe(`ShardFilter ${type}`);
    expect(others).toEqual([]);
    expect(failure.expected).toBe(
      `ListShards of kcs-test-resharding-split-merge with ShardFilter ${type} listing ${expected}`,
    );
  });
});
