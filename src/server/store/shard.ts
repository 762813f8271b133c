import type { HashKeyRange } from '../../protocol/hash-key.ts';
import { wordsOf } from './hash-words.ts';
import type { MemoryBudget } from './memory-budget.ts';
import {
  formatSequenceNumber,
  lastSequenceNumber,
  parseSequenceNumber,
  sequencePrefix,
} from './sequence-number.ts';
import { ShardLog, type StoredRecord } from './shard-log.ts';
import { TokenBucket } from './token-bucket.ts';

export type { StoredRecord } from './shard-log.ts';

export interface ShardLimits {
  readonly bytesPerSecond: number;
  readonly recordsPerSecond: number;
  /** Seconds of traffic a bucket holds: a small burst above the steady rate. */
  readonly burstSeconds: number;
}

export interface Retention {
  readonly maxAgeMs: number;
  /** Data + key bytes a shard keeps, whatever the memory budget allows. */
  readonly maxBytesPerShard: number;
  /** The process-wide budget every shard's log draws its memory from; unlimited (per log) when absent. */
  readonly budget?: MemoryBudget;
}

/** The shards a resharding made this one from (AWS-M Shard: ParentShardId, AdjacentParentShardId). */
export interface Lineage {
  readonly parentShardId: string;
  readonly adjacentParentShardId?: string;
}

/**
 * The counter of a shard's StartingSequenceNumber. Records start one above it, so AT_SEQUENCE_NUMBER of the
 * StartingSequenceNumber reads the first record and AFTER_SEQUENCE_NUMBER of it does too, as AWS answers
 * (issue #12: an iterator at the StartingSequenceNumber of an empty shard returns what is written next).
 */
export const STARTING_COUNTER = 0;

/**
 * One shard: its hash-key range, its write limits (two token buckets), its log (shard-log.ts) and where
 * it stands in the stream's resharding history (open, or closed with children).
 */
export class Shard {
  readonly id: string;
  readonly index: number;
  readonly range: HashKeyRange;
  readonly createdMs: number;
  readonly lineage: Lineage | undefined;
  /** When a SplitShard, MergeShards or UpdateShardCount closed it; undefined while open. */
  closedMs: number | undefined;
  /** Set when closed: the shards that took over its hash keys. */
  children: readonly Shard[] = [];
  /** The range's start as four 32-bit words, most significant first (routing compares words, not bigints). */
  readonly startWords: Uint32Array;
  readonly seqPrefix: string;
  readonly startingSequenceNumber: string;
  private readonly log: ShardLog;
  private readonly byteBucket: TokenBucket | undefined;
  private readonly recordBucket: TokenBucket | undefined;

  constructor(
    id: string,
    index: number,
    range: HashKeyRange,
    createdMs: number,
    limits: ShardLimits | undefined,
    retention: Retention,
    lineage?: Lineage,
  ) {
    this.id = id;
    this.index = index;
    this.range = range;
    this.createdMs = createdMs;
    this.lineage = lineage;
    this.startWords = wordsOf(range.startingHashKey);
    // A child's prefix holds its own creation second and a higher index, so its sequence numbers are
    // above its parents'.
    this.seqPrefix = sequencePrefix(createdMs, index);
    this.startingSequenceNumber = formatSequenceNumber(this.seqPrefix, STARTING_COUNTER);
    this.log = new ShardLog(
      this.seqPrefix,
      retention.maxAgeMs,
      retention.maxBytesPerShard,
      retention.budget,
      STARTING_COUNTER + 1,
    );
    if (limits) {
      this.byteBucket = new TokenBucket(
        limits.bytesPerSecond,
        limits.bytesPerSecond * limits.burstSeconds,
        createdMs,
      );
      this.recordBucket = new TokenBucket(
        limits.recordsPerSecond,
        limits.recordsPerSecond * limits.burstSeconds,
        createdMs,
      );
    }
  }

  get isOpen(): boolean {
    return this.closedMs === undefined;
  }

  /** A closed shard's EndingSequenceNumber (AWS-M SequenceNumberRange: null while open). */
  get endingSequenceNumber(): string | undefined {
    return this.closedMs === undefined ? undefined : lastSequenceNumber(this.seqPrefix);
  }

  /** No more writes: the stream routes its hash keys to `children` from now on. */
  close(nowMs: number, children: readonly Shard[]): void {
    this.closedMs = nowMs;
    this.children = children;
  }

  /** A new retention period for the stream's records (IncreaseStreamRetentionPeriod and Decrease...). */
  setRetentionAge(ms: number, nowMs: number): void {
    this.log.setMaxAge(ms, nowMs);
  }

  /** Refill the write buckets; call once per request before `admit`. */
  refill(nowMs: number): void {
    this.byteBucket?.refill(nowMs);
    this.recordBucket?.refill(nowMs);
  }

  /**
   * Whether a record of `size` bytes (data + key) may be written now; takes the tokens if so. The byte bucket
   * may go into debt: a record is admitted while any byte tokens are left, so a maximum-size record (1 MiB of
   * data plus its key, more than the bucket holds) is accepted on an idle shard, and the debt delays the
   * next ones. AWS-LR: large records "burst" above the per-second rate.
   */
  admit(size: number): boolean {
    if (!this.byteBucket || !this.recordBucket) return true;
    if (this.recordBucket.available() < 1 || this.byteBucket.available() <= 0) return false;
    this.recordBucket.take(1);
    this.byteBucket.take(size);
    return true;
  }

  /** Writes one record; returns its sequence number. `size` is data plus UTF-8 key bytes. */
  append(
    partitionKey: string,
    data: Buffer,
    arrivalMs: number,
    size = data.length + Buffer.byteLength(partitionKey, 'utf8'),
  ): string {
    return formatSequenceNumber(this.seqPrefix, this.log.append([partitionKey], [data], [size], arrivalMs));
  }

  /** Writes records that arrived together, in order; returns the counter of the first. */
  appendBatch(
    keys: readonly string[],
    datas: readonly Buffer[],
    sizes: readonly number[],
    arrivalMs: number,
  ): number {
    return this.log.append(keys, datas, sizes, arrivalMs);
  }

  /**
   * Whether `value` is a sequence number this shard has given out: its StartingSequenceNumber, a written
   * record's (kept or trimmed since), or, once closed, its EndingSequenceNumber (see sequence-number.ts).
   */
  hasIssued(value: string): boolean {
    if (value === this.endingSequenceNumber) return true;
    const counter = parseSequenceNumber(this.seqPrefix, value);
    return counter !== undefined && counter < this.latestCounter();
  }

  sequenceNumberOf(counter: number): string {
    return formatSequenceNumber(this.seqPrefix, counter);
  }

  trim(nowMs: number): void {
    this.log.trim(nowMs);
  }

  /** Drops every record and gives its memory back to the budget (the stream is gone). */
  release(): void {
    this.log.release();
  }

  /** Counter of the oldest kept record (TRIM_HORIZON), equal to `latestCounter()` when empty. */
  trimHorizonCounter(): number {
    return this.log.trimHorizonCounter();
  }

  /** Counter the next written record will get (LATEST). */
  latestCounter(): number {
    return this.log.latestCounter();
  }

  /** Counter of the first record at or after `ms` (AT_TIMESTAMP). */
  counterAtTimestamp(ms: number): number {
    return this.log.counterAtTimestamp(ms);
  }

  /** Up to `limit` records from `counter` on, within `maxBytes` (at least one record). */
  read(counter: number, limit: number, maxBytes: number): { records: StoredRecord[]; nextCounter: number } {
    return this.log.read(counter, limit, maxBytes);
  }

  /** Arrival time of the newest record, for MillisBehindLatest. */
  lastArrivalMs(): number | undefined {
    return this.log.lastArrivalMs();
  }

  storedBytes(): number {
    return this.log.storedBytes();
  }

  storedRecords(): number {
    return this.log.storedRecords();
  }
}
