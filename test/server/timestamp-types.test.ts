import { describe, expect, test } from 'vitest';
import type { Shape } from '../../src/server/validation/rules.ts';
import { checkTypes } from '../../src/server/validation/types.ts';

describe('Timestamp members', () => {
  const shape: Shape = { Timestamp: { type: 'Timestamp' } };
  const ms = (value: unknown, wire: 'json' | 'cbor' = 'json'): number =>
    (checkTypes({ Timestamp: value }, shape, wire)['Timestamp'] as Date).getTime();

  test('JSON epoch seconds with a millisecond fraction are read to the millisecond, rounded', () => {
    // 1764979200.002 is not a binary fraction: `+ 0.001` of a time often lands just below the millisecond
    // (1764979200.0019999...), which a truncating conversion read as the millisecond before.
    const t = 1764979200001 / 1000 + 0.001;
    expect(t * 1000).toBeLessThan(1764979200002);
    expect(ms(t)).toBe(1764979200002);
    expect(ms(1764979200.457)).toBe(1764979200457);
    expect(ms(0)).toBe(0);
  });

  test('CBOR carries epoch milliseconds', () => {
    expect(ms(1764979200457, 'cbor')).toBe(1764979200457);
    expect(ms(1764979200457n, 'cbor')).toBe(1764979200457);
  });
});
