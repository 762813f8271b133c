import { MemoryBudget, type BudgetedLog, type Slab } from './memory-budget.ts';
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
 * The records one request wrote to one shard, packed into a slab of the memory budget (memory-budget.ts):
 * their Data, then their keys, then 32-bit offsets (the end of each record's Data, the end of each key, and
 * for wide keys each record's size). A long load run keeps millions of records; as one small object per
 * request, with nothing of theirs on the JavaScript heap, they cost the garbage collector almost nothing
 * (per-record objects made a server that had kept a few hundred thousand records several times slower, and
 * keys and offsets on the heap let it grow to twice what was kept). Records are materialised only when read.
 */
interface Segment {
  readonly firstCounter: number;
  readonly count: number;
  readonly arrivalMs: number;
  readonly slab: Slab;
  /** Byte offset of the first record's Data in the slab; the keys start where the last Data ends. */
  readonly dataStart: number;
  readonly keyStart: number;
  /** Index in `slab.ints` of the Data ends; the key ends follow, then (wide keys only) the sizes. */
  readonly at: number;
  /**
   * Keys as UTF-16 (two bytes a code unit, so any string, lone surrogates included, comes back as written);
   * otherwise they are all ASCII and stored a byte a character.
   */
  readonly wide: boolean;
  /** Data + UTF-8 key bytes of its records. */
  readonly bytes: number;
}

/**
 * A shard's log: segments in arrival order, counters contiguous across them. Retention drops the oldest
 * records from the front: whole segments (`head`) and then records of the first kept one (`headSkip`), so
 * TRIM_HORIZON moves to the first kept record. Three rules trim: age and bytes per shard (this log's own),
 * and the process-wide memory budget, which calls `trimBefore` for the globally oldest segment.
 */
export class ShardLog implements BudgetedLog {
  /** Kept segments from `head` on; the slots before it are emptied so that nothing holds a dropped slab. */
  private segments: (Segment | undefined)[] = [];
  private head = 0;
  private headSkip = 0;
  /** Data + key bytes of the head segment's records already trimmed. */
  private headSkipBytes = 0;
  private bytes = 0;
  // Initialised as a small integer, so the field keeps V8's integer representation on the hot path.
  private nextCounter = 0;
  /** The slab new segments go into while they fit. */
  private current: Slab | undefined;

  /** `firstCounter`: the counter of the first record (a shard keeps 0 for its StartingSequenceNumber). */
  constructor(
    private readonly seqPrefix: string,
    private maxAgeMs: number,
    private readonly maxBytes: number,
    private readonly budget: MemoryBudget = new MemoryBudget(Infinity),
    firstCounter = 0,
  ) {
    this.nextCounter = firstCounter;
  }

  /** A new retention period (Increase/DecreaseStreamRetentionPeriod); records older than it go at `nowMs`. */
  setMaxAge(ms: number, nowMs: number): void {
    this.maxAgeMs = ms;
    this.trim(nowMs);
  }

  /**
   * Appends records (in order) that arrived together; returns the counter of the first. `sizes[i]` is Data
   * plus UTF-8 key bytes of record i (the caller has it already, for the write limits).
   */
  append(
    keys: readonly string[],
    datas: readonly Buffer[],
    sizes: readonly number[],
    arrivalMs: number,
  ): number {
    const count = keys.length;
    const firstCounter = this.nextCounter;
    if (count === 0) return firstCounter;
    let dataLength = 0;
    let bytes = 0;
    for (let i = 0; i < count; i++) {
      dataLength += datas[i]!.length;
      bytes += sizes[i]!;
    }
    const joined = count === 1 ? keys[0]! : keys.join('');
    // UTF-8 takes one byte a character exactly when every character is ASCII.
    const wide = bytes - dataLength !== joined.length;
    const keyLength = wide ? joined.length * 2 : joined.length;
    const intsStart = (dataLength + keyLength + 3) & ~3;
    const slab = this.slabFor(intsStart + (wide ? 12 : 8) * count);
    const dataStart = slab.used;
    const keyStart = dataStart + dataLength;
    const at = (dataStart + intsStart) >> 2;
    const buf = slab.bytes;
    const ints = slab.ints;
    // Always a copy: Data may be a view into a whole request's buffer (the PutRecords fast path decodes all
    // records into one), which a kept view would hold for as long as the record.
    let dataEnd = dataStart;
    let keyEnd = keyStart;
    for (let i = 0; i < count; i++) {
      const d = datas[i]!;
      buf.set(d, dataEnd);
      dataEnd += d.length;
      ints[at + i] = dataEnd;
      keyEnd += wide ? keys[i]!.length * 2 : sizes[i]! - d.length;
      ints[at + count + i] = keyEnd;
      if (wide) ints[at + 2 * count + i] = sizes[i]!;
    }
    buf.write(joined, keyStart, wide ? 'utf16le' : 'latin1');
    slab.used = (at + (wide ? 3 : 2) * count) * 4;
    this.segments.push({ firstCounter, count, arrivalMs, slab, dataStart, keyStart, at, wide, bytes });
    this.nextCounter += count;
    this.bytes += bytes;
    this.budget.segmentAdded(this, this.nextCounter);
    if (this.bytes > this.maxBytes) this.trim(arrivalMs);
    this.budget.settle(arrivalMs);
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
      const size = recordSize(s, this.headSkip);
      this.bytes -= size;
      this.headSkipBytes += size;
      this.headSkip++;
      if (this.headSkip === s.count) this.advance(s);
    }
    this.compact();
  }

  /** The memory budget's trim: drops kept records before `endCounter` (the rest of the oldest segment). */
  trimBefore(endCounter: number): void {
    while (this.head < this.segments.length) {
      const s = this.segments[this.head]!;
      if (s.firstCounter + s.count > endCounter) break;
      this.dropHead(s);
    }
    this.compact();
  }

  /** Drops every record and gives the memory back (the stream is gone). */
  release(): void {
    while (this.head < this.segments.length) this.dropHead(this.segments[this.head]!);
    this.compact();
  }

  private slabFor(need: number): Slab {
    const current = this.current;
    if (current !== undefined && current.used + need <= current.bytes.length) return current;
    // The full slab stays with its segments until the last of them is trimmed (see advance).
    this.current = this.budget.takeSlab(need);
    return this.current;
  }

  private dropHead(s: Segment): void {
    this.bytes -= s.bytes - this.headSkipBytes;
    this.advance(s);
  }

  /** The head segment `s` is gone; its slab goes back to the budget once no kept segment is in it. */
  private advance(s: Segment): void {
    this.segments[this.head] = undefined;
    this.head++;
    this.headSkip = 0;
    this.headSkipBytes = 0;
    this.budget.segmentsDropped(1);
    const next = this.segments[this.head];
    // Segments fill slabs in order, so the slab of the next segment differs only past the last one in it.
    if (next === undefined || next.slab !== s.slab) {
      if (s.slab === this.current) this.current = undefined;
      this.budget.releaseSlab(s.slab);
    }
  }

  private compact(): void {
    if (this.head === this.segments.length) {
      this.segments = [];
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > this.segments.length) {
      this.segments = this.segments.slice(this.head);
      this.head = 0;
    }
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

  /**
   * Up to `limit` records from `counter` on, within `maxBytes` of Data (at least one record). Data is copied
   * out (once per segment read): a slab is reused once trimmed, and a record read must not change under
   * whoever holds it.
   */
  read(counter: number, limit: number, maxBytes: number): { records: StoredRecord[]; nextCounter: number } {
    const records: StoredRecord[] = [];
    let bytes = 0;
    let c = Math.max(counter, this.trimHorizonCounter());
    let si = this.segmentAt(c);
    while (si < this.segments.length && records.length < limit) {
      const s = this.segments[si]!;
      const ints = s.slab.ints;
      const first = c - s.firstCounter;
      const from = first === 0 ? s.dataStart : ints[s.at + first - 1]!;
      // The records of this segment that fit the limits.
      let end = first;
      while (end < s.count && records.length + (end - first) < limit) {
        const dataEnd = ints[s.at + end]!;
        const previous = end === 0 ? s.dataStart : ints[s.at + end - 1]!;
        if (records.length + (end - first) > 0 && bytes + (dataEnd - previous) > maxBytes) break;
        bytes += dataEnd - previous;
        end++;
      }
      if (end === first) break;
      const copy = Buffer.allocUnsafe(ints[s.at + end - 1]! - from);
      s.slab.bytes.copy(copy, 0, from, ints[s.at + end - 1]!);
      const encoding = s.wide ? 'utf16le' : 'latin1';
      for (let i = first; i < end; i++) {
        const dataStart = i === 0 ? s.dataStart : ints[s.at + i - 1]!;
        const keyStart = i === 0 ? s.keyStart : ints[s.at + s.count + i - 1]!;
        records.push({
          sequenceNumber: formatSequenceNumber(this.seqPrefix, s.firstCounter + i),
          size: recordSize(s, i),
          counter: s.firstCounter + i,
          partitionKey: s.slab.bytes.toString(encoding, keyStart, ints[s.at + s.count + i]!),
          data: copy.subarray(dataStart - from, ints[s.at + i]! - from),
          arrivalMs: s.arrivalMs,
        });
      }
      c = s.firstCounter + end;
      if (end < s.count) break;
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

/** Data + UTF-8 key bytes of record `i` of `s`. */
function recordSize(s: Segment, i: number): number {
  const ints = s.slab.ints;
  if (s.wide) return ints[s.at + 2 * s.count + i]!;
  const dataStart = i === 0 ? s.dataStart : ints[s.at + i - 1]!;
  const keyStart = i === 0 ? s.keyStart : ints[s.at + s.count + i - 1]!;
  return ints[s.at + i]! - dataStart + ints[s.at + s.count + i]! - keyStart;
}
