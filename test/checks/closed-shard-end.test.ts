import { describe, expect, test } from 'vitest';
import { closedShardEnd } from '../../src/checks/closed-shard-end.ts';
import type { HistoryFailure } from '../../src/checks/history-check.ts';
import type { ShardRead } from '../../src/checks/read-back-view.ts';
import type { ReshardingContext } from '../../src/checks/resharding-history.ts';
import { breakStream, reshardingContext, withBody } from './resharding-fixtures.ts';

type Body = Record<string, unknown>;
const PARENT = 'shardId-000000000000';

/** The last GetRecords answer of the read of `shardId` (first stream), changed by `f`. */
function lastAnswer(
  ctx: ReshardingContext,
  shardId: string,
  f: (b: Body) => Body,
  read?: (r: ShardRead) => ShardRead,
): ReshardingContext {
  return breakStream(ctx, (s) => ({
    ...s,
    readBack: s.readBack.map((r) => {
      if (r.shardId !== shardId) return r;
      const exchanges = [...r.exchanges];
      exchanges[exchanges.length - 1] = withBody(exchanges[exchanges.length - 1]!, f);
      return (read ?? ((x) => x))({ ...r, exchanges });
    }),
  }));
}

describe('resharding.closed-shard-end', () => {
  test('passes closed shards whose read ends with their children', async () => {
    expect(closedShardEnd.judge(await reshardingContext())).toBeUndefined();
  });

  test('fails a closed shard whose read never loses its NextShardIterator', async () => {
    const failure = closedShardEnd.judge(
      lastAnswer(await reshardingContext(), PARENT, (b) => ({ ...b, NextShardIterator: 'it-1' })),
    ) as HistoryFailure;
    expect(failure.checkId).toBe('resharding.closed-shard-end');
    expect(failure.expected).toBe(
      'a read of closed shardId-000000000000 ending with an answer without NextShardIterator whose ChildShards are shardId-000000000001, shardId-000000000002',
    );
    expect(failure.received).toBe('the last answer still has a NextShardIterator');
    expect(failure.evidence.request.operation).toBe('GetRecords');
  });

  test('fails an end without ChildShards', async () => {
    const failure = closedShardEnd.judge(
      lastAnswer(await reshardingContext(), PARENT, ({ ChildShards: _, ...b }) => b),
    ) as HistoryFailure;
    expect(failure.received).toBe('no ChildShards in the last answer');
  });

  test('fails ChildShards missing a child', async () => {
    const failure = closedShardEnd.judge(
      lastAnswer(await reshardingContext(), PARENT, (b) => ({
        ...b,
        ChildShards: (b['ChildShards'] as Body[]).slice(0, 1),
      })),
    ) as HistoryFailure;
    expect(failure.received).toBe('ChildShards shardId-000000000001');
  });

  test('fails a ChildShard with another range than ListShards gives it', async () => {
    const failure = closedShardEnd.judge(
      lastAnswer(await reshardingContext(), PARENT, (b) => ({
        ...b,
        ChildShards: (b['ChildShards'] as Body[]).map((c) => ({
          ...c,
          HashKeyRange: { StartingHashKey: '0', EndingHashKey: '1' },
        })),
      })),
    ) as HistoryFailure;
    expect(failure.received).toBe('0..1');
  });

  test('fails a ChildShard that does not name the shard among its ParentShards', async () => {
    const failure = closedShardEnd.judge(
      lastAnswer(await reshardingContext(), PARENT, (b) => ({
        ...b,
        ChildShards: (b['ChildShards'] as Body[]).map((c) => ({ ...c, ParentShards: [] })),
      })),
    ) as HistoryFailure;
    expect(failure.received).toMatch(/^ChildShards entry /);
  });

  test('fails a read that stopped short', async () => {
    const failure = closedShardEnd.judge(
      lastAnswer(
        await reshardingContext(),
        PARENT,
        (b) => b,
        (r) => ({ ...r, incomplete: 'no tip after 2000 pages' }),
      ),
    ) as HistoryFailure;
    expect(failure.received).toBe('the read stopped: no tip after 2000 pages');
  });
});
