import fc from 'fast-check';
import type { LengthUnit, Profile } from '../profiles/profile.ts';
import { lengthIn } from '../protocol/key-length.ts';

/** Characters whose length differs per unit: ASCII (1/1/1), é (1 unit, 1 code point, 2 bytes), 😀 (2, 1, 4). */
export const KEY_CHARS = ['a', 'é', '😀'] as const;

/**
 * A key exactly `length` long in `unit`, made of `char` as far as it fits and padded with 'a', so a key of
 * 256 units can be 256 é's (512 UTF-8 bytes) or 128 😀's.
 */
export function keyOfLength(unit: LengthUnit, length: number, char: string = 'a'): string {
  let key = '';
  const step = lengthIn(unit, char);
  while (lengthIn(unit, key) + step <= length) key += char;
  while (lengthIn(unit, key) < length) key += 'a';
  return key;
}

/** Valid partition keys: short mixed text (multi-byte and astral included), and now and then one near the maximum. */
export function partitionKeyArb(profile: Profile): fc.Arbitrary<string> {
  const l = profile.putRecords;
  const unit = l.partitionKeyLengthUnit;
  const short = fc.string({
    unit: fc.constantFrom('a', 'b', 'z', 'Q', '0', '9', '-', '_', ' ', 'é', 'ß', '中', '😀'),
    minLength: 1,
    maxLength: 16,
  });
  const long = fc
    .tuple(
      fc.constantFrom(...KEY_CHARS),
      fc.integer({
        min: Math.max(l.minPartitionKeyLength, l.maxPartitionKeyLength - 2),
        max: l.maxPartitionKeyLength,
      }),
    )
    .map(([char, n]) => keyOfLength(unit, n, char));
  return fc.oneof({ weight: 5, arbitrary: short }, { weight: 1, arbitrary: long }).filter((k) => {
    const n = lengthIn(unit, k);
    return n >= l.minPartitionKeyLength && n <= l.maxPartitionKeyLength;
  });
}
