import { hash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { test } from '@fast-check/vitest';
import fc from 'fast-check';
import { hashKeyOf, splitHashRange, type HashKeyRange } from '../../src/protocol/hash-key.ts';
import { compareWords, md5Words, rangeIndexOf, wordsOf } from '../../src/server/store/hash-words.ts';

const MAX = (1n << 128n) - 1n;

function valueOf(words: Uint32Array): bigint {
  return words.reduce((acc, w) => (acc << 32n) | BigInt(w), 0n);
}

function md5Value(text: string): bigint {
  const out = new Uint32Array(4);
  md5Words(text, out);
  return valueOf(out);
}

const startsOf = (ranges: readonly HashKeyRange[]): Uint32Array[] =>
  ranges.map((r) => wordsOf(r.startingHashKey));

describe('md5Words', () => {
  it('gives the RFC 1321 test digests', () => {
    expect(md5Value('')).toBe(0xd41d8cd98f00b204e9800998ecf8427en);
    expect(md5Value('a')).toBe(0x0cc175b9c0f1b6a831c399e269772661n);
    expect(md5Value('abc')).toBe(0x900150983cd24fb0d6963f7d28e17f72n);
    expect(md5Value('message digest')).toBe(0xf96b697d7cb7938d525a2f31aaf161d0n);
    expect(md5Value('12345678901234567890123456789012345678901234567890123456789012345678901234567890')).toBe(
      0x57edf4a22be3c955ac49da2e2107b67an,
    );
  });

  it.each([0, 1, 3, 4, 54, 55, 56, 63, 64, 65, 256])(
    'agrees with node:crypto on a %i-character ASCII key (one block up to 55)',
    (n) => {
      const key = 'k'.repeat(n);
      expect(md5Value(key)).toBe(hashKeyOf(key));
    },
  );

  test.prop([fc.string({ maxLength: 80 })])('agrees with node:crypto on any ASCII key', (key) => {
    expect(md5Value(key)).toBe(BigInt('0x' + hash('md5', key, 'hex')));
  });

  test.prop([fc.string({ unit: 'binary', maxLength: 80 })])(
    'agrees with node:crypto on any key, non-ASCII and lone surrogates included (UTF-8 as Node encodes it)',
    (key) => {
      expect(md5Value(key)).toBe(BigInt('0x' + hash('md5', key, 'hex')));
    },
  );
});

describe('wordsOf / compareWords', () => {
  test.prop([fc.bigInt({ min: 0n, max: MAX }), fc.bigInt({ min: 0n, max: MAX })])(
    'round-trip and order as the 128-bit values do',
    (x, y) => {
      expect(valueOf(wordsOf(x))).toBe(x);
      expect(Math.sign(compareWords(wordsOf(x), wordsOf(y)))).toBe(x < y ? -1 : x > y ? 1 : 0);
    },
  );
});

describe('rangeIndexOf', () => {
  it('routes keys a, b, e, f to shards 0, 1, 2, 1 of a 3-shard stream (behaviour.md 4.1)', () => {
    const starts = startsOf(splitHashRange(3, 'pow128'));
    const out = new Uint32Array(4);
    const shardOf = (key: string): number => {
      md5Words(key, out);
      return rangeIndexOf(starts, out);
    };
    expect(['a', 'b', 'e', 'f'].map(shardOf)).toEqual([0, 1, 2, 1]);
  });

  it.each([1, 2, 3, 4, 7, 200])('routes start-1, start, end and end+1 of every range of %i shards', (n) => {
    const split = splitHashRange(n, 'pow128');
    const starts = startsOf(split);
    split.forEach((r, i) => {
      expect(rangeIndexOf(starts, wordsOf(r.startingHashKey))).toBe(i);
      expect(rangeIndexOf(starts, wordsOf(r.endingHashKey))).toBe(i);
      if (i > 0) expect(rangeIndexOf(starts, wordsOf(r.startingHashKey - 1n))).toBe(i - 1);
      if (i < n - 1) expect(rangeIndexOf(starts, wordsOf(r.endingHashKey + 1n))).toBe(i + 1);
    });
  });

  test.prop([
    fc.integer({ min: 1, max: 200 }),
    fc.constantFrom('pow128' as const, 'pow128minus1' as const),
    fc.bigInt({ min: 0n, max: MAX }),
  ])('finds the range that holds any hash key', (n, divisor, value) => {
    const split = splitHashRange(n, divisor);
    const i = rangeIndexOf(startsOf(split), wordsOf(value));
    expect(split[i]!.startingHashKey <= value && value <= split[i]!.endingHashKey).toBe(true);
  });

  it('routes the explicit hash keys recorded from kinesalite and kinesis-mock as they did', () => {
    interface Observation {
      readonly target: string;
      readonly shards: number;
      readonly ranges: [string, string, string][];
      readonly ehk: string[];
      readonly routed: string[];
    }
    const observations = readFileSync(
      new URL('../fixtures/observed/hash-boundaries.jsonl', import.meta.url),
      'utf8',
    )
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as Observation);
    expect(observations.length).toBeGreaterThan(0);
    for (const o of observations) {
      const starts = o.ranges.map((r) => wordsOf(BigInt(r[1])));
      expect(
        o.ehk.map((h) => o.ranges[rangeIndexOf(starts, wordsOf(BigInt(h)))]![0]),
        `${o.target} ${o.shards}`,
      ).toEqual(o.routed);
    }
  });
});
