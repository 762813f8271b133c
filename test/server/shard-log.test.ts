/**
 * The packed log: records written together share a segment, yet reads, TRIM_HORIZON and retention still
 * work record by record, across segment boundaries.
 */
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { MemoryBudget, POOL_BYTES } from '../../src/server/store/memory-budget.ts';
import { ShardLog } from '../../src/server/store/shard-log.ts';
import { formatSequenceNumber, parseSequenceNumber } from '../../src/server/store/sequence-number.ts';

const PREFIX = '49000000000001' + '0000000000';
const T0 = 1_800_000_000_000;
const rec = (key: string, n: number): [string, Buffer, number] => [
  key,
  Buffer.alloc(n, key.charCodeAt(0)),
  n + key.length,
];

function appendBatch(log: ShardLog, recs: [string, Buffer, number][], ms = T0): number {
  return log.append(
    recs.map((r) => r[0]),
    recs.map((r) => r[1]),
    recs.map((r) => r[2]),
    ms,
  );
}

describe('ShardLog', () => {
  it('keeps its own copy of Data, never a view that would hold a whole request buffer', () => {
    const log = new ShardLog(PREFIX, Infinity, Infinity);
    const request = Buffer.alloc(1024 * 1024, 7);
    const view = request.subarray(10, 110);
    appendBatch(log, [['k', view, 101]]);
    request.fill(0);
    const [stored] = log.read(0, 1, Infinity).records;
    expect(stored!.data.length).toBe(100);
    expect(stored!.data.every((b) => b === 7)).toBe(true);
    expect(stored!.data.buffer).not.toBe(request.buffer);
  });

  it('reads records of several batches back in order, with their own keys and bytes', () => {
    const log = new ShardLog(PREFIX, Infinity, Infinity);
    expect(appendBatch(log, [rec('a', 1), rec('bb', 2), rec('ccc', 3)])).toBe(0);
    expect(appendBatch(log, [rec('d', 4)])).toBe(3);
    const { records, nextCounter } = log.read(1, 10, Infinity);
    expect(records.map((r) => [r.partitionKey, r.data.length, r.counter])).toEqual([
      ['bb', 2, 1],
      ['ccc', 3, 2],
      ['d', 4, 3],
    ]);
    expect(records.every((r) => r.data.every((b) => b === r.partitionKey.charCodeAt(0)))).toBe(true);
    expect(records[0]!.sequenceNumber).toBe(formatSequenceNumber(PREFIX, 1));
    expect(nextCounter).toBe(4);
  });

  it('trims record by record inside a batch when over the byte budget', () => {
    // Each record is 10 bytes (data 9 + key 1); a budget of 25 keeps the newest two.
    const log = new ShardLog(PREFIX, Infinity, 25);
    appendBatch(
      log,
      ['a', 'b', 'c', 'd'].map((k) => rec(k, 9)),
    );
    expect(log.trimHorizonCounter()).toBe(2);
    expect(log.storedBytes()).toBe(20);
    expect(log.read(0, 10, Infinity).records.map((r) => r.partitionKey)).toEqual(['c', 'd']);
  });

  it('drops whole batches older than the retention period', () => {
    const log = new ShardLog(PREFIX, 1_000, Infinity);
    appendBatch(log, [rec('a', 1), rec('b', 1)], T0);
    appendBatch(log, [rec('c', 1)], T0 + 900);
    log.trim(T0 + 1_500);
    expect(log.trimHorizonCounter()).toBe(2);
    expect(log.counterAtTimestamp(T0)).toBe(2);
    expect(log.read(0, 10, Infinity).records.map((r) => r.partitionKey)).toEqual(['c']);
  });

  test.prop([
    fc.array(fc.array(fc.nat({ max: 40 }), { minLength: 1, maxLength: 8 }), { maxLength: 12 }),
    fc.nat({ max: 300 }),
  ])('keeps exactly the newest records that fit the budget, whatever the batches', (batches, budget) => {
    const log = new ShardLog(PREFIX, Infinity, budget);
    const all: number[] = [];
    for (const sizes of batches) {
      appendBatch(
        log,
        sizes.map((n) => rec('k', n)),
      );
      all.push(...sizes.map((n) => n + 1));
    }
    // Expected: drop from the front until the rest fits.
    let total = all.reduce((a, b) => a + b, 0);
    let first = 0;
    while (total > budget && first < all.length) total -= all[first++]!;
    if (all.length === 0) return;
    expect(log.trimHorizonCounter()).toBe(first);
    const read = log.read(0, 10_000, Infinity).records;
    expect(read.map((r) => r.counter)).toEqual(all.slice(first).map((_, i) => first + i));
    expect(read.every((r) => parseSequenceNumber(PREFIX, r.sequenceNumber) === r.counter)).toBe(true);
  });

  it('gives keys back exactly as written, whatever their characters, and sizes them in UTF-8', () => {
    const log = new ShardLog(PREFIX, Infinity, Infinity);
    // ASCII only; then Latin-1, a CJK character, an astral one (a surrogate pair) and a lone surrogate.
    const batches = [
      ['a', 'bc'],
      ['é', 'k-日本', '😀', '\ud800x', 'plain'],
    ];
    for (const keys of batches)
      log.append(
        keys,
        keys.map((_, i) => Buffer.alloc(i + 1, 0x30 + i)),
        keys.map((k, i) => i + 1 + Buffer.byteLength(k, 'utf8')),
        T0,
      );
    const read = log.read(0, 100, Infinity).records;
    expect(read.map((r) => r.partitionKey)).toEqual(batches.flat());
    expect(read.map((r) => r.size)).toEqual(
      batches.flatMap((keys) => keys.map((k, i) => i + 1 + Buffer.byteLength(k, 'utf8'))),
    );
    expect(read.map((r) => r.data.toString('latin1'))).toEqual(
      batches.flatMap((keys) => keys.map((_, i) => String.fromCharCode(0x30 + i).repeat(i + 1))),
    );
  });

  it('trims wide keys record by record by their UTF-8 size', () => {
    // 'é' is 2 bytes in UTF-8: each record is 8 + 2 = 10 bytes; a budget of 25 keeps two.
    const log = new ShardLog(PREFIX, Infinity, 25);
    appendBatch(
      log,
      [0, 1, 2, 3].map(() => ['é', Buffer.alloc(8), 10] as [string, Buffer, number]),
    );
    expect(log.trimHorizonCounter()).toBe(2);
    expect(log.storedBytes()).toBe(20);
  });

  it('empties on release and gives every slab back', () => {
    const budget = new MemoryBudget(Infinity);
    const log = new ShardLog(PREFIX, Infinity, Infinity, budget);
    for (let i = 0; i < 100; i++) appendBatch(log, [rec('k', 500)]);
    expect(budget.stats().slabsHeld).toBeGreaterThan(1);
    log.release();
    expect(log.trimHorizonCounter()).toBe(100);
    expect(log.read(0, 10, Infinity)).toEqual({ records: [], nextCounter: 100 });
    expect(budget.stats()).toMatchObject({ heldBytes: 0, slabsHeld: 0, keptSegments: 0 });
    // Writing goes on after the last record.
    expect(appendBatch(log, [rec('k', 1)])).toBe(100);
  });

  it('finishes a segment the shard began trimming when the memory budget trims it', () => {
    const budget = new MemoryBudget(64 * 1024);
    // 10 bytes a record, 35 per shard: the first batch loses its first record to the shard's own rule.
    const log = new ShardLog(PREFIX, Infinity, 35, budget);
    appendBatch(
      log,
      ['a', 'b', 'c', 'd'].map((k) => rec(k, 9)),
    );
    expect(log.trimHorizonCounter()).toBe(1);
    const other = new ShardLog(PREFIX, Infinity, Infinity, budget);
    while (budget.stats().trimmedRecords === 0) appendBatch(other, [rec('o', 1_000)]);
    // The budget took the rest of the oldest segment: three records, not four.
    expect(budget.stats().trimmedRecords).toBe(3);
    expect(budget.stats().trimmedBytes).toBe(30);
    expect(log.storedBytes()).toBe(0);
    expect(log.trimHorizonCounter()).toBe(4);
  });

  it('holds nothing of a trimmed segment: its memory can be collected at once', async () => {
    // A full garbage collection on demand (the flag takes effect for contexts created after it is set).
    v8.setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const slabs: WeakRef<ArrayBuffer>[] = [];
    class WatchedBudget extends MemoryBudget {
      override takeSlab(need: number): ReturnType<MemoryBudget['takeSlab']> {
        const slab = super.takeSlab(need);
        slabs.push(new WeakRef(slab.bytes.buffer as ArrayBuffer));
        return slab;
      }
    }
    // Records too large for the pool of free slabs get a slab of their own, left to the collector once
    // trimmed; the shard keeps one of them.
    const size = POOL_BYTES + 1024 * 1024;
    const log = new ShardLog(PREFIX, Infinity, size + 1, new WatchedBudget(Infinity));
    appendBatch(log, [rec('a', size)]);
    appendBatch(log, [rec('b', size)]);
    expect(log.trimHorizonCounter()).toBe(1);
    // WeakRefs let go of their targets only after the job that made them.
    await new Promise((resolve) => setImmediate(resolve));
    gc();
    expect(slabs).toHaveLength(2);
    expect(slabs[0]!.deref()).toBeUndefined();
    expect(slabs[1]!.deref()).toBeDefined();
  });

  test.prop([
    fc.array(fc.tuple(fc.boolean(), fc.array(fc.nat({ max: 2_000 }), { minLength: 1, maxLength: 6 })), {
      maxLength: 60,
    }),
    fc.nat({ max: 20_000 }),
  ])(
    'counts exactly the bytes of the records it keeps, under both its own cap and a shared budget',
    (batches, perShard) => {
      const budget = new MemoryBudget(48 * 1024);
      const mine = new ShardLog(PREFIX, Infinity, perShard, budget);
      const other = new ShardLog(PREFIX, Infinity, Infinity, budget);
      for (const [toMine, sizes] of batches) {
        // A two-byte key in UTF-8 on one log, an ASCII one on the other.
        const key = toMine ? 'κ' : 'k';
        appendBatch(
          toMine ? mine : other,
          sizes.map((n) => [key, Buffer.alloc(n), n + Buffer.byteLength(key)]),
        );
        for (const log of [mine, other]) {
          const kept = log.read(0, 10_000, Infinity).records;
          expect(log.storedBytes()).toBe(kept.reduce((n, r) => n + r.size, 0));
          expect(log.storedRecords()).toBe(kept.length);
        }
        expect(mine.storedBytes()).toBeLessThanOrEqual(perShard);
      }
    },
  );
});
