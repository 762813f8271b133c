/**
 * One memory budget for every record the server keeps, across all streams and shards (issue #12: a per-shard
 * cap let 4 shards at full speed hold 880-940 MB of RSS for 256 MiB of Data, and 200 shards tens of GB).
 *
 * Kept records live off the JavaScript heap, in slabs this budget hands out and takes back (shard-log.ts
 * packs a segment's Data, keys and offsets into one). That is what makes the count honest and the bound
 * real: a kept record costs its bytes in a slab plus a share of one small object per segment, and trimming
 * gives a slab back for reuse instead of leaving it to the garbage collector. Under 500 x 100 B PutRecords
 * at full speed into 4 shards with 256 MiB of Data and keys kept, Data in one buffer per segment and keys
 * and offsets on the heap let V8's garbage and the allocator's fragmentation grow with what was kept: RSS
 * stood at 810-880 MB. In recycled slabs, with --max-memory 256MiB, RSS peaks at 449 MiB; for budgets from
 * 16 MiB to 1 GiB it peaks 175-230 MiB above the budget (bench/server-memory.ts; README, Benchmarks).
 *
 * What is counted (`heldBytes`), and never per record:
 * - every slab a shard log holds, at its full capacity (a partly filled or partly trimmed slab costs all of
 *   it), plus SLAB_OVERHEAD_BYTES for its objects. In a slab a record takes its Data, its key (a byte a
 *   character when the segment's keys are all ASCII, else two bytes a UTF-16 code unit) and two 32-bit
 *   offsets (three with wide keys), each segment padded to 4 bytes;
 * - SEGMENT_OVERHEAD_BYTES per kept segment: its object, its slot in the log's array and its entry in the
 *   trim queue below.
 * Sequence numbers cost nothing (a shard prefix and the record's position), arrival times one number per
 * segment. Not counted: at most POOL_BYTES of free slabs waiting for reuse, and what serving requests costs
 * (bodies in flight, the collector's young generation): the fixed overhead the benchmark measures.
 *
 * Trimming is oldest first across every shard: each segment enters one queue in arrival order, and while
 * the held bytes exceed the limit the oldest queued segment is dropped from its log (which moves that
 * shard's TRIM_HORIZON). Entries whose segment the shard's own retention already dropped are skipped, and
 * compacted away once they number half the live ones, so the queue costs a bounded amount per kept segment.
 */

/** A block of memory holding the segments of one shard log: Data, then keys, then 32-bit offsets. */
export interface Slab {
  readonly bytes: Buffer;
  /** The same memory as 32-bit integers (offsets of the records of each segment). */
  readonly ints: Int32Array;
  /** Bytes in use from the start (a multiple of 4). */
  used: number;
}

/** What the budget needs of a shard log to trim it. */
export interface BudgetedLog {
  /** Counter of the oldest kept record; at or past every counter of the log once it has been released. */
  trimHorizonCounter(): number;
  /** Drops the oldest kept records up to (not including) `endCounter`: the rest of its oldest segment. */
  trimBefore(endCounter: number): void;
  storedRecords(): number;
  storedBytes(): number;
}

export interface BudgetStats {
  readonly limitBytes: number;
  /** What kept records cost now (slabs held by logs and per-segment overhead). */
  readonly heldBytes: number;
  readonly keptSegments: number;
  /** Entries in the trim queue: the kept segments and those already dropped but not yet compacted away. */
  readonly queued: number;
  readonly slabsHeld: number;
  readonly slabsPooled: number;
  /** Slabs ever allocated: stays flat once trimming recycles them. */
  readonly slabsAllocated: number;
  /** Records and their Data + key bytes dropped by this budget (not by per-shard retention) since start. */
  readonly trimmedRecords: number;
  readonly trimmedBytes: number;
}

const KiB = 1024;
const MiB = 1024 * KiB;
/**
 * Smallest and largest standard slab. A slab is sized to hold about SEGMENTS_PER_SLAB segments like the one
 * that asks for it, as a power of two in this range: a PutRecord-a-time shard takes 16 KiB at a time, a shard
 * that gets 125 records of 100 B per request 128 KiB. A quiet shard holds one small slab; a busy one holds
 * at most about one partly used slab at each end. A segment larger than the largest slab gets one of its own,
 * sized in steps of LARGE_SLAB_STEP so that the next large segment can reuse it (under 5 x 1 MiB requests at
 * full speed, leaving them to the collector instead added about 40 MiB to peak RSS).
 */
const MIN_SLAB_BYTES = 16 * KiB;
const MAX_SLAB_BYTES = 1 * MiB;
const SEGMENTS_PER_SLAB = 8;
const LARGE_SLAB_STEP = 256 * KiB;
/** Free slabs kept for reuse; beyond this a released slab is left to the garbage collector. */
export const POOL_BYTES = 8 * MiB;
/**
 * JS-heap bytes per kept segment: the segment object (9 fields), its slot in the log's segment array and its
 * entry in the trim queue (two arrays), the arrays' growth slack included. Measured with --expose-gc as the
 * heap delta of 50,000 to 600,000 one-record segments appended to one log under a finite budget (Node 20.20,
 * x64): 124-132 B, depending on where the arrays stand in their growth. Plus up to half a queue entry (8-12
 * B) for segments the shards' own retention dropped, which stay queued until they outnumber half the live.
 */
export const SEGMENT_OVERHEAD_BYTES = 144;
/**
 * Bytes per slab beyond its capacity: on the heap the Buffer, its ArrayBuffer, the Int32Array view and the
 * slab object (measured the same way over 10,000 slabs: 337-345 B), plus the backing store's bookkeeping
 * outside it (V8's BackingStore and the allocator's header), rounded up.
 */
export const SLAB_OVERHEAD_BYTES = 512;
/** The trim summary goes out at most this often. */
export const REPORT_INTERVAL_MS = 10_000;
/** Dead queue entries are compacted away once there are more than this many and half as many as live ones. */
const QUEUE_SLACK = 1024;

/** "512 MiB", "1.5 MiB", "2 GiB", "32 KiB": the largest unit of at least one, a fraction only when needed. */
export function formatSize(bytes: number): string {
  const [unit, size] =
    bytes >= 1024 * MiB
      ? ['GiB', 1024 * MiB]
      : bytes >= MiB
        ? ['MiB', MiB]
        : bytes >= KiB
          ? ['KiB', KiB]
          : ['B', 1];
  const n = bytes / size;
  return `${Number.isInteger(n) ? n : n.toFixed(1)} ${unit}`;
}

export class MemoryBudget {
  private held = 0;
  private keptSegments = 0;
  private slabsHeld = 0;
  private slabsAllocated = 0;
  /** Free slabs by size. */
  private readonly pool = new Map<number, Slab[]>();
  private pooledBytes = 0;
  /** The trim queue: for each segment in arrival order, its log and the counter after its last record. */
  private queueLogs: (BudgetedLog | undefined)[] = [];
  private queueEnds: number[] = [];
  private queueHead = 0;
  private trimmedRecords = 0;
  private trimmedBytes = 0;
  private pendingRecords = 0;
  private pendingBytes = 0;
  private lastReportMs: number | undefined;

  /**
   * @param limitBytes what kept records may cost; Infinity never trims (and keeps no queue).
   * @param report where the rate-limited trim summary goes (kcs serve: stderr); nowhere when undefined.
   */
  constructor(
    readonly limitBytes: number,
    private readonly report?: (line: string) => void,
  ) {
    if (!(limitBytes > 0)) throw new RangeError(`memory budget must be positive, got ${limitBytes}`);
  }

  /** A slab with room for `need` bytes, from the pool when one of the right size is free. */
  takeSlab(need: number): Slab {
    let size = MIN_SLAB_BYTES;
    if (need > MAX_SLAB_BYTES) size = Math.ceil(need / LARGE_SLAB_STEP) * LARGE_SLAB_STEP;
    else while (size < need * SEGMENTS_PER_SLAB && size < MAX_SLAB_BYTES) size *= 2;
    let slab = this.pool.get(size)?.pop();
    if (slab) this.pooledBytes -= size;
    else slab = this.allocate(size);
    this.held += size + SLAB_OVERHEAD_BYTES;
    this.slabsHeld++;
    return slab;
  }

  /** A log no longer holds `slab`: it goes back to the pool (or to the collector when the pool is full). */
  releaseSlab(slab: Slab): void {
    const size = slab.bytes.length;
    this.held -= size + SLAB_OVERHEAD_BYTES;
    this.slabsHeld--;
    if (this.pooledBytes + size > POOL_BYTES) return;
    slab.used = 0;
    let free = this.pool.get(size);
    if (!free) this.pool.set(size, (free = []));
    free.push(slab);
    this.pooledBytes += size;
  }

  /** `log` kept a new segment whose records end before `endCounter`. Call `settle` once the log is done. */
  segmentAdded(log: BudgetedLog, endCounter: number): void {
    this.held += SEGMENT_OVERHEAD_BYTES;
    this.keptSegments++;
    if (this.limitBytes === Infinity) return;
    this.queueLogs.push(log);
    this.queueEnds.push(endCounter);
  }

  /** `log` dropped `n` segments (trimmed by any rule, or released). */
  segmentsDropped(n: number): void {
    this.held -= n * SEGMENT_OVERHEAD_BYTES;
    this.keptSegments -= n;
  }

  /** After an append: trims oldest first while over the limit, and keeps the queue compact. */
  settle(nowMs: number): void {
    if (this.held > this.limitBytes) this.trim(nowMs);
    const dead = this.queueLogs.length - this.queueHead - this.keptSegments;
    if (dead > QUEUE_SLACK && dead * 2 > this.keptSegments) this.compactQueue();
  }

  /**
   * Writes the trim summary if records were trimmed since the last line and the interval has passed; the
   * server calls this periodically so that the last trims of a burst are reported too.
   */
  flushReport(nowMs: number): void {
    if (this.pendingRecords === 0 || this.report === undefined) return;
    if (this.lastReportMs !== undefined && nowMs - this.lastReportMs < REPORT_INTERVAL_MS) return;
    const since =
      this.lastReportMs === undefined
        ? ''
        : ` in the last ${((nowMs - this.lastReportMs) / 1000).toFixed(0)} s`;
    this.report(
      `memory budget: trimmed ${this.pendingRecords.toLocaleString('en-US')} records ` +
        `(${formatSize(this.pendingBytes)} of Data and keys)${since}, oldest first across all shards; ` +
        `kept records cost ${formatSize(this.held)} of ${formatSize(this.limitBytes)}`,
    );
    this.lastReportMs = nowMs;
    this.pendingRecords = 0;
    this.pendingBytes = 0;
  }

  stats(): BudgetStats {
    let slabsPooled = 0;
    for (const free of this.pool.values()) slabsPooled += free.length;
    return {
      limitBytes: this.limitBytes,
      heldBytes: this.held,
      keptSegments: this.keptSegments,
      queued: this.queueLogs.length - this.queueHead,
      slabsHeld: this.slabsHeld,
      slabsPooled,
      slabsAllocated: this.slabsAllocated,
      trimmedRecords: this.trimmedRecords,
      trimmedBytes: this.trimmedBytes,
    };
  }

  private allocate(size: number): Slab {
    this.slabsAllocated++;
    // Its own ArrayBuffer (never a view into Node's shared pool), at offset 0, so the Int32Array lines up.
    const bytes = Buffer.allocUnsafeSlow(size);
    return { bytes, ints: new Int32Array(bytes.buffer, bytes.byteOffset, size >> 2), used: 0 };
  }

  private trim(nowMs: number): void {
    const logs = this.queueLogs;
    const ends = this.queueEnds;
    while (this.held > this.limitBytes && this.queueHead < logs.length) {
      const log = logs[this.queueHead]!;
      const end = ends[this.queueHead]!;
      logs[this.queueHead] = undefined;
      this.queueHead++;
      // Already dropped by the shard's own retention, or the log was released.
      if (end <= log.trimHorizonCounter()) continue;
      const records = log.storedRecords();
      const bytes = log.storedBytes();
      log.trimBefore(end);
      const trimmedRecords = records - log.storedRecords();
      const trimmedBytes = bytes - log.storedBytes();
      this.pendingRecords += trimmedRecords;
      this.pendingBytes += trimmedBytes;
      this.trimmedRecords += trimmedRecords;
      this.trimmedBytes += trimmedBytes;
    }
    if (this.queueHead > QUEUE_SLACK && this.queueHead * 2 > logs.length) {
      this.queueLogs = logs.slice(this.queueHead);
      this.queueEnds = ends.slice(this.queueHead);
      this.queueHead = 0;
    }
    this.flushReport(nowMs);
  }

  private compactQueue(): void {
    const logs: BudgetedLog[] = [];
    const ends: number[] = [];
    for (let i = this.queueHead; i < this.queueLogs.length; i++) {
      const log = this.queueLogs[i]!;
      if (this.queueEnds[i]! > log.trimHorizonCounter()) {
        logs.push(log);
        ends.push(this.queueEnds[i]!);
      }
    }
    this.queueLogs = logs;
    this.queueEnds = ends;
    this.queueHead = 0;
  }
}
