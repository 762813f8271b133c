/** Requests and answers as values a report can hold: long strings and blobs summarised, bigints as text. */

/** Strings longer than this are cut (a 1 MiB record's base64 would drown the page). */
export const MAX_STRING = 200;
/** Arrays longer than this keep their head and say how many were left out (a 500-record batch). */
export const MAX_ITEMS = 8;

export function clipValue(value: unknown): unknown {
  if (typeof value === 'string')
    return value.length > MAX_STRING ? `${value.slice(0, 64)}... (${value.length} characters)` : value;
  if (value instanceof Uint8Array) return `(${value.length} bytes)`;
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) {
    const head = value.slice(0, MAX_ITEMS).map(clipValue);
    return value.length > MAX_ITEMS ? [...head, `... (${value.length - MAX_ITEMS} more)`] : head;
  }
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, clipValue(v)]));
  return value;
}
