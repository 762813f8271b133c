import type { LengthUnit } from '../profiles/profile.ts';

/** The length of a string in the profile's unit (UTF-16 units, code points or UTF-8 bytes). */
export function lengthIn(unit: LengthUnit, value: string): number {
  switch (unit) {
    case 'utf16':
      return value.length;
    case 'bytes':
      return Buffer.byteLength(value, 'utf8');
    case 'codepoints': {
      let n = 0;
      for (const _ of value) n++;
      return n;
    }
  }
}
