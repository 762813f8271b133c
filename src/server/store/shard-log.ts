import { formatSequenceNumber } from './sequence-number.ts';

export interface StoredRecord {
  readonly sequenceNumber: string;
  /** Data bytes plus UTF-8 key bytes: what retention and the byte limit count. */
  readonly size: number;
  readonly counter: number;
  readonly partitionKey: string;
  readonly data: Buffer;
  readonly arrivalMs: number;
}

/**
 * The records one request wrote to one shard, packed: their Data in one buffer and their keys in one
 * string, with end offsets. A long load run keeps millions of records; as a handful of objects per request
 * instead of several per record, they cost the garbage collector almost nothing (per-record objects made
 * a server that had kept a few hundred thousand records several times slower). Records are materialised
 * only when read.
 */
interface Segment {
  readonly firstCounter: number;
  readonly count: number;
  readonly arrivalMs: number;
  readonly data: Buffer;
  readonly dataEnds: readonly number[];
  readonly keys: string;
  readonly keyEnds: readonly number[];
  /** Per-record size (data + UTF-8 key bytes), so retention can trim record by record. */
  readonly sizes: readonly number[];
  readonly bytes: number;
}

/**
 * A shard's log: segments in arrival order, counters contiguous across them. Retention drops the oldest
 * records from the front: whole segments (`head`) and then records of the first kept one (`headSkip`), so
 * TRIM_HORIZON moves to the first kept record.
 */
export class ShardLog {
  private segments: Segment[] = [];
  private head = 0;
  private headSkip = 0;
  private bytes = 0;
  // Initialised as a small integer, so the field keeps V8's integer representation on the hot path.
  private nextCounter = 0;

  /** `firstCounter`: the counter of the first record (a shard keeps 0 for its StartingSequenceNumber). */
  constructor(
    private readonly seqPrefix: string,
    private maxAgeMs: number,
    private readonly maxBytes: number,
    firstCounter = 0,
  ) {
    this.nextCounter = firstCounter;
  }

  /** A new retention period (Increase/DecreaseStreamRetentionPeriod); records older than it go at `nowMs`. */
  setMaxAge(ms: number, nowMs: number): void {
    this.maxAgeMs = ms;
    this.trim(nowMs);
  }

  /** Appends records (in order) that arrived together; returns the counter of the first. */
  append(
    keys: readonly string[],
    datas: readonly Buffer[],
    sizes: readonly number[],
    arrivalMs: number,
  ): number {
    const count = keys.length;
    const firstCounter = this.nextCounter;
    // Plain arrays of small integers: one object each, nothing inside for the collector to trace, and
    // cheaper than typed arrays to allocate for the many one-record segments PutRecord makes.
    const dataEnds = new Array<number>(count);
    const keyEnds = new Array<number>(count);
    const recordSizes = new Array<number>(count);
    let dataLength = 0;
    let keyLength = 0;
    let bytes = 0;
    for (let i = 0; i < count; i++) {
      dataLength += datas[i]!.length;
      dataEnds[i] = dataLength;
      keyLength += keys[i]!.length;
      keyEnds[i] = keyLength;
      recordSizes[i] = sizes[i]!;
      bytes += sizes[i]!;
    }
    // Always a copy, even of one record: Data may be a view into a whole request's buffer (the PutRecords
    // fast path decodes all records into one), which a kept view would hold for as long as the record.
    const data = Buffer.concat(datas as Buffer[], dataLength);
    this.segments.push({
      firstCounter,
      count,
      arrivalMs,
      data,
      dataEnds,
      keys: count === 1 ? keys[0]! : keys.join(''),
      keyEnds,
      sizes: recordSizes,
      bytes,
    });
    this.nextCounter += count;
    this.bytes += bytes;
    if (this.bytes > this.maxBytes) this.trim(arrivalMs);
    return firstCounter;
  }

  /** Drops the oldest records while they are older than the retention period or over the byte budget. */
  trim(nowMs: number): void {
    const oldest = nowMs - this.maxAgeMs;
    while (this.head < this.segments.length) {
      const s = this.segments[this.head]!;
      if (s.arrivalMs < oldest) {
        this.dropHead(s);
        continue;
      }
      if (this.bytes <= this.maxBytes) break;
      // Over the byte budget: drop records of the oldest segment one by one.
      this.bytes -= s.sizes[this.headSkip]!;
      this.headSkip++;
      if (this.headSkip === s.count) {
        this.head++;
        this.headSkip = 0;
      }
    }
    if (this.head > 1024 && this.head * 2 > this.segments.length) {
      this.segments = this.segments.slice(this.head);
      this.head = 0;
    }
  }

  private dropHead(s: Segment): void {
    for (let i = this.headSkip; i < s.count; i++) this.bytes -= s.sizes[i]!;
    this.head++;
    this.headSkip = 0;
  }

  /** Counter of the oldest kept record (TRIM_HORIZON); the next counter when the log is empty. */
  trimHorizonCounter(): number {
    return this.head < this.segments.length
      ? this.segments[this.head]!.firstCounter + this.headSkip
      : this.nextCounter;
  }

  latestCounter(): number {
    return this.nextCounter;
  }

  /** Index of the kept segment that holds `counter`, or of the first one after it. */
  private segmentAt(counter: number): number {
    let lo = this.head;
    let hi = this.segments.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const s = this.segments[mid]!;
      if (s.firstCounter + s.count <= counter) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Counter of the first record that arrived at or after `ms` (AT_TIMESTAMP). */
  counterAtTimestamp(ms: number): number {
    let lo = this.head;
    let hi = this.segments.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.segments[mid]!.arrivalMs < ms) lo = mid + 1;
      else hi = mid;
    }
    return lo < this.segments.length
      ? Math.max(this.segments[lo]!.firstCounter, this.trimHorizonCounter())
      : this.nextCounter;
  }

  /** Up to `limit` records from `counter` on, within `maxBytes` of Data (at least one record). */
  read(counter: number, limit: number, maxBytes: number): { records: StoredRecord[]; nextCounter: number } {
    const records: StoredRecord[] = [];
    let bytes = 0;
    let c = Math.max(counter, this.trimHorizonCounter());
    let si = this.segmentAt(c);
    outer: while (si < this.segments.length) {
      const s = this.segments[si]!;
      for (let i = c - s.firstCounter; i < s.count; i++) {
        if (records.length >= limit) break outer;
        const dataStart = i === 0 ? 0 : s.dataEnds[i - 1]!;
        const dataEnd = s.dataEnds[i]!;
        if (records.length > 0 && bytes + (dataEnd - dataStart) > maxBytes) break outer;
        const keyStart = i === 0 ? 0 : s.keyEnds[i - 1]!;
        const partitionKey = s.keys.slice(keyStart, s.keyEnds[i]!);
        const data = s.data.subarray(dataStart, dataEnd);
        records.push({
          sequenceNumber: formatSequenceNumber(this.seqPrefix, s.firstCounter + i),
          size: s.sizes[i]!,
          counter: s.firstCounter + i,
          partitionKey,
          data,
          arrivalMs: s.arrivalMs,
        });
        bytes += data.length;
        c = s.firstCounter + i + 1;
      }
      si++;
    }
    return { records, nextCounter: c };
  }

  lastArrivalMs(): number | undefined {
    return this.segments.length > this.head ? this.segments[this.segments.length - 1]!.arrivalMs : undefined;
  }

  storedBytes(): number {
    return this.bytes;
  }

  storedRecords(): number {
    return this.nextCounter - this.trimHorizonCounter();
  }
}
