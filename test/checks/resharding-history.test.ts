import { describe, expect, test } from 'vitest';
import { HISTORY_CHECKS } from '../../src/checks/index.ts';
import { isCannotJudge } from '../../src/checks/history-check.ts';
import { completed, nothingCompleted, unsupported } from '../../src/checks/resharding-history.ts';
import { aws, exchange } from './fixtures.ts';
import { breakStream, reshardingContext } from './resharding-fixtures.ts';

const RESHARDING = Object.values(HISTORY_CHECKS).filter((c) =>
  /^(resharding|update-shard-count)\./.test(c.id),
);

describe('the resharding history', () => {
  test('a correct history of both plans passes every resharding check', async () => {
    const ctx = await reshardingContext();
    expect(completed(ctx)).toHaveLength(4);
    for (const check of RESHARDING)
      expect([check.id, (check.judge as (c: typeof ctx) => unknown)(ctx)]).toEqual([check.id, undefined]);
  });

  test('every resharding check is skipped on a profile without resharding (yds)', () => {
    for (const check of RESHARDING) expect(check.skipReason?.(aws)).toBeUndefined();
    const yds = { ...aws, reshardingUnsupported: 'none here' };
    for (const check of RESHARDING) expect(check.skipReason?.(yds)).toBe('none here');
  });

  test('a target without the operations: every check cannot judge, with the answer as the reason', async () => {
    const ctx = await reshardingContext();
    const refused = exchange({ operation: 'SplitShard', wire: 'json', body: {} }, 400, {
      __type: 'UnknownOperationException',
    });
    const none = {
      ...ctx,
      streams: ctx.streams.map((s) => ({
        ...s,
        transitions: s.transitions.slice(0, 1).map((t) => ({
          ...t,
          exchange: {
            ...refused,
            request: { ...refused.request, operation: t.exchange.request.operation },
          },
          after: undefined,
          following: [],
        })),
      })),
    };
    expect(unsupported(aws, none.streams[0]!.transitions[0]!)).toBe(
      'the target answered SplitShard with HTTP 400 UnknownOperationException',
    );
    for (const check of RESHARDING) {
      const verdict = (check.judge as (c: typeof none) => unknown)(none);
      expect([check.id, isCannotJudge(verdict as never)]).toEqual([check.id, true]);
      expect((verdict as { cannotJudge: string }).cannotJudge).toMatch(/UnknownOperationException/);
    }
    expect(nothingCompleted(none).cannotJudge).toMatch(
      /^no resharding finished: the target answered SplitShard with HTTP 400 UnknownOperationException; the target answered UpdateShardCount/,
    );
  });

  test('a plan not run for the shard cap says so', async () => {
    const ctx = breakStream(
      await reshardingContext(),
      (s) => ({ ...s, notRun: 'needs 4 shards', transitions: [] }),
      1,
    );
    expect(nothingCompleted(ctx, ['scale']).cannotJudge).toBe('no UpdateShardCount finished: needs 4 shards');
  });
});
