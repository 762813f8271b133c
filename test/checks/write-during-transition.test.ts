import { describe, expect, test } from 'vitest';
import { isCannotJudge, type HistoryFailure } from '../../src/checks/history-check.ts';
import type { ReshardingContext } from '../../src/checks/resharding-history.ts';
import { writeDuringTransition } from '../../src/checks/write-during-transition.ts';
import { exchange } from './fixtures.ts';
import { breakStream, readRecords, reshardingContext, withBody } from './resharding-fixtures.ts';

type Body = Record<string, unknown>;

/** The first stream's write at `position` with another exchange. */
function answer(
  ctx: ReshardingContext,
  position: number,
  ex: (c: NonNullable<ReshardingContext['streams'][0]['calls'][0]['exchange']>) => unknown,
): ReshardingContext {
  return breakStream(ctx, (s) => ({
    ...s,
    calls: s.calls.map((c, i) => (i === position ? { ...c, exchange: ex(c.exchange!) as never } : c)),
  }));
}

describe('resharding.write-during-transition', () => {
  test('passes writes during the changes that are read back once', async () => {
    expect(writeDuringTransition.judge(await reshardingContext())).toBeUndefined();
  });

  test('passes a write during the change refused for throughput, per record or whole', async () => {
    const ctx = await reshardingContext();
    const position = ctx.streams[0]!.transitions[0]!.window[1]!;
    // Refused, so not expected in the read-back: remove nothing, the check looks at the acknowledged ones.
    const perRecord = answer(ctx, position, (ex) =>
      withBody(ex, (b) => ({
        ...b,
        Records: (b['Records'] as Body[]).map(() => ({
          ErrorCode: 'ProvisionedThroughputExceededException',
          ErrorMessage: 'Rate exceeded',
        })),
      })),
    );
    expect(writeDuringTransition.judge(perRecord)).toBeUndefined();
  });

  test('fails a write during the change refused with ResourceInUseException (writes continue while UPDATING)', async () => {
    const ctx = await reshardingContext();
    const position = ctx.streams[0]!.transitions[0]!.window[1]!;
    const refused = answer(ctx, position, (ex) =>
      exchange(ex.request, 400, { __type: 'ResourceInUseException', message: 'Stream is UPDATING' }),
    );
    const failure = writeDuringTransition.judge(refused) as HistoryFailure;
    expect(failure.checkId).toBe('resharding.write-during-transition');
    expect(failure.expected).toMatch(
      /, sent while SplitShard of shardId-000000000000 at \d+ was under way, written, or refused with ProvisionedThroughputExceededException or InternalFailureException$/,
    );
    expect(failure.received).toBe('the request refused with ResourceInUseException: Stream is UPDATING');
  });

  test('fails an acknowledged write during the change that is not read back', async () => {
    const ctx = await reshardingContext();
    const position = ctx.streams[0]!.transitions[0]!.window[0]!;
    // The write is answered with a sequence number nothing was read at... and its Data is not in the stream.
    const lost = breakStream(ctx, (s) => ({
      ...s,
      calls: s.calls.map((c, i) =>
        i === position
          ? { ...c, records: c.records.map((r) => ({ ...r, data: Buffer.from(`lost-${r.partitionKey}`) })) }
          : c,
      ),
    }));
    const failure = writeDuringTransition.judge(lost) as HistoryFailure;
    expect(failure.expected).toMatch(
      / and acknowledged in shardId-000000000000 at \d+, read back there exactly once$/,
    );
    expect(failure.received).toMatch(/^it nowhere in shardId-000000000000, /);
  });

  test('fails an acknowledged write read back twice', async () => {
    const ctx = await reshardingContext();
    const stream = ctx.streams[0]!;
    const position = stream.transitions[0]!.window[1]!;
    const target = stream.calls[position]!.exchange!.body as Body;
    const shardId = (target['Records'] as Body[])[0]!['ShardId'] as string;
    const doubled = readRecords(ctx, shardId, (rs) => [...rs, ...rs]);
    const failure = writeDuringTransition.judge(doubled) as HistoryFailure;
    expect(failure.received).toMatch(/^it 2 times, also at position \d+ of shardId-/);
  });

  test('cannot judge when no write during a change got an answer', async () => {
    const ctx = await reshardingContext();
    const none = {
      ...ctx,
      streams: ctx.streams.map((s) => ({
        ...s,
        transitions: s.transitions.map((t) => ({ ...t, window: [] })),
      })),
    };
    expect(isCannotJudge(writeDuringTransition.judge(none))).toBe(true);
  });
});
