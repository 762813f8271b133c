import { Encoder, Tag } from 'cbor-x';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  CborFormatError,
  cborMember,
  describeCborItem,
  readCborItem,
  type CborItem,
} from '../../src/protocol/cbor-items.ts';

const item = (hex: string): CborItem => readCborItem(Buffer.from(hex, 'hex'));

/** Items as plain values, to compare with what cbor-x (which encoded them) started from. */
function plain(i: CborItem): unknown {
  switch (i.kind) {
    case 'uint':
    case 'negint':
      return Number(i.value);
    case 'array':
      return i.items.map(plain);
    case 'map':
      return Object.fromEntries(i.entries.map(([k, v]) => [String(plain(k)), plain(v)]));
    case 'tag':
      return { tag: Number(i.tag), value: plain(i.item) };
    case 'simple':
      return ({ 20: false, 21: true, 22: null } as Record<number, unknown>)[i.value];
    case 'bytes':
      return Buffer.from(i.value).toString('hex');
    default:
      return i.value;
  }
}

describe('readCborItem', () => {
  // RFC 8949 appendix A.
  test.each([
    ['00', { kind: 'uint', value: 0n }],
    ['17', { kind: 'uint', value: 23n }],
    ['1818', { kind: 'uint', value: 24n }],
    ['1903e8', { kind: 'uint', value: 1000n }],
    ['1b000000e8d4a51000', { kind: 'uint', value: 1_000_000_000_000n }],
    ['1bffffffffffffffff', { kind: 'uint', value: 18446744073709551615n }],
    ['20', { kind: 'negint', value: -1n }],
    ['3863', { kind: 'negint', value: -100n }],
    ['f90000', { kind: 'float', value: 0, bits: 16 }],
    ['f93c00', { kind: 'float', value: 1, bits: 16 }],
    ['f97bff', { kind: 'float', value: 65504, bits: 16 }],
    ['f90001', { kind: 'float', value: 5.960464477539063e-8, bits: 16 }],
    ['f9c400', { kind: 'float', value: -4, bits: 16 }],
    ['f97c00', { kind: 'float', value: Infinity, bits: 16 }],
    ['fa47c35000', { kind: 'float', value: 100000, bits: 32 }],
    ['fb3ff199999999999a', { kind: 'float', value: 1.1, bits: 64 }],
    ['f4', { kind: 'simple', value: 20 }],
    ['f6', { kind: 'simple', value: 22 }],
    ['f8ff', { kind: 'simple', value: 255 }],
    ['c11a514b67b0', { kind: 'tag', tag: 1n, item: { kind: 'uint', value: 1363896240n } }],
    [
      'c1fb41d452d9ec200000',
      { kind: 'tag', tag: 1n, item: { kind: 'float', value: 1363896240.5, bits: 64 } },
    ],
    ['4401020304', { kind: 'bytes', value: Buffer.from('01020304', 'hex') }],
    ['63e6b0b4', { kind: 'text', value: '水' }],
    ['83010203', { kind: 'array', items: [1n, 2n, 3n].map((value) => ({ kind: 'uint', value })) }],
    ['5f42010243030405ff', { kind: 'bytes', value: Buffer.from('0102030405', 'hex') }],
    ['7f657374726561646d696e67ff', { kind: 'text', value: 'streaming' }],
    ['9fff', { kind: 'array', items: [] }],
  ])('%s', (hex, expected) => {
    expect(item(hex)).toEqual(expected);
  });

  test('maps, definite and indefinite, keep their keys in order', () => {
    expect(plain(item('a201020304'))).toEqual({ 1: 2, 3: 4 });
    const m = item('bf6346756ef563416d7421ff');
    expect(plain(m)).toEqual({ Fun: true, Amt: -2 });
    expect(cborMember(m, 'Amt')).toEqual({ kind: 'negint', value: -2n });
    expect(cborMember(m, 'nope')).toBeUndefined();
    expect(cborMember(item('00'), 'Amt')).toBeUndefined();
  });

  test.each([
    ['18', 'the end came inside an item'],
    ['0000', '1 bytes after the item'],
    ['ff', 'a break outside an indefinite-length item'],
    ['1c', 'reserved additional information 28'],
    ['5f01ff', 'an indefinite string with a chunk of another type'],
    ['62c328', 'a text string that is not UTF-8'],
    ['9bffffffffffffffff', 'a count of 18446744073709551615 past the end'],
    ['5bffffffffffffffff', 'the end came inside an item'],
    ['9f01', 'the end came inside an item'],
    ['1f', 'major type 0 cannot have an indefinite length'],
  ])('refuses %s: %s', (hex, message) => {
    expect(() => item(hex)).toThrow(new CborFormatError(message));
  });

  test('refuses nesting deeper than its bound instead of overflowing the stack', () => {
    expect(() => readCborItem(Buffer.alloc(10_000, 0x81))).toThrow(/nested deeper than 256/);
  });

  test('reads whatever cbor-x writes, tags and integers kept apart from floats', () => {
    const encoder = new Encoder({ mapsAsObjects: true, useRecords: false, tagUint8Array: false });
    const leaf = fc.oneof(
      fc.integer(),
      fc.double({ noNaN: true, noDefaultInfinity: true }).filter((d) => !Number.isInteger(d)),
      fc.string(),
      fc.boolean(),
      fc.constant(null),
      fc.uint8Array().map((b) => Buffer.from(b)),
    );
    const value = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        leaf,
        fc.array(tie('node')),
        fc.dictionary(fc.string(), tie('node')),
      ),
    })).node;
    fc.assert(
      fc.property(value, (v) => {
        const expected = JSON.parse(
          JSON.stringify(v, (_, x) => (Buffer.isBuffer(x) ? x.toString('hex') : x)),
        );
        const buffers = (x: unknown): unknown =>
          x && typeof x === 'object' && (x as { type?: string }).type === 'Buffer'
            ? Buffer.from((x as { data: number[] }).data).toString('hex')
            : Array.isArray(x)
              ? x.map(buffers)
              : x && typeof x === 'object'
                ? Object.fromEntries(Object.entries(x).map(([k, y]) => [k, buffers(y)]))
                : x;
        expect(plain(readCborItem(encoder.encode(v)))).toEqual(buffers(expected));
      }),
    );
    const tagged = readCborItem(encoder.encode(new Tag(1_796_000_000_123n, 1)));
    expect(describeCborItem(tagged)).toBe('tag 1 holding an unsigned integer (1796000000123)');
  });

  test('describes every kind of item in words', () => {
    expect(describeCborItem(item('c1fb41d452d9ec200000'))).toBe('tag 1 holding a float64 (1363896240.5)');
    expect(describeCborItem(item('3863'))).toBe('a negative integer (-100)');
    expect(describeCborItem(item('4401020304'))).toBe('a byte string of 4 bytes');
    expect(describeCborItem(item('63e6b0b4'))).toBe('a text string "水"');
    expect(describeCborItem(item('83010203'))).toBe('an array of 3');
    expect(describeCborItem(item('a201020304'))).toBe('a map of 2');
    expect(describeCborItem(item('f6'))).toBe('null');
    expect(describeCborItem(item('f0'))).toBe('simple value 16');
  });
});
