import { toHex, type HashKeyRange, type HexHashKey } from '../../protocol/hash-key.ts';
import { formatSequenceNumber, sequencePrefix } from './sequence-number.ts';
import { TokenBucket } from './token-bucket.ts';

export interface StoredRecord {
  readonly sequenceNumber: string;
  /** Data bytes plus UTF-8 key bytes: what retention and the byte limit count. */
  readonly size: number;
  readonly counter: number;
  readonly partitionKey: string;
  readonly data: Buffer;
  readonly arrivalMs: number;
}

export interface ShardLimits {
  readonly bytesPerSecond: number;
  readonly recordsPerSecond: number;
  /** Seconds of traffic a bucket holds: a small burst above the steady rate. */
  readonly burstSeconds: number;
}

export interface Retention {
  readonly maxAgeMs: number;
  readonly maxBytesPerShard: number;
}

/**
 * One shard's log. Records are kept in arrival order with a monotonically increasing counter; trimming
 * by age or bytes drops the oldest, and TRIM_HORIZON moves with it. `head` indexes the oldest kept record,
 * so trimming is O(1) and the array is compacted only now and then.
 */
export class Shard {
  readonly id: string;
  readonly index: number;
  readonly range: HashKeyRange;
  readonly startHex: HexHashKey;
  readonly endHex: HexHashKey;
  readonly seqPrefix: string;
  readonly startingSequenceNumber: string;
  private log: StoredRecord[] = [];
  private head = 0;
  private bytes = 0;
  private nextCounter = 0;
  private readonly byteBucket: TokenBucket | undefined;
  private readonly recordBucket: TokenBucket | undefined;

  constructor(
    id: string,
    index: number,
    range: HashKeyRange,
    createdMs: number,
    limits: ShardLimits | undefined,
    private readonly retention: Retention,
  ) {
    this.id = id;
    this.index = index;
    this.range = range;
    this.startHex = toHex(range.startingHashKey);
    this.endHex = toHex(range.endingHashKey);
    this.seqPrefix = sequencePrefix(createdMs, index);
    this.startingSequenceNumber = formatSequenceNumber(this.seqPrefix, 0);
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

  /** `size` is data plus UTF-8 key bytes; callers that already know it pass it. */
  append(
    partitionKey: string,
    data: Buffer,
    arrivalMs: number,
    size = data.length + Buffer.byteLength(partitionKey, 'utf8'),
  ): string {
    const counter = this.nextCounter++;
    const sequenceNumber = formatSequenceNumber(this.seqPrefix, counter);
    this.log.push({ sequenceNumber, size, counter, partitionKey, data, arrivalMs });
    this.bytes += size;
    if (this.bytes > this.retention.maxBytesPerShard) this.trim(arrivalMs);
    return sequenceNumber;
  }

  /** Drop records older than the retention period or beyond the byte budget. */
  trim(nowMs: number): void {
    const oldest = nowMs - this.retention.maxAgeMs;
    while (this.head < this.log.length) {
      const r = this.log[this.head]!;
      if (this.bytes <= this.retention.maxBytesPerShard && r.arrivalMs >= oldest) break;
      this.bytes -= r.size;
      this.head++;
    }
    if (this.head > 1024 && this.head * 2 > this.log.length) {
      this.log = this.log.slice(this.head);
      this.head = 0;
    }
  }

  /** Counter of the oldest kept record (TRIM_HORIZON), equal to `latestCounter()` when empty. */
  trimHorizonCounter(): number {
    return this.head < this.log.length ? this.log[this.head]!.counter : this.nextCounter;
  }

  /** Counter the next written record will get (LATEST). */
  latestCounter(): number {
    return this.nextCounter;
  }

  /** The first kept record at or after `counter`: its position in the log. */
  private positionOf(counter: number): number {
    const first = this.trimHorizonCounter();
    return this.head + Math.max(0, counter - first);
  }

  /** Counter of the first record at or after `ms` (AT_TIMESTAMP). */
  counterAtTimestamp(ms: number): number {
    let lo = this.head;
    let hi = this.log.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.log[mid]!.arrivalMs < ms) lo = mid + 1;
      else hi = mid;
    }
    return lo < this.log.length ? this.log[lo]!.counter : this.nextCounter;
  }

  /** Up to `limit` records from `counter` on, within `maxBytes` (at least one record). */
  read(counter: number, limit: number, maxBytes: number): { records: StoredRecord[]; nextCounter: number } {
    const records: StoredRecord[] = [];
    let bytes = 0;
    let pos = this.positionOf(counter);
    while (pos < this.log.length && records.length < limit) {
      const r = this.log[pos]!;
      if (records.length > 0 && bytes + r.data.length > maxBytes) break;
      records.push(r);
      bytes += r.data.length;
      pos++;
    }
    const nextCounter =
      records.length > 0
        ? records[records.length - 1]!.counter + 1
        : Math.max(counter, this.trimHorizonCounter());
    return { records, nextCounter };
  }

  /** Arrival time of the newest record, for MillisBehindLatest. */
  lastArrivalMs(): number | undefined {
    return this.log.length > this.head ? this.log[this.log.length - 1]!.arrivalMs : undefined;
  }

  storedBytes(): number {
    return this.bytes;
  }

  storedRecords(): number {
    return this.log.length - this.head;
  }
}
