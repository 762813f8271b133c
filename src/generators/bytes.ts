/**
 * Record payloads without allocation per case: one buffer, grown to the largest size asked for and sliced.
 * Checks never look at Data's content, only at its length.
 */
let shared = Buffer.alloc(0);

export function bytesOf(length: number): Buffer {
  if (length > shared.length) {
    shared = Buffer.alloc(length);
    // A repeating, non-constant pattern: compression or deduplication in a target cannot hide the size.
    for (let i = 0; i < length; i++) shared[i] = (i * 31 + 7) & 0xff;
  }
  return shared.subarray(0, length);
}
