import { describe, expect, test } from 'vitest';
import { childrenNameParents } from '../../src/checks/children-name-parents.ts';
import type { HistoryFailure } from '../../src/checks/history-check.ts';
import type { ReshardingContext } from '../../src/checks/resharding-history.ts';
import { breakStream, mapListing, reshardingContext } from './resharding-fixtures.ts';

type Body = Record<string, unknown>;

/** The listing after change `change` of stream `stream`, changed by `f`. */
function after(
  ctx: ReshardingContext,
  stream: number,
  change: number,
  f: (shards: Body[]) => Body[],
): ReshardingContext {
  return breakStream(
    ctx,
    (s) => ({
      ...s,
      transitions: s.transitions.map((t, i) => (i === change ? { ...t, after: mapListing(t.after!, f) } : t)),
    }),
    stream,
  );
}

const edit = (id: string, f: (s: Body) => Body) => (shards: Body[]) =>
  shards.map((s) => (s['ShardId'] === id ? f(s) : s));

describe('resharding.children-name-parents', () => {
  test('passes children that name their parents and take their ranges', async () => {
    expect(childrenNameParents.judge(await reshardingContext())).toBeUndefined();
  });

  test('fails a split child without ParentShardId', async () => {
    const broken = after(
      await reshardingContext(),
      0,
      0,
      edit('shardId-000000000002', ({ ParentShardId: _, ...s }) => s),
    );
    const failure = childrenNameParents.judge(broken) as HistoryFailure;
    expect(failure.checkId).toBe('resharding.children-name-parents');
    expect(failure.expected).toMatch(
      /^after SplitShard of shardId-000000000000 at (\d+): two new shards naming shardId-000000000000 as ParentShardId \(and no AdjacentParentShardId\), taking 0\.\.\d+ and \1\.\.\d+$/,
    );
    expect(failure.received).toMatch(/shardId-000000000002 \(\d+\.\.\d+, parent none\)$/);
  });

  test('fails split children whose boundary is not NewStartingHashKey', async () => {
    const broken = after(await reshardingContext(), 0, 0, (shards) =>
      shards.map((s) => {
        const r = s['HashKeyRange'] as Body;
        if (s['ShardId'] === 'shardId-000000000001')
          return {
            ...s,
            HashKeyRange: { ...r, EndingHashKey: String(BigInt(r['EndingHashKey'] as string) + 1n) },
          };
        if (s['ShardId'] === 'shardId-000000000002')
          return {
            ...s,
            HashKeyRange: { ...r, StartingHashKey: String(BigInt(r['StartingHashKey'] as string) + 1n) },
          };
        return s;
      }),
    );
    expect(childrenNameParents.judge(broken)).toMatchObject({ checkId: 'resharding.children-name-parents' });
  });

  test('fails a merge child naming only one parent', async () => {
    const broken = after(
      await reshardingContext(),
      0,
      1,
      edit('shardId-000000000003', ({ AdjacentParentShardId: _, ...s }) => s),
    );
    const failure = childrenNameParents.judge(broken) as HistoryFailure;
    expect(failure.expected).toMatch(
      /^after MergeShards of shardId-000000000001 and shardId-000000000002: one new shard naming shardId-000000000001 and shardId-000000000002 as ParentShardId and AdjacentParentShardId, taking 0\.\.340282366920938463463374607431768211455$/,
    );
  });

  test('fails a scaled shard whose parents do not hold its range', async () => {
    const ctx = await reshardingContext();
    const broken = after(
      ctx,
      1,
      0,
      edit('shardId-000000000002', (s) => ({ ...s, ParentShardId: 'shardId-000000000001' })),
    );
    const failure = childrenNameParents.judge(broken) as HistoryFailure;
    expect(failure.expected).toMatch(
      /^after UpdateShardCount to 3 \(UNIFORM_SCALING\): shardId-000000000002, opened by the scaling, naming listed parents whose ranges hold 0\.\.\d+$/,
    );
  });

  test('fails a scaled shard naming a parent that is not listed', async () => {
    const broken = after(
      await reshardingContext(),
      1,
      0,
      edit('shardId-000000000002', (s) => ({ ...s, ParentShardId: 'shardId-000000000099' })),
    );
    expect((childrenNameParents.judge(broken) as HistoryFailure).received).toMatch(
      /\(shardId-000000000099 is not listed\)$/,
    );
  });
});
