import { describe, expect, test } from 'vitest';
import type { HistoryFailure } from '../../src/checks/history-check.ts';
import { parentsClosed } from '../../src/checks/parents-closed.ts';
import type { ReshardingContext } from '../../src/checks/resharding-history.ts';
import { breakStream, mapListing, reshardingContext } from './resharding-fixtures.ts';

type Body = Record<string, unknown>;

/** The listing after the first change (the split) of the first stream, changed by `f`. */
function afterSplit(ctx: ReshardingContext, f: (shards: Body[]) => Body[]): ReshardingContext {
  return breakStream(ctx, (s) => ({
    ...s,
    transitions: s.transitions.map((t, i) => (i === 0 ? { ...t, after: mapListing(t.after!, f) } : t)),
  }));
}

const PARENT = 'shardId-000000000000';
const seqRange = (s: Body): Body => s['SequenceNumberRange'] as Body;

describe('resharding.parents-closed', () => {
  test('passes parents listed with an EndingSequenceNumber', async () => {
    expect(parentsClosed.judge(await reshardingContext())).toBeUndefined();
  });

  test('fails a split parent listed as still open', async () => {
    const broken = afterSplit(await reshardingContext(), (shards) =>
      shards.map((s) =>
        s['ShardId'] === PARENT
          ? { ...s, SequenceNumberRange: { StartingSequenceNumber: seqRange(s)['StartingSequenceNumber'] } }
          : s,
      ),
    );
    const failure = parentsClosed.judge(broken) as HistoryFailure;
    expect(failure.checkId).toBe('resharding.parents-closed');
    expect(failure.expected).toMatch(
      /^shardId-000000000000, closed by SplitShard of shardId-000000000000 at \d+, listed with an EndingSequenceNumber$/,
    );
    expect(failure.received).toBe('shardId-000000000000 listed without one (still open)');
  });

  test('fails a parent no longer listed', async () => {
    const broken = afterSplit(await reshardingContext(), (shards) =>
      shards.filter((s) => s['ShardId'] !== PARENT),
    );
    expect((parentsClosed.judge(broken) as HistoryFailure).received).toBe(
      'ListShards no longer lists shardId-000000000000',
    );
  });

  test('fails an EndingSequenceNumber below a sequence number the parent acknowledged', async () => {
    const broken = afterSplit(await reshardingContext(), (shards) =>
      shards.map((s) =>
        s['ShardId'] === PARENT
          ? {
              ...s,
              SequenceNumberRange: {
                ...seqRange(s),
                EndingSequenceNumber: String(BigInt(seqRange(s)['StartingSequenceNumber'] as string) + 1n),
              },
            }
          : s,
      ),
    );
    const failure = parentsClosed.judge(broken) as HistoryFailure;
    expect(failure.expected).toMatch(
      /at or above \d+, the SequenceNumber a write to it was acknowledged with$/,
    );
  });

  test('fails an EndingSequenceNumber below the StartingSequenceNumber', async () => {
    const broken = afterSplit(await reshardingContext(), (shards) =>
      shards.map((s) =>
        s['ShardId'] === PARENT
          ? { ...s, SequenceNumberRange: { ...seqRange(s), EndingSequenceNumber: '1' } }
          : s,
      ),
    );
    expect((parentsClosed.judge(broken) as HistoryFailure).received).toBe('EndingSequenceNumber 1');
  });
});
