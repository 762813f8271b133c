import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { test } from '@fast-check/vitest';
import fc from 'fast-check';
import { hashKeyOf, md5HexOfKey, splitHashRange } from '../../src/protocol/hash-key.ts';

const MAX = (1n << 128n) - 1n;

describe('md5HexOfKey / hashKeyOf', () => {
  it('is the MD5 digest of the key as 32 lower-case hex digits (RFC 1321 test vectors)', () => {
    expect(md5HexOfKey('')).toBe('d41d8cd98f00b204e9800998ecf8427e');
    expect(md5HexOfKey('a')).toBe('0cc175b9c0f1b6a831c399e269772661');
    expect(md5HexOfKey('abc')).toBe('900150983cd24fb0d6963f7d28e17f72');
  });

  it('hashes the UTF-8 bytes of the key', () => {
    // MD5 of the two bytes C3 A9 (é in UTF-8), not of the Latin-1 byte E9 or the UTF-16 units.
    const md5 = (bytes: number[]): string => createHash('md5').update(Buffer.from(bytes)).digest('hex');
    expect(md5HexOfKey('é')).toBe(md5([0xc3, 0xa9]));
    expect(md5HexOfKey('é')).not.toBe(md5([0xe9]));
    expect(md5HexOfKey('😀')).toBe(md5([0xf0, 0x9f, 0x98, 0x80]));
  });

  it('reads the digest as an unsigned big-endian integer', () => {
    expect(hashKeyOf('a')).toBe(0x0cc175b9c0f1b6a831c399e269772661n);
    // 0x90... has the top bit set: a signed reading would be negative.
    expect(hashKeyOf('abc')).toBe(0x900150983cd24fb0d6963f7d28e17f72n);
    expect(hashKeyOf('abc') > 1n << 127n).toBe(true);
  });

  test.prop([fc.string({ unit: 'binary' })])('always gives a value in 0..2^128-1 matching its hex', (key) => {
    const h = hashKeyOf(key);
    expect(h >= 0n && h <= MAX).toBe(true);
    expect(h.toString(16).padStart(32, '0')).toBe(md5HexOfKey(key));
  });
});

describe('splitHashRange', () => {
  it('splits 3 shards at the boundaries AWS reports (behaviour.md 4.1)', () => {
    const expected = [
      [0n, 113427455640312821154458202477256070484n],
      [113427455640312821154458202477256070485n, 226854911280625642308916404954512140969n],
      [226854911280625642308916404954512140970n, 340282366920938463463374607431768211455n],
    ];
    // 2^128 - 1 is divisible by 3, so both divisors agree here.
    for (const divisor of ['pow128', 'pow128minus1'] as const) {
      expect(splitHashRange(3, divisor).map((r) => [r.startingHashKey, r.endingHashKey])).toEqual(expected);
    }
  });

  it('ends shard 0 of 2 at 2^127-1 with pow128 and at 2^127-2 with pow128minus1', () => {
    expect(splitHashRange(2, 'pow128')[0]!.endingHashKey).toBe(170141183460469231731687303715884105727n);
    expect(splitHashRange(2, 'pow128minus1')[0]!.endingHashKey).toBe(
      170141183460469231731687303715884105726n,
    );
  });

  it('gives one shard the whole key space', () => {
    expect(splitHashRange(1, 'pow128')).toEqual([{ startingHashKey: 0n, endingHashKey: MAX }]);
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses a shard count of %s', (count) => {
    expect(() => splitHashRange(count, 'pow128')).toThrow(RangeError);
  });

  test.prop([fc.integer({ min: 1, max: 200 }), fc.constantFrom('pow128' as const, 'pow128minus1' as const)])(
    'ranges are contiguous and cover 0..2^128-1 with the documented starts',
    (n, divisor) => {
      const ranges = splitHashRange(n, divisor);
      expect(ranges).toHaveLength(n);
      expect(ranges[0]!.startingHashKey).toBe(0n);
      expect(ranges[n - 1]!.endingHashKey).toBe(MAX);
      const slice = (divisor === 'pow128' ? 1n << 128n : MAX) / BigInt(n);
      ranges.forEach((r, i) => {
        expect(r.startingHashKey).toBe(slice * BigInt(i));
        expect(r.startingHashKey <= r.endingHashKey).toBe(true);
        if (i > 0) expect(r.startingHashKey).toBe(ranges[i - 1]!.endingHashKey + 1n);
      });
    },
  );
});

describe('observed boundaries (spec/observed/hash-boundaries.jsonl)', () => {
  interface Observation {
    readonly target: string;
    readonly shards: number;
    readonly ranges: [string, string, string][];
    readonly ehk: string[];
    readonly routed: string[];
  }
  // kinesalite follows AWS (floor(2^128/n)); kinesis-mock divides 2^128-1 as YDB does (behaviour.md 4.1).
  const DIVISOR_OF = { kinesalite: 'pow128', 'kinesis-mock': 'pow128minus1' } as const;
  const observations = readFileSync(
    // A copy of ../shared/spec/observed/hash-boundaries.jsonl (recorded 2026-11-26), kept in the repository.
    new URL('../fixtures/observed/hash-boundaries.jsonl', import.meta.url),
    'utf8',
  )
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Observation);

  it('covers both divisors', () => {
    expect(new Set(observations.map((o) => o.target))).toEqual(new Set(Object.keys(DIVISOR_OF)));
  });

  it.each(observations.map((o) => [o.target, o.shards, o] as const))(
    '%s with %i shards: our split gives its ranges',
    (target, shards, o) => {
      const divisor = DIVISOR_OF[target as keyof typeof DIVISOR_OF];
      expect(divisor).toBeDefined();
      const split = splitHashRange(shards, divisor);
      expect(
        split.map((r, i) => [o.ranges[i]![0], String(r.startingHashKey), String(r.endingHashKey)]),
      ).toEqual(o.ranges);
    },
  );
});
