/**
 * What the resharding suite does, as data: the streams, the changes asked of each (all within the documented
 * limits: UpdateShardCount at most doubles and at least halves the open shards), and the records of every
 * write, one per probe key. The probe keys are partition keys routed by MD5 and ExplicitHashKeys on both sides
 * of every range boundary the changes make, so each child and each boundary gets records.
 */
import type { Profile } from '../profiles/profile.ts';
import { splitHashRange } from '../protocol/hash-key.ts';
import type { RecordSpec } from './batch.ts';

/** Partition keys routed by their MD5 in every write: spread over the hash-key space. */
const MD5_KEYS = 8;
/** Data bytes per record: room for the tag RecordTagger writes. */
const DATA_BYTES = 48;

/** A change, with shards named by their position in ListShards (hash-key order of the open shards). */
export type PlannedChange =
  | { readonly kind: 'split'; readonly openShard: number; readonly at: bigint }
  | { readonly kind: 'merge'; readonly openShard: number }
  | { readonly kind: 'scale'; readonly target: number };

export interface StreamPlan {
  readonly suffix: string;
  readonly shards: number;
  readonly changes: readonly PlannedChange[];
  /** The most shards the plan may hold at once (AWS's UpdateShardCount makes short-lived shards). */
  readonly peakShards: number;
  /** Whether to list the stream with each ShardFilter at the end. */
  readonly filters: boolean;
}

/** The middle of the hash-key space, where a new 2-shard stream's second shard starts (profile divisor). */
export function middleHashKey(profile: Profile): bigint {
  return splitHashRange(2, profile.hashRangeDivisor)[1]!.startingHashKey;
}

/**
 * One shard split in the middle, then its two children merged back (the open shards in hash-key order: the
 * merge names the lower child and the one adjacent above it). And a 2-shard stream scaled to 3 (its ranges
 * split and merged) and back to 2.
 */
export function reshardingPlans(profile: Profile): StreamPlan[] {
  return [
    {
      suffix: 'resharding-split-merge',
      shards: 1,
      changes: [
        { kind: 'split', openShard: 0, at: middleHashKey(profile) },
        { kind: 'merge', openShard: 0 },
      ],
      peakShards: 2,
      filters: true,
    },
    {
      suffix: 'resharding-scaling',
      shards: 2,
      changes: [
        { kind: 'scale', target: 3 },
        { kind: 'scale', target: 2 },
      ],
      // Splitting both shards before merging the middle pieces opens 4 at once.
      peakShards: 4,
      filters: false,
    },
  ];
}

/**
 * The records of one write: each MD5 key once, and one record at each side of every boundary the plan
 * touches (ExplicitHashKey b - 1 and b), each under its own partition key so a key's records all route alike.
 */
export function probeRecords(profile: Profile, plan: StreamPlan): RecordSpec[] {
  const boundaries = new Set<bigint>([middleHashKey(profile)]);
  for (const n of [plan.shards, ...plan.changes.flatMap((c) => (c.kind === 'scale' ? [c.target] : []))])
    for (const r of splitHashRange(n, profile.hashRangeDivisor).slice(1)) boundaries.add(r.startingHashKey);
  const hashKeys = new Set<bigint>([0n, profile.putRecords.maxHashKey]);
  for (const b of boundaries) {
    hashKeys.add(b - 1n);
    hashKeys.add(b);
  }
  return [
    ...Array.from({ length: MD5_KEYS }, (_, i) => ({ partitionKey: `key-${i}`, dataBytes: DATA_BYTES })),
    ...[...hashKeys]
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
      .map((h) => ({ partitionKey: `hash-${h}`, dataBytes: DATA_BYTES, explicitHashKey: String(h) })),
  ];
}
