import { describe, expect, test } from 'vitest';
import type { HistoryFailure } from '../../src/checks/history-check.ts';
import { routesToOpenShards } from '../../src/checks/routes-to-open-shards.ts';
import { breakStream, reshardingContext, withBody } from './resharding-fixtures.ts';

type Body = Record<string, unknown>;

type Ctx = Awaited<ReturnType<typeof reshardingContext>>;

/** The first stream's write at `position` answered with every record in `shardId`. */
function misroute(ctx: Ctx, position: number, shardId: string): Ctx {
  return breakStream(ctx, (s) => ({
    ...s,
    calls: s.calls.map((c, i) =>
      i === position
        ? {
            ...c,
            exchange: withBody(c.exchange!, (b) => ({
              ...b,
              Records: (b['Records'] as Body[]).map((r) => ({ ...r, ShardId: shardId })),
            })),
          }
        : c,
    ),
  }));
}

describe('resharding.routes-to-open-shards', () => {
  test('passes records routed to the open shards', async () => {
    expect(routesToOpenShards.judge(await reshardingContext())).toBeUndefined();
  });

  test('fails a write after the split that still lands in the closed parent', async () => {
    const ctx = await reshardingContext();
    const split = ctx.streams[0]!.transitions[0]!;
    const broken = misroute(ctx, split.following[0]!, 'shardId-000000000000');
    const failure = routesToOpenShards.judge(broken) as HistoryFailure;
    expect(failure.checkId).toBe('resharding.routes-to-open-shards');
    expect(failure.expected).toMatch(
      /, written after SplitShard of shardId-000000000000 at \d+ finished, in shardId-00000000000[12] \(hash key \d+\)$/,
    );
    expect(failure.received).toBe('it in shardId-000000000000');
    expect(failure.evidence.request.operation).toBe('PutRecords');
  });

  test('accepts a write during the change in the parent (open before), but not in a sibling', async () => {
    const ctx = await reshardingContext();
    const merge = ctx.streams[0]!.transitions[1]!;
    // The merge's children are gone by the end; during the merge, shard 1 (the lower child) was open before it.
    expect(routesToOpenShards.judge(misroute(ctx, merge.window[0]!, 'shardId-000000000003'))).toBeUndefined();
    const split = ctx.streams[0]!.transitions[0]!;
    const failure = routesToOpenShards.judge(
      misroute(ctx, split.window[1]!, 'shardId-000000000009'),
    ) as HistoryFailure;
    expect(failure.expected).toMatch(
      /written while SplitShard .* was under way, in shardId-\d+ or shardId-000000000000/,
    );
  });
});
