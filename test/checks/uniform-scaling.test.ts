import { describe, expect, test } from 'vitest';
import { isCannotJudge, type HistoryFailure } from '../../src/checks/history-check.ts';
import { uniformScaling } from '../../src/checks/uniform-scaling.ts';
import { exchange } from './fixtures.ts';
import { breakStream, mapListing, reshardingContext, withBody } from './resharding-fixtures.ts';

type Body = Record<string, unknown>;

describe('update-shard-count.uniform-scaling', () => {
  test('passes scalings answered with the counts that end with equal shards', async () => {
    expect(uniformScaling.judge(await reshardingContext())).toBeUndefined();
  });

  test('fails an answer with the wrong CurrentShardCount', async () => {
    const ctx = breakStream(
      await reshardingContext(),
      (s) => ({
        ...s,
        transitions: s.transitions.map((t) => ({
          ...t,
          exchange: withBody(t.exchange, (b) => ({ ...b, CurrentShardCount: 9 })),
        })),
      }),
      1,
    );
    const failure = uniformScaling.judge(ctx) as HistoryFailure;
    expect(failure.expected).toBe(
      'UpdateShardCount to 3 (UNIFORM_SCALING) on kcs-test-resharding-scaling answered with TargetShardCount 3 and CurrentShardCount 2',
    );
    expect(failure.received).toBe('TargetShardCount 3, CurrentShardCount 9');
  });

  test('fails uneven shards after the scaling', async () => {
    const uneven = (shards: Body[]): Body[] =>
      shards.map((x) => {
        const r = x['HashKeyRange'] as Body;
        if (x['ShardId'] === 'shardId-000000000002')
          return { ...x, HashKeyRange: { ...r, EndingHashKey: '1000' } };
        if (x['ShardId'] === 'shardId-000000000003')
          return { ...x, HashKeyRange: { ...r, StartingHashKey: '1001' } };
        return x;
      });
    const ctx = breakStream(
      await reshardingContext(),
      (s) => ({
        ...s,
        transitions: s.transitions.map((t, i) =>
          i === 0 ? { ...t, after: mapListing(t.after!, uneven) } : t,
        ),
      }),
      1,
    );
    const failure = uniformScaling.judge(ctx) as HistoryFailure;
    expect(failure.expected).toBe(
      '3 open shards of equal size (to within 3 hash keys) after UpdateShardCount to 3 (UNIFORM_SCALING)',
    );
  });

  test('cannot judge a target without UpdateShardCount (kinesalite)', async () => {
    const ctx = breakStream(
      await reshardingContext(),
      (s) => ({
        ...s,
        transitions: s.transitions.slice(0, 1).map((t) => ({
          ...t,
          exchange: exchange(t.exchange.request, 400, { __type: 'UnknownOperationException' }),
          after: undefined,
          following: [],
        })),
      }),
      1,
    );
    const verdict = uniformScaling.judge(ctx);
    expect(isCannotJudge(verdict)).toBe(true);
    expect(verdict).toEqual({
      cannotJudge:
        'no UpdateShardCount finished: the target answered UpdateShardCount with HTTP 400 UnknownOperationException',
    });
  });
});
