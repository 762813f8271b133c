/**
 * The open shards of a stream partition the hash-key space: every key 0..2^128-1 belongs to exactly one of
 * them (AWS-M HashKeyRange: "a set of ordered contiguous positive integers"; PutRecords routes every key to
 * an open shard). Pure: judged from the ranges a listing reported.
 */
import type { ShardInfo } from './listing-view.ts';

type Ranged = Pick<ShardInfo, 'shardId' | 'startingHashKey' | 'endingHashKey'>;

/** The first gap or overlap among `shards` (taken to be the open ones), or undefined when they cover 0..max. */
export function coverageProblem(shards: readonly Ranged[], maxHashKey: bigint): string | undefined {
  if (shards.length === 0) return 'no open shard';
  const sorted = [...shards].sort((a, b) =>
    a.startingHashKey < b.startingHashKey ? -1 : a.startingHashKey > b.startingHashKey ? 1 : 0,
  );
  for (const s of sorted) {
    if (s.startingHashKey > s.endingHashKey)
      return `${s.shardId} starts at ${s.startingHashKey}, after its end ${s.endingHashKey}`;
  }
  const first = sorted[0]!;
  if (first.startingHashKey !== 0n)
    return `no open shard holds 0 (the lowest, ${first.shardId}, starts at ${first.startingHashKey})`;
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1]!;
    const next = sorted[i]!;
    if (next.startingHashKey > prev.endingHashKey + 1n)
      return `a gap: ${prev.shardId} ends at ${prev.endingHashKey}, ${next.shardId} starts at ${next.startingHashKey}`;
    if (next.startingHashKey <= prev.endingHashKey)
      return `an overlap: ${prev.shardId} ends at ${prev.endingHashKey}, ${next.shardId} starts at ${next.startingHashKey}`;
  }
  const last = sorted[sorted.length - 1]!;
  if (last.endingHashKey !== maxHashKey)
    return `no open shard holds ${maxHashKey} (the highest, ${last.shardId}, ends at ${last.endingHashKey})`;
  return undefined;
}
