import type { Profile } from '../../profiles/profile.ts';
import { splitHashRange } from '../../protocol/hash-key.ts';
import { rangeIndexOf } from './hash-words.ts';
import { Shard, type Retention, type ShardLimits } from './shard.ts';

export type StreamStatus = 'CREATING' | 'ACTIVE' | 'DELETING';

export interface StreamSettings {
  readonly accountId: string;
  readonly region: string;
  readonly shardLimits: ShardLimits | undefined;
  readonly retention: Retention;
}

export class Stream {
  readonly name: string;
  readonly arn: string;
  readonly createdMs: number;
  readonly shards: readonly Shard[];
  readonly retentionPeriodHours: number;
  status: StreamStatus = 'CREATING';
  private readonly shardById: Map<string, Shard>;
  private readonly shardStarts: readonly Uint32Array[];

  constructor(name: string, shardCount: number, profile: Profile, settings: StreamSettings, nowMs: number) {
    this.name = name;
    this.arn = `arn:aws:kinesis:${settings.region}:${settings.accountId}:stream/${name}`;
    this.createdMs = nowMs;
    this.retentionPeriodHours = Math.max(1, Math.round(settings.retention.maxAgeMs / 3_600_000));
    const { prefix, digits } = profile.shardIdFormat;
    this.shards = splitHashRange(shardCount, profile.hashRangeDivisor).map(
      (range, i) =>
        new Shard(
          `${prefix}${String(i).padStart(digits, '0')}`,
          i,
          range,
          nowMs,
          settings.shardLimits,
          settings.retention,
        ),
    );
    this.shardById = new Map(this.shards.map((s) => [s.id, s]));
    this.shardStarts = this.shards.map((s) => s.startWords);
  }

  /** The shard whose hash-key range holds the 128-bit value `words` (ranges cover 0..2^128-1). */
  shardForHash(words: Uint32Array): Shard {
    return this.shards[rangeIndexOf(this.shardStarts, words)]!;
  }

  /**
   * A shard by id. AWS also accepts short forms (`shardId-0`, `0`) in GetShardIterator (behaviour.md 5),
   * so a trailing number is matched by value.
   */
  findShard(shardId: string): Shard | undefined {
    const exact = this.shardById.get(shardId);
    if (exact) return exact;
    const m = /^(?:shardId-)?(\d{1,20})$/.exec(shardId);
    if (!m) return undefined;
    const index = Number(m[1]);
    return Number.isSafeInteger(index) ? this.shards[index] : undefined;
  }
}
