/**
 * The process-wide memory budget (store/memory-budget.ts): what it counts stays under its limit, the oldest
 * records across every shard go first, TRIM_HORIZON follows, slabs are reused rather than left to the
 * collector, and the trim summary is rate-limited.
 */
import { fc, test } from '@fast-check/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MemoryBudget,
  POOL_BYTES,
  REPORT_INTERVAL_MS,
  SEGMENT_OVERHEAD_BYTES,
} from '../../src/server/store/memory-budget.ts';
import { ShardLog } from '../../src/server/store/shard-log.ts';
import { StreamStore } from '../../src/server/store/stream-store.ts';
import { PROFILES } from '../../src/profiles/index.ts';
import type { RunningServer } from '../../src/server/server.ts';
import { call, createStream, listShardRanges, readShard, startServer } from '../helpers/api.ts';

const PREFIX = '49000000000001' + '0000000000';
const T0 = 1_800_000_000_000;
const KiB = 1024;

/** One record per segment: `n` bytes of Data filled with `fill`, key `key`. */
function put(log: ShardLog, key: string, n: number, ms = T0, fill = 0x61): number {
  return log.append([key], [Buffer.alloc(n, fill)], [n + Buffer.byteLength(key)], ms);
}

function logs(budget: MemoryBudget, n: number): ShardLog[] {
  return Array.from({ length: n }, () => new ShardLog(PREFIX, Infinity, Infinity, budget));
}

describe('MemoryBudget', () => {
  test.prop([
    fc.array(
      fc.record({
        log: fc.nat({ max: 3 }),
        sizes: fc.array(fc.nat({ max: 3_000 }), { minLength: 1, maxLength: 20 }),
      }),
      { minLength: 1, maxLength: 120 },
    ),
    fc.integer({ min: 20 * KiB, max: 400 * KiB }),
  ])(
    'keeps what it counts under the limit, and what it trimmed is the oldest across all shards',
    (batches, limit) => {
      const budget = new MemoryBudget(limit);
      const all = logs(budget, 4);
      // Every segment in arrival order: its log, first counter, and the byte each of its records is filled with.
      const written: { log: number; first: number; count: number; fill: number }[] = [];
      batches.forEach(({ log, sizes }, b) => {
        const fill = b % 251;
        const first = all[log]!.append(
          sizes.map((_, i) => `k${i}`),
          sizes.map((n) => Buffer.alloc(n, fill)),
          sizes.map((n, i) => n + `k${i}`.length),
          T0 + b,
        );
        written.push({ log, first, count: sizes.length, fill });
        const stats = budget.stats();
        expect(stats.heldBytes).toBeLessThanOrEqual(limit);
        // Honest: never less than the kept records' own bytes plus the overhead of their segments.
        const keptBytes = all.reduce((n, l) => n + l.storedBytes(), 0);
        expect(stats.heldBytes).toBeGreaterThanOrEqual(
          keptBytes + stats.keptSegments * SEGMENT_OVERHEAD_BYTES,
        );
        // Oldest first across the shards: the segments still kept are exactly the newest ones.
        const kept = written.map((s) => s.first >= all[s.log]!.trimHorizonCounter());
        const firstKept = kept.indexOf(true);
        expect(kept.slice(firstKept === -1 ? kept.length : firstKept).every(Boolean)).toBe(true);
        for (const s of written) {
          const horizon = all[s.log]!.trimHorizonCounter();
          expect(horizon <= s.first || horizon >= s.first + s.count).toBe(true);
        }
      });
      // What is kept reads back as written, though slabs were reused underneath.
      for (const s of written) {
        const l = all[s.log]!;
        if (s.first < l.trimHorizonCounter()) continue;
        const read = l.read(s.first, s.count, Infinity).records;
        expect(read.map((r) => r.counter)).toEqual(Array.from({ length: s.count }, (_, i) => s.first + i));
        expect(read.every((r) => r.data.every((byte) => byte === s.fill))).toBe(true);
      }
    },
  );

  it("trims shard A's oldest records before any of B's when A was written first", () => {
    const budget = new MemoryBudget(64 * KiB);
    const [a, b] = logs(budget, 2) as [ShardLog, ShardLog];
    for (let i = 0; i < 30; i++) put(a, `a${i}`, 1_000, T0 + i);
    for (let i = 0; i < 10; i++) put(b, `b${i}`, 1_000, T0 + 100 + i);
    expect(budget.stats().trimmedRecords).toBe(0);
    let next = 10;
    while (budget.stats().trimmedRecords === 0) put(b, `b${next++}`, 1_000, T0 + 100 + next);
    // A lost its oldest records only; B lost nothing.
    const horizon = a.trimHorizonCounter();
    expect(horizon).toBeGreaterThan(0);
    expect(horizon).toBeLessThan(30);
    expect(a.read(0, 100, Infinity).records.map((r) => r.partitionKey)).toEqual(
      Array.from({ length: 30 - horizon }, (_, i) => `a${horizon + i}`),
    );
    expect(b.trimHorizonCounter()).toBe(0);
    expect(budget.stats().trimmedRecords).toBe(horizon);
    // Writing on, A empties before B loses its first record.
    while (a.storedRecords() > 0) {
      expect(b.trimHorizonCounter()).toBe(0);
      put(b, `b${next++}`, 1_000, T0 + 100 + next);
    }
    expect(a.trimHorizonCounter()).toBe(a.latestCounter());
    expect(a.read(0, 100, Infinity)).toEqual({ records: [], nextCounter: 30 });
  });

  it('moves TRIM_HORIZON and AT_TIMESTAMP past what it trimmed', () => {
    const budget = new MemoryBudget(48 * KiB);
    const [a, b] = logs(budget, 2) as [ShardLog, ShardLog];
    for (let i = 0; i < 200; i++) put(i % 2 === 0 ? a : b, `k${i}`, 500, T0 + i);
    const horizon = a.trimHorizonCounter();
    expect(horizon).toBeGreaterThan(0);
    const [first] = a.read(0, 1, Infinity).records;
    expect(first!.counter).toBe(horizon);
    // Record `horizon` of A was the (2 * horizon)th write.
    expect(first!.arrivalMs).toBe(T0 + 2 * horizon);
    expect(a.counterAtTimestamp(T0)).toBe(horizon);
    expect(a.read(horizon - 1, 1, Infinity).records[0]!.counter).toBe(horizon);
  });

  it('reuses trimmed slabs instead of allocating new ones', () => {
    const limit = 256 * KiB;
    const budget = new MemoryBudget(limit);
    const [a, b, c] = logs(budget, 3) as [ShardLog, ShardLog, ShardLog];
    const record = 2_000;
    // Writes 40 times the budget.
    for (let i = 0; i < (40 * limit) / record; i++) put([a, b, c][i % 3]!, 'k', record, T0 + i);
    const stats = budget.stats();
    expect(stats.trimmedRecords).toBeGreaterThan(0);
    // Without reuse this would be about 40 budgets' worth of slabs.
    expect(stats.slabsAllocated).toBeLessThanOrEqual(stats.slabsHeld + stats.slabsPooled);
    expect((stats.slabsHeld + stats.slabsPooled) * 16 * KiB).toBeLessThanOrEqual(limit + POOL_BYTES);
  });

  it('hands out copies: a record read keeps its Data after its slab is reused', () => {
    const budget = new MemoryBudget(32 * KiB);
    const log = new ShardLog(PREFIX, Infinity, Infinity, budget);
    put(log, 'first', 100, T0, 0x11);
    const [early] = log.read(0, 1, Infinity).records;
    for (let i = 0; i < 1_000; i++) put(log, 'k', 100, T0 + i, 0x22);
    expect(log.trimHorizonCounter()).toBeGreaterThan(0);
    expect(budget.stats().slabsAllocated).toBeLessThan(10);
    expect(early!.partitionKey).toBe('first');
    expect(early!.data.every((byte) => byte === 0x11)).toBe(true);
  });

  it("does not trim for segments the shards' own retention already dropped, and compacts them away", () => {
    const budget = new MemoryBudget(1024 * KiB);
    // Per shard at most 10 records of 10 bytes (9 + a 1-byte key).
    const log = new ShardLog(PREFIX, Infinity, 100, budget);
    const other = new ShardLog(PREFIX, Infinity, Infinity, budget);
    put(other, 'o', 9, T0);
    for (let i = 0; i < 20_000; i++) put(log, 'k', 9, T0 + i);
    const stats = budget.stats();
    expect(stats.trimmedRecords).toBe(0);
    expect(log.storedRecords()).toBe(10);
    expect(other.trimHorizonCounter()).toBe(0);
    expect(stats.keptSegments).toBe(11);
    // Dead entries are compacted away; a few thousand remain at most.
    expect(stats.queued).toBeLessThan(2_100);
  });

  it('gives a deleted stream’s memory back', () => {
    const budget = new MemoryBudget(Infinity);
    const profile = PROFILES.yds;
    const store = new StreamStore(
      profile,
      {
        accountId: '000000000000',
        region: 'us-east-1',
        shardLimits: undefined,
        retention: { maxAgeMs: Infinity, maxBytesPerShard: Infinity, budget },
      },
      { createMs: 0, deleteMs: 0, updateMs: 0 },
    );
    const stream = store.create('s', 3, T0);
    for (const [i, shard] of stream.shards.entries()) shard.append(`k${i}`, Buffer.alloc(5_000), T0);
    expect(budget.stats().heldBytes).toBeGreaterThan(15_000);
    expect(budget.stats().slabsHeld).toBe(3);
    store.delete(stream);
    expect(budget.stats()).toMatchObject({ heldBytes: 0, keptSegments: 0, slabsHeld: 0 });
  });

  it('refuses a limit that is not positive', () => {
    expect(() => new MemoryBudget(0)).toThrow(RangeError);
    expect(() => new MemoryBudget(Number.NaN)).toThrow(RangeError);
  });
});

describe('MemoryBudget trim summary', () => {
  function setup(): { lines: string[]; budget: MemoryBudget; log: ShardLog } {
    const lines: string[] = [];
    const budget = new MemoryBudget(32 * KiB, (line) => lines.push(line));
    return { lines, budget, log: new ShardLog(PREFIX, Infinity, Infinity, budget) };
  }
  /** Writes until the budget has trimmed `more` records beyond what it had, all at time `ms`. */
  function trimAt(budget: MemoryBudget, log: ShardLog, ms: number): void {
    const before = budget.stats().trimmedRecords;
    while (budget.stats().trimmedRecords === before) put(log, 'k', 1_000, ms);
  }
  const count = (line: string): number =>
    Number(/trimmed ([\d,]+) records/.exec(line)![1]!.replace(/,/g, ''));

  it('says so at the first trim, then at most once per interval, summing what came between', () => {
    const { lines, budget, log } = setup();
    for (let i = 0; i < 10; i++) put(log, 'k', 1_000, T0);
    expect(lines).toEqual([]);
    trimAt(budget, log, T0);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^memory budget: trimmed [\d,]+ records \([\d.]+ KiB of Data and keys\), oldest first/,
    );
    expect(lines[0]).toMatch(/kept records cost [\d.]+ KiB of 32 KiB$/);
    const first = count(lines[0]!);
    trimAt(budget, log, T0 + 1_000);
    trimAt(budget, log, T0 + REPORT_INTERVAL_MS - 1);
    budget.flushReport(T0 + REPORT_INTERVAL_MS - 1);
    expect(lines).toHaveLength(1);
    trimAt(budget, log, T0 + REPORT_INTERVAL_MS);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('in the last 10 s');
    expect(first + count(lines[1]!)).toBe(budget.stats().trimmedRecords);
  });

  it('reports the last trims of a burst when the server flushes, and nothing when there were none', () => {
    const { lines, budget, log } = setup();
    trimAt(budget, log, T0);
    trimAt(budget, log, T0 + 2_000);
    expect(lines).toHaveLength(1);
    budget.flushReport(T0 + 25_000);
    expect(lines).toHaveLength(2);
    expect(count(lines[0]!) + count(lines[1]!)).toBe(budget.stats().trimmedRecords);
    budget.flushReport(T0 + 60_000);
    expect(lines).toHaveLength(2);
  });
});

describe('memory budget through the API', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({
      profile: 'yds',
      shardWriteLimits: false,
      maxMemoryBytes: 64 * KiB,
    });
  });
  afterAll(() => server.close());

  const putOne = async (stream: string, key: string): Promise<string> => {
    const res = await call<{ Records: { SequenceNumber: string }[] }>(server.url, 'PutRecords', {
      StreamName: stream,
      Records: [{ PartitionKey: key, Data: Buffer.alloc(1_000, 7).toString('base64') }],
    });
    expect(res.status, res.text).toBe(200);
    return res.body.Records[0]!.SequenceNumber;
  };

  it('trims the stream written first, from its oldest record, and TRIM_HORIZON starts at the first kept', async () => {
    await createStream(server.url, 'older', 1);
    await createStream(server.url, 'newer', 1);
    const seqs: string[] = [];
    for (let i = 0; i < 40; i++) seqs.push(await putOne('older', `o${i}`));
    let n = 0;
    while (server.memory.stats().trimmedRecords === 0) await putOne('newer', `n${n++}`);
    const [older] = await listShardRanges(server.url, 'older');
    const [newer] = await listShardRanges(server.url, 'newer');
    const kept = await readShard(server.url, 'older', older!.shardId);
    const trimmed = 40 - kept.length;
    expect(trimmed).toBe(server.memory.stats().trimmedRecords);
    expect(kept.map((r) => r.PartitionKey)).toEqual(seqs.slice(trimmed).map((_, i) => `o${trimmed + i}`));
    expect(kept[0]!.SequenceNumber).toBe(seqs[trimmed]);
    expect((await readShard(server.url, 'newer', newer!.shardId)).map((r) => r.PartitionKey)).toEqual(
      Array.from({ length: n }, (_, i) => `n${i}`),
    );
    expect(server.memory.stats().heldBytes).toBeLessThanOrEqual(64 * KiB);
  });
});
