import { describe, expect, it } from 'vitest';
import { test } from '@fast-check/vitest';
import fc from 'fast-check';
import {
  formatSequenceNumber,
  parseSequenceNumber,
  sequencePrefix,
} from '../../src/server/store/sequence-number.ts';

// AWS-M SequenceNumber pattern; AWS's own numbers are 56 digits (behaviour.md 3).
const SEQUENCE_PATTERN = /^(?:0|[1-9]\d{0,128})$/;
const CREATED = Date.UTC(2026, 10, 27, 12, 0, 0, 345);
const counter = fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER });
const shardIndex = fc.integer({ min: 0, max: 100_000 });

describe('sequence numbers', () => {
  it('are 56-digit decimals that satisfy the documented pattern', () => {
    const prefix = sequencePrefix(CREATED, 3);
    for (const c of [0, 1, 999, Number.MAX_SAFE_INTEGER]) {
      const s = formatSequenceNumber(prefix, c);
      expect(s).toHaveLength(56);
      expect(s).toMatch(SEQUENCE_PATTERN);
    }
  });

  test.prop([fc.integer({ min: 0, max: 4_102_444_800_000 }), shardIndex, counter])(
    'parse inverts format',
    (createdMs, index, c) => {
      const prefix = sequencePrefix(createdMs, index);
      expect(parseSequenceNumber(prefix, formatSequenceNumber(prefix, c))).toBe(c);
    },
  );

  test.prop([shardIndex, counter, counter])(
    'string order is numeric order is counter order',
    (index, a, b) => {
      fc.pre(a !== b);
      const prefix = sequencePrefix(CREATED, index);
      const [sa, sb] = [formatSequenceNumber(prefix, a), formatSequenceNumber(prefix, b)];
      expect(sa < sb).toBe(a < b);
      expect(BigInt(sa) < BigInt(sb)).toBe(a < b);
    },
  );

  it('increase strictly with the counter', () => {
    const prefix = sequencePrefix(CREATED, 0);
    const seq = Array.from({ length: 1_000 }, (_, i) => formatSequenceNumber(prefix, i));
    for (let i = 1; i < seq.length; i++) {
      expect(seq[i]! > seq[i - 1]!).toBe(true);
      expect(BigInt(seq[i]!) > BigInt(seq[i - 1]!)).toBe(true);
    }
  });

  test.prop([shardIndex, shardIndex, counter])("rejects another shard's numbers", (a, b, c) => {
    fc.pre(a !== b);
    const other = formatSequenceNumber(sequencePrefix(CREATED, b), c);
    expect(parseSequenceNumber(sequencePrefix(CREATED, a), other)).toBeUndefined();
  });

  it("rejects the numbers of a stream created in another second (a re-created stream's)", () => {
    const old = formatSequenceNumber(sequencePrefix(CREATED, 0), 5);
    expect(parseSequenceNumber(sequencePrefix(CREATED + 1000, 0), old)).toBeUndefined();
  });

  it.each([
    ['empty', ''],
    ['zero', '0'],
    ['one digit short', '4'.repeat(55)],
    ['one digit long', '4'.repeat(57)],
  ])('rejects a value that is not one of ours: %s', (_name, value) => {
    expect(parseSequenceNumber(sequencePrefix(CREATED, 0), value)).toBeUndefined();
  });

  it('rejects a counter part that is not all digits', () => {
    const prefix = sequencePrefix(CREATED, 0);
    const good = formatSequenceNumber(prefix, 12);
    expect(parseSequenceNumber(prefix, good.slice(0, -1) + 'x')).toBeUndefined();
    expect(parseSequenceNumber(prefix, good.slice(0, -2) + '-1')).toBeUndefined();
    expect(parseSequenceNumber(prefix, good.slice(0, -2) + ' 1')).toBeUndefined();
  });
});
