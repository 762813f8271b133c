/**
 * Reading a throttling scenario (write calls sent back to back) as load per shard: which shards it drove past
 * the documented write limit, which it left idle. Shards come from the routing oracle, never the answers.
 */
import type { Profile } from '../profiles/profile.ts';
import type { HistoryContext } from './history-check.ts';
import { expectedShardOf, historyRecords, type HistoryRecord } from './write-history.ts';

export interface ShardLoad {
  readonly shardId: string;
  readonly records: number;
  /** Data plus UTF-8 key bytes, as the write limit counts them. */
  readonly bytes: number;
}

export interface ScenarioView {
  /** How long the calls took together (their answers' durations). */
  readonly windowMs: number;
  readonly load: ReadonlyMap<string, ShardLoad>;
  /** Shards that took more than the documented limit allows in the window. */
  readonly overLimit: readonly ShardLoad[];
  /** Shards that took at most half of one second's limit over the whole scenario: they have no reason to throttle. */
  readonly idle: ReadonlySet<string>;
  /** The records answered with ProvisionedThroughputExceededException (per record). */
  readonly throttled: readonly HistoryRecord[];
  /**
   * Records to over-limit shards that failed per record with anything but InternalFailure (which a target
   * may answer at random): how the target reacted to the load, whatever the code.
   */
  readonly reactions: readonly HistoryRecord[];
  /** Calls answered with something other than HTTP 200. */
  readonly rejectedCalls: readonly number[];
}

export function scenarioOf(ctx: HistoryContext): ScenarioView {
  const limits = ctx.profile.shardWriteLimits;
  let windowMs = 0;
  const rejectedCalls: number[] = [];
  ctx.calls.forEach((call, i) => {
    if (!call.exchange) return;
    windowMs += call.exchange.durationMs;
    if (call.exchange.status !== 200) rejectedCalls.push(i);
  });
  const load = new Map<string, { shardId: string; records: number; bytes: number }>();
  for (const call of ctx.calls) {
    for (const record of call.records) {
      const shardId = expectedShardOf(record, ctx.shards);
      if (shardId === undefined) continue;
      const l = load.get(shardId) ?? { shardId, records: 0, bytes: 0 };
      l.records++;
      l.bytes += record.data.length + Buffer.byteLength(record.partitionKey, 'utf8');
      load.set(shardId, l);
    }
  }
  const seconds = Math.max(1, windowMs / 1000);
  const overLimit = [...load.values()].filter(
    (l) => l.records > limits.recordsPerSecond * seconds || l.bytes > limits.bytesPerSecond * seconds,
  );
  const idle = new Set(
    ctx.shards
      .map((s) => s.shardId)
      .filter((id) => {
        const l = load.get(id);
        return !l || (l.records * 2 <= limits.recordsPerSecond && l.bytes * 2 <= limits.bytesPerSecond);
      }),
  );
  const { throughputExceeded, internalFailure } = ctx.profile.recordErrors;
  const failed = historyRecords(ctx.calls).filter((r) => r.outcome.kind === 'failed' && r.outcome.perRecord);
  const code = (r: HistoryRecord): string => (r.outcome.kind === 'failed' ? r.outcome.errorCode : '');
  const hot = new Set(overLimit.map((l) => l.shardId));
  const throttled = failed.filter((r) => code(r) === throughputExceeded);
  const reactions = failed.filter(
    (r) => code(r) !== internalFailure && hot.has(expectedShardOf(r.record, ctx.shards) ?? ''),
  );
  return { windowMs, load, overLimit, idle, throttled, reactions, rejectedCalls };
}

export function describeLoad(l: ShardLoad, windowMs: number): string {
  return `${l.shardId} took ${l.records} records and ${l.bytes} bytes in ${Math.round(windowMs)} ms`;
}

export function describeLimits(profile: Profile): string {
  const l = profile.shardWriteLimits;
  return `${l.bytesPerSecond} bytes or ${l.recordsPerSecond} records per second`;
}

/**
 * Why the scenario cannot show throttling, or undefined when it can: it drove a shard past the limit and the
 * target reacted (a throttled record, or a call not answered 200).
 */
export function notProvoked(ctx: HistoryContext, view: ScenarioView): string | undefined {
  if (view.overLimit.length === 0) {
    const busiest = [...view.load.values()].sort((a, b) => b.records - a.records)[0];
    return `the scenario drove no shard past the documented limit (${describeLimits(ctx.profile)})${
      busiest ? `: ${describeLoad(busiest, view.windowMs)}` : ''
    }`;
  }
  if (view.reactions.length > 0 || view.rejectedCalls.length > 0) return undefined;
  return `could not provoke throttling: ${view.overLimit
    .map((l) => describeLoad(l, view.windowMs))
    .join('; ')}, over the documented ${describeLimits(ctx.profile)}, and every record was written`;
}
