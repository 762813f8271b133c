import { describe, expect, it } from 'vitest';
import { PROFILES } from '../../src/profiles/index.ts';
import { splitHashRange } from '../../src/protocol/hash-key.ts';
import { MemoryBudget } from '../../src/server/store/memory-budget.ts';
import { parseSequenceNumber } from '../../src/server/store/sequence-number.ts';
import { Shard, STARTING_COUNTER, type Retention, type ShardLimits } from '../../src/server/store/shard.ts';
import { TokenBucket } from '../../src/server/store/token-bucket.ts';

const T0 = Date.UTC(2026, 10, 27, 12, 0, 0);
const RANGE = splitHashRange(1, 'pow128')[0]!;
const KEEP_ALL: Retention = { maxAgeMs: Number.MAX_SAFE_INTEGER, maxBytesPerShard: Number.MAX_SAFE_INTEGER };
// AWS-LIM per-shard write limits, from the profile (both profiles share them).
const DOCUMENTED = PROFILES.aws.shardWriteLimits;
const LIMITS: ShardLimits = { ...DOCUMENTED, burstSeconds: 1 };
const BIG = Number.MAX_SAFE_INTEGER;
/** The first record's counter: one above the shard's StartingSequenceNumber. */
const F = STARTING_COUNTER + 1;
/** Counters of the records written n-th, m-th, ... (0-based). */
const nth = (...ns: number[]): number[] => ns.map((n) => F + n);

function shard(retention: Retention = KEEP_ALL, limits?: ShardLimits): Shard {
  return new Shard('shardId-000000000000', 0, RANGE, T0, limits, retention);
}

const bytes = (n: number, fill = 0x61): Buffer => Buffer.alloc(n, fill);
const counters = (s: Shard, from: number): number[] => s.read(from, BIG, BIG).records.map((r) => r.counter);

describe('Shard log', () => {
  it('keeps records in append order with increasing sequence numbers', () => {
    const s = shard();
    const seqs = ['a', 'b', 'c'].map((k, i) => s.append(k, Buffer.from(k), T0 + i));
    const { records, nextCounter } = s.read(s.trimHorizonCounter(), BIG, BIG);
    expect(records.map((r) => [r.partitionKey, r.data.toString(), r.sequenceNumber])).toEqual([
      ['a', 'a', seqs[0]],
      ['b', 'b', seqs[1]],
      ['c', 'c', seqs[2]],
    ]);
    expect(BigInt(seqs[0]!) < BigInt(seqs[1]!) && BigInt(seqs[1]!) < BigInt(seqs[2]!)).toBe(true);
    expect(seqs.map((q) => parseSequenceNumber(s.seqPrefix, q))).toEqual(nth(0, 1, 2));
    expect(nextCounter).toBe(F + 3);
    expect(s.latestCounter()).toBe(F + 3);
    // Below every record's number, so AFTER_SEQUENCE_NUMBER of it still reads the first record.
    expect(BigInt(s.startingSequenceNumber) < BigInt(seqs[0]!)).toBe(true);
  });

  it('reads from a counter on and returns nothing at the tip', () => {
    const s = shard();
    for (let i = 0; i < 5; i++) s.append(`k${i}`, bytes(1), T0);
    expect(counters(s, F + 3)).toEqual(nth(3, 4));
    expect(s.read(F + 5, BIG, BIG)).toEqual({ records: [], nextCounter: F + 5 });
  });

  it('stops at the record limit', () => {
    const s = shard();
    for (let i = 0; i < 5; i++) s.append(`k${i}`, bytes(1), T0);
    const page = s.read(F, 2, BIG);
    expect(page.records.map((r) => r.counter)).toEqual(nth(0, 1));
    expect(page.nextCounter).toBe(F + 2);
    expect(s.read(page.nextCounter, 2, BIG).records.map((r) => r.counter)).toEqual(nth(2, 3));
  });

  it('stops at the byte limit but always returns at least one record', () => {
    const s = shard();
    for (let i = 0; i < 4; i++) s.append(`k${i}`, bytes(10), T0);
    expect(s.read(F, BIG, 25).records).toHaveLength(2);
    expect(s.read(F, BIG, 20).records).toHaveLength(2);
    expect(s.read(F, BIG, 19).records).toHaveLength(1);
    const tiny = s.read(F, BIG, 1);
    expect(tiny.records.map((r) => r.counter)).toEqual(nth(0));
    expect(tiny.nextCounter).toBe(F + 1);
  });

  it('starts empty with TRIM_HORIZON at LATEST', () => {
    const s = shard();
    expect(s.trimHorizonCounter()).toBe(F);
    expect(s.latestCounter()).toBe(F);
    expect(s.storedRecords()).toBe(0);
    expect(s.lastArrivalMs()).toBeUndefined();
  });
});

describe('Shard retention', () => {
  it('trims the oldest records beyond the byte budget (data + key) and moves TRIM_HORIZON', () => {
    // Each record is 10 data bytes + a 1-character key = 11; 33 > 30 drops the first.
    const s = shard({ maxAgeMs: BIG, maxBytesPerShard: 30 });
    for (let i = 0; i < 3; i++) s.append('k', bytes(10), T0);
    expect(s.trimHorizonCounter()).toBe(F + 1);
    expect(s.storedRecords()).toBe(2);
    expect(s.storedBytes()).toBe(22);
    expect(counters(s, s.trimHorizonCounter())).toEqual(nth(1, 2));
    // A reader positioned before the horizon starts at the oldest kept record.
    expect(counters(s, F)).toEqual(nth(1, 2));
    expect(s.read(F, BIG, BIG).nextCounter).toBe(F + 3);
  });

  it('trims records older than the retention period', () => {
    const s = shard({ maxAgeMs: 1_000, maxBytesPerShard: BIG });
    s.append('a', bytes(1), T0);
    s.append('b', bytes(1), T0 + 500);
    s.append('c', bytes(1), T0 + 1_500);
    s.trim(T0 + 1_000);
    expect(s.trimHorizonCounter()).toBe(F);
    s.trim(T0 + 2_000);
    expect(s.trimHorizonCounter()).toBe(F + 2);
    expect(counters(s, F)).toEqual(nth(2));
    s.trim(T0 + 10_000);
    expect(s.trimHorizonCounter()).toBe(s.latestCounter());
    expect(s.read(F, BIG, BIG)).toEqual({ records: [], nextCounter: F + 3 });
  });

  it('keeps reading correctly across many trims (the log is compacted now and then)', () => {
    const s = shard({ maxAgeMs: BIG, maxBytesPerShard: 50 });
    for (let i = 0; i < 5_000; i++) s.append('k', bytes(9), T0 + i);
    // 10 bytes each, budget 50: the last 5 remain.
    expect(s.trimHorizonCounter()).toBe(F + 4_995);
    expect(counters(s, F)).toEqual(nth(4_995, 4_996, 4_997, 4_998, 4_999));
    expect(counters(s, F + 4_998)).toEqual(nth(4_998, 4_999));
    expect(s.counterAtTimestamp(T0 + 4_997)).toBe(F + 4_997);
    expect(s.lastArrivalMs()).toBe(T0 + 4_999);
  });
});

describe('Shards sharing one memory budget', () => {
  const RANGES = splitHashRange(2, 'pow128');
  function pair(limitBytes: number): [Shard, Shard, MemoryBudget] {
    const budget = new MemoryBudget(limitBytes);
    const retention: Retention = { maxAgeMs: BIG, maxBytesPerShard: BIG, budget };
    const make = (i: number): Shard =>
      new Shard(`shardId-00000000000${i}`, i, RANGES[i]!, T0, undefined, retention);
    return [make(0), make(1), budget];
  }

  it('trims the shard written first, oldest first, and moves only its TRIM_HORIZON', () => {
    const [a, b, budget] = pair(64 * 1024);
    for (let i = 0; i < 30; i++) a.append(`a${i}`, bytes(1_000), T0 + i);
    let t = T0 + 1_000;
    while (budget.stats().trimmedRecords === 0) b.append('b', bytes(1_000), t++);
    const horizon = a.trimHorizonCounter();
    const trimmed = budget.stats().trimmedRecords;
    expect(horizon).toBe(F + trimmed);
    expect(counters(a, 0)).toEqual(Array.from({ length: 30 - trimmed }, (_, i) => horizon + i));
    expect(a.counterAtTimestamp(T0)).toBe(horizon);
    expect(a.read(0, 1, BIG).records[0]!.sequenceNumber).toBe(a.sequenceNumberOf(horizon));
    expect(b.trimHorizonCounter()).toBe(F);
    expect(budget.stats().heldBytes).toBeLessThanOrEqual(64 * 1024);
  });

  it('gives a released shard’s memory to the others', () => {
    const [a, b, budget] = pair(64 * 1024);
    for (let i = 0; i < 30; i++) a.append('a', bytes(1_000), T0);
    a.release();
    expect(a.storedRecords()).toBe(0);
    for (let i = 0; i < 40; i++) b.append('b', bytes(1_000), T0);
    expect(budget.stats().trimmedRecords).toBe(0);
    expect(b.storedRecords()).toBe(40);
  });
});

describe('Shard.counterAtTimestamp', () => {
  it('finds the first record at or after a time', () => {
    const s = shard();
    for (const t of [100, 200, 200, 300]) s.append('k', bytes(1), T0 + t);
    const at = (t: number): number => s.counterAtTimestamp(T0 + t);
    expect([at(50), at(100), at(150), at(200), at(250), at(300), at(301)]).toEqual(nth(0, 0, 1, 1, 3, 3, 4));
  });

  it('skips trimmed records', () => {
    const s = shard({ maxAgeMs: 150, maxBytesPerShard: BIG });
    for (const t of [100, 200, 300]) s.append('k', bytes(1), T0 + t);
    s.trim(T0 + 300);
    expect(s.counterAtTimestamp(T0)).toBe(F + 1);
  });
});

describe('Shard write limits (admit)', () => {
  it('admits 1000 records in a burst and refuses the 1001st in the same millisecond', () => {
    const s = shard(KEEP_ALL, LIMITS);
    s.refill(T0);
    for (let i = 0; i < DOCUMENTED.recordsPerSecond; i++) expect(s.admit(1)).toBe(true);
    expect(s.admit(1)).toBe(false);
  });

  it('refills the record bucket at the documented rate', () => {
    const s = shard(KEEP_ALL, LIMITS);
    s.refill(T0);
    for (let i = 0; i < DOCUMENTED.recordsPerSecond; i++) s.admit(1);
    s.refill(T0 + 500);
    let admitted = 0;
    while (s.admit(1)) admitted++;
    expect(admitted).toBe(DOCUMENTED.recordsPerSecond / 2);
    s.refill(T0 + 1_500);
    admitted = 0;
    while (s.admit(1)) admitted++;
    expect(admitted).toBe(DOCUMENTED.recordsPerSecond);
  });

  it('admits 1 MiB in a burst, refuses one more byte, and takes 1 MiB again a second later', () => {
    const s = shard(KEEP_ALL, LIMITS);
    s.refill(T0);
    expect(s.admit(DOCUMENTED.bytesPerSecond)).toBe(true);
    expect(s.admit(1)).toBe(false);
    s.refill(T0 + 999);
    expect(s.admit(DOCUMENTED.bytesPerSecond)).toBe(true);
    // That record went into debt: nothing more until the debt is paid back.
    s.refill(T0 + 1_000);
    expect(s.admit(1)).toBe(false);
    s.refill(T0 + 2_000);
    expect(s.admit(DOCUMENTED.bytesPerSecond)).toBe(true);
  });

  it('admits a record larger than the byte bucket on an idle shard, then holds the debt', () => {
    // A maximum record (1 MiB of data plus its key) is more than one second of bytes; AWS lets it burst.
    const s = shard(KEEP_ALL, LIMITS);
    s.refill(T0);
    expect(s.admit(DOCUMENTED.bytesPerSecond + 256)).toBe(true);
    expect(s.admit(1)).toBe(false);
    // 256 bytes of debt take a quarter of a millisecond to pay back at 1 MiB/s.
    s.refill(T0 + 1);
    expect(s.admit(1)).toBe(true);
  });

  it('does not take a record token when bytes refuse the record', () => {
    const s = shard(KEEP_ALL, { bytesPerSecond: 10, recordsPerSecond: 2, burstSeconds: 1 });
    s.refill(T0);
    expect(s.admit(10)).toBe(true);
    expect(s.admit(1)).toBe(false);
    expect(s.admit(1)).toBe(false);
    // Had the refused records taken record tokens, only one would be left after the refill.
    s.refill(T0 + 1_000);
    expect(s.admit(1)).toBe(true);
    expect(s.admit(1)).toBe(true);
    expect(s.admit(1)).toBe(false);
  });

  it('holds at most burstSeconds of traffic however long the shard was idle', () => {
    const s = shard(KEEP_ALL, LIMITS);
    s.refill(T0 + 3_600_000);
    let admitted = 0;
    while (s.admit(1)) admitted++;
    expect(admitted).toBe(DOCUMENTED.recordsPerSecond);
  });

  it('scales the burst with burstSeconds', () => {
    const s = shard(KEEP_ALL, { ...DOCUMENTED, burstSeconds: 2 });
    s.refill(T0);
    expect(s.admit(2 * DOCUMENTED.bytesPerSecond)).toBe(true);
    expect(s.admit(1)).toBe(false);
  });

  it('ignores a clock that goes backwards', () => {
    const s = shard(KEEP_ALL, LIMITS);
    s.refill(T0 + 1_000);
    for (let i = 0; i < DOCUMENTED.recordsPerSecond; i++) s.admit(1);
    s.refill(T0);
    expect(s.admit(1)).toBe(false);
    s.refill(T0 + 1_001);
    expect(s.admit(1)).toBe(true);
    expect(s.admit(1)).toBe(false);
  });

  it('admits everything without limits', () => {
    const s = shard();
    s.refill(T0);
    for (let i = 0; i < 5 * DOCUMENTED.recordsPerSecond; i++)
      expect(s.admit(DOCUMENTED.bytesPerSecond)).toBe(true);
  });
});

describe('TokenBucket', () => {
  it('starts full, refills linearly and caps at capacity', () => {
    const b = new TokenBucket(100, 50, T0);
    expect(b.available()).toBe(50);
    b.take(50);
    b.refill(T0 + 100);
    expect(b.available()).toBeCloseTo(10, 9);
    b.refill(T0 + 10_000);
    expect(b.available()).toBe(50);
  });
});
