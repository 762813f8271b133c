import { describe, expect, test } from 'vitest';
import type { HistoryFailure } from '../../src/checks/history-check.ts';
import { rangesCover } from '../../src/checks/ranges-cover.ts';
import { exchange } from './fixtures.ts';
import { breakStream, mapListing, reshardingContext } from './resharding-fixtures.ts';

type Body = Record<string, unknown>;

describe('resharding.ranges-cover', () => {
  test('passes changes that finish with the shards they make', async () => {
    expect(rangesCover.judge(await reshardingContext())).toBeUndefined();
  });

  test('fails a valid split refused (ResourceInUseException)', async () => {
    const ctx = breakStream(await reshardingContext(), (s) => ({
      ...s,
      transitions: s.transitions.slice(0, 1).map((t) => ({
        ...t,
        exchange: exchange(t.exchange.request, 400, { __type: 'ResourceInUseException', message: 'busy' }),
        after: undefined,
        unfinished: 'the target answered HTTP 400 ResourceInUseException: busy',
      })),
    }));
    const failure = rangesCover.judge(ctx) as HistoryFailure;
    expect(failure.expected).toMatch(
      /^SplitShard of shardId-000000000000 at \d+ on kcs-test-resharding-split-merge accepted, and the stream ACTIVE again$/,
    );
    expect(failure.received).toBe('the target answered HTTP 400 ResourceInUseException: busy');
  });

  test('fails a split after which the parent still counts as open (an overlap, one shard too many)', async () => {
    const ctx = breakStream(await reshardingContext(), (s) => ({
      ...s,
      transitions: s.transitions.map((t, i) =>
        i === 0
          ? {
              ...t,
              after: mapListing(t.after!, (shards) =>
                shards.map((x) =>
                  x['ShardId'] === 'shardId-000000000000'
                    ? { ...x, SequenceNumberRange: { StartingSequenceNumber: '1' } }
                    : x,
                ),
              ),
            }
          : t,
      ),
    }));
    const failure = rangesCover.judge(ctx) as HistoryFailure;
    expect(failure.expected).toMatch(/^2 open shards after SplitShard/);
    expect(failure.received).toMatch(/^3: /);
  });

  test('fails a scaling that leaves a gap', async () => {
    const ctx = breakStream(
      await reshardingContext(),
      (s) => ({
        ...s,
        transitions: s.transitions.map((t, i) =>
          i === 0
            ? {
                ...t,
                after: mapListing(t.after!, (shards) =>
                  shards.map((x) =>
                    x['ShardId'] === 'shardId-000000000003'
                      ? {
                          ...x,
                          HashKeyRange: {
                            ...(x['HashKeyRange'] as Body),
                            StartingHashKey: String(
                              BigInt((x['HashKeyRange'] as Body)['StartingHashKey'] as string) + 1n,
                            ),
                          },
                        }
                      : x,
                  ),
                ),
              }
            : t,
        ),
      }),
      1,
    );
    const failure = rangesCover.judge(ctx) as HistoryFailure;
    expect(failure.received).toMatch(/^a gap: shardId-000000000002 ends at/);
  });
});
