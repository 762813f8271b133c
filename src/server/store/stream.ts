import type { Profile } from '../../profiles/profile.ts';
import { splitHashRange, type HashKeyRange } from '../../protocol/hash-key.ts';
import { rangeIndexOf } from './hash-words.ts';
import { Shard, type Lineage, type Retention, type ShardLimits } from './shard.ts';

/** AWS-M StreamStatus. */
export type StreamStatus = 'CREATING' | 'ACTIVE' | 'UPDATING' | 'DELETING';

/** AWS-M StreamMode. */
export type StreamMode = 'PROVISIONED' | 'ON_DEMAND';

export interface StreamSettings {
  readonly accountId: string;
  readonly region: string;
  readonly shardLimits: ShardLimits | undefined;
  readonly retention: Retention;
}

/** Largest shard index a shard id may name (kinesalite db/index.js resolveShardId, tested against AWS). */
const MAX_SHARD_INDEX = 2_147_483_647;

/**
 * The shard index a ShardId names, as AWS reads it: the digits after the first '-', or the whole text
 * (`shardId-000000000001`, `shardId-1`, `shard-1`, `anything-1` and `1` are shard 1). KL-T splitShard,
 * mergeShards and getShardIterator (V-AWS historical); behaviour.md 5 "Short shard ids are accepted".
 */
export function shardIndexOf(shardId: string): number | undefined {
  const digits = shardId.split('-')[1] || shardId;
  if (!/^\d+$/.test(digits)) return undefined;
  const index = Number(digits);
  return index <= MAX_SHARD_INDEX ? index : undefined;
}

/**
 * A stream: every shard it ever had (by index, which is also the ShardId's number), the open ones sorted
 * by hash range for routing, and the stream's own settings (status, mode, retention, tags).
 *
 * Resharding (split, merge, uniform scaling) closes parents and opens children in one synchronous step, so
 * no request ever sees a half-done change: a record is written either to a parent before the step or to a
 * child after it.
 */
export class Stream {
  readonly name: string;
  readonly arn: string;
  readonly createdMs: number;
  readonly mode: StreamMode;
  status: StreamStatus = 'CREATING';
  retentionPeriodHours: number;
  readonly tags = new Map<string, string>();
  /** Times of the UpdateShardCount calls within the scaling window. */
  readonly scalings: number[] = [];
  private retentionMs: number;
  private readonly all: Shard[];
  /** Open shards in hash-key order, and their range starts as words: PutRecords' range search. */
  private open: Shard[] = [];
  private openStarts: Uint32Array[] = [];

  constructor(
    name: string,
    shardCount: number,
    private readonly profile: Profile,
    private readonly settings: StreamSettings,
    nowMs: number,
    mode: StreamMode = 'PROVISIONED',
  ) {
    this.name = name;
    this.arn = `arn:aws:kinesis:${settings.region}:${settings.accountId}:stream/${name}`;
    this.createdMs = nowMs;
    this.mode = mode;
    this.retentionMs = settings.retention.maxAgeMs;
    this.retentionPeriodHours = Math.max(1, Math.round(this.retentionMs / 3_600_000));
    this.all = [];
    for (const range of splitHashRange(shardCount, profile.hashRangeDivisor)) this.addShard(range, nowMs);
    this.reindex();
  }

  /** Every shard, open and closed, in ShardId order. */
  get shards(): readonly Shard[] {
    return this.all;
  }

  /** The open shards in hash-key order. */
  get openShards(): readonly Shard[] {
    return this.open;
  }

  /** The open shard whose hash-key range holds the 128-bit value `words` (open ranges cover 0..2^128-1). */
  shardForHash(words: Uint32Array): Shard {
    return this.open[rangeIndexOf(this.openStarts, words)]!;
  }

  /** A shard by id, in any form AWS accepts (see shardIndexOf). */
  findShard(shardId: string): Shard | undefined {
    const index = shardIndexOf(shardId);
    return index === undefined ? undefined : this.all[index];
  }

  /** Whether `value` is a sequence number one of the stream's shards has given out (see sequence-number.ts). */
  hasIssued(value: string): boolean {
    return this.all.some((shard) => shard.hasIssued(value));
  }

  /** The ShardId text of shard index i. */
  shardIdOf(index: number): string {
    const { prefix, digits } = this.profile.shardIdFormat;
    return `${prefix}${String(index).padStart(digits, '0')}`;
  }

  /**
   * Closed shards whose every record is past the retention period are expired: AWS-M ListShards "does not
   * list expired shards".
   */
  isExpired(shard: Shard, nowMs: number): boolean {
    return shard.closedMs !== undefined && shard.closedMs < nowMs - this.retentionMs;
  }

  /** The time before which records are trimmed: the TRIM_HORIZON of ListShards' ShardFilter. */
  trimHorizonMs(nowMs: number): number {
    return Math.max(this.createdMs, nowMs - this.retentionMs);
  }

  setRetentionHours(hours: number, nowMs: number): void {
    this.retentionPeriodHours = hours;
    this.retentionMs = hours * 3_600_000;
    for (const shard of this.all) shard.setRetentionAge(this.retentionMs, nowMs);
  }

  /** SplitShard: the parent closes; the lower child takes [start, at - 1], the upper [at, end]. */
  split(parent: Shard, at: bigint, nowMs: number): [Shard, Shard] {
    const lineage: Lineage = { parentShardId: parent.id };
    const lower = this.addShard(
      { startingHashKey: parent.range.startingHashKey, endingHashKey: at - 1n },
      nowMs,
      lineage,
    );
    const upper = this.addShard(
      { startingHashKey: at, endingHashKey: parent.range.endingHashKey },
      nowMs,
      lineage,
    );
    parent.close(nowMs, [lower, upper]);
    this.reindex();
    return [lower, upper];
  }

  /** MergeShards: `lower` ends right below `upper`; the child takes both ranges and names both parents. */
  merge(lower: Shard, upper: Shard, nowMs: number): Shard {
    const child = this.addShard(
      { startingHashKey: lower.range.startingHashKey, endingHashKey: upper.range.endingHashKey },
      nowMs,
      { parentShardId: lower.id, adjacentParentShardId: upper.id },
    );
    lower.close(nowMs, [child]);
    upper.close(nowMs, [child]);
    this.reindex();
    return child;
  }

  /**
   * UpdateShardCount with UNIFORM_SCALING: the open shards end as `target` shards with the ranges a new stream
   * of that many shards has. As AWS-M says, "Kinesis Data Streams performs splits or merges on individual
   * shards. This can cause short-lived shards to be created": every target boundary inside an open shard
   * splits it there, then the pieces of each target range are merged from the lowest up. Every child names
   * the one or two shards it came from, so reading parents before children keeps each key's order.
   */
  scaleTo(target: number, nowMs: number): void {
    for (const boundary of splitHashRange(target, this.profile.hashRangeDivisor).slice(1)) {
      const holder = this.open.find(
        (s) =>
          s.range.startingHashKey < boundary.startingHashKey &&
          boundary.startingHashKey <= s.range.endingHashKey,
      );
      if (holder) this.split(holder, boundary.startingHashKey, nowMs);
    }
    for (const range of splitHashRange(target, this.profile.hashRangeDivisor)) {
      const pieces = this.open.filter(
        (s) =>
          s.range.startingHashKey >= range.startingHashKey && s.range.endingHashKey <= range.endingHashKey,
      );
      let merged = pieces[0]!;
      for (const next of pieces.slice(1)) merged = this.merge(merged, next, nowMs);
    }
  }

  private addShard(range: HashKeyRange, nowMs: number, lineage?: Lineage): Shard {
    const index = this.all.length;
    const retention: Retention = { ...this.settings.retention, maxAgeMs: this.retentionMs };
    const shard = new Shard(
      this.shardIdOf(index),
      index,
      range,
      nowMs,
      this.settings.shardLimits,
      retention,
      lineage,
    );
    this.all.push(shard);
    return shard;
  }

  private reindex(): void {
    this.open = this.all
      .filter((s) => s.isOpen)
      .sort((a, b) => (a.range.startingHashKey < b.range.startingHashKey ? -1 : 1));
    this.openStarts = this.open.map((s) => s.startWords);
  }
}
