/**
 * Summaries over the rounds of a benchmark on a shared machine. Other processes can only take CPU away from a
 * window, so the best round is the least disturbed one; the median says how typical it was.
 */

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The item with the highest score (the first of equals), or undefined for none. */
export function best<T>(items: readonly T[], score: (item: T) => number): T | undefined {
  let out: T | undefined;
  for (const item of items) if (out === undefined || score(item) > score(out)) out = item;
  return out;
}

/** `items` turned `round - 1` places to the left: round 1 runs a, b, c; round 2 b, c, a; ... */
export function rotate<T>(items: readonly T[], round: number): T[] {
  const k = items.length === 0 ? 0 : (round - 1) % items.length;
  return [...items.slice(k), ...items.slice(0, k)];
}

const fixed = (n: number, digits: number): string =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** 12,345 / 1,234.5 / 12.35: digits that matter for the magnitude. */
export function num(n: number | undefined, digits?: number): string {
  if (n === undefined || Number.isNaN(n)) return 'n/a';
  return fixed(n, digits ?? (Math.abs(n) >= 1000 ? 0 : Math.abs(n) >= 100 ? 1 : 2));
}

export function pct(n: number | undefined): string {
  return n === undefined || Number.isNaN(n) ? 'n/a' : `${Math.round(n)}%`;
}
