/**
 * Opaque tokens (shard iterators, ListShards NextToken): base64 of a small JSON value. They are not
 * secret; a token that does not decode to the expected shape is simply invalid.
 */
export function encodeToken(value: object): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64');
}

export function decodeToken<T extends object>(
  token: string,
  isValid: (v: Record<string, unknown>) => boolean,
): T | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(token, 'base64').toString('utf8'));
    if (typeof value === 'object' && value !== null && isValid(value as Record<string, unknown>))
      return value as T;
  } catch {
    // not a token of ours
  }
  return undefined;
}

export interface IteratorToken {
  /** stream name, stream creation ms (a re-created stream invalidates old iterators), shard id, counter, issued ms */
  s: string;
  c: number;
  h: string;
  n: number;
  t: number;
}

const isCount = (v: unknown): boolean => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/** Forged or corrupted tokens (a fractional or negative position, a missing field) are invalid, not a crash. */
export function isIteratorToken(v: Record<string, unknown>): boolean {
  return (
    typeof v['s'] === 'string' &&
    typeof v['h'] === 'string' &&
    isCount(v['c']) &&
    isCount(v['n']) &&
    isCount(v['t'])
  );
}
