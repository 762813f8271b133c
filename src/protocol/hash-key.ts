/**
 * Partition key -> 128-bit hash key -> shard. Pure functions shared by the server (routing) and the suite
 * (its oracle derives the expected shard from ListShards ranges with these, never from server code).
 *
 * AWS-M: "Kinesis Data Streams uses the partition key as input to a hash function that maps the partition
 * key and associated data to a specific shard. Specifically, an MD5 hash function is used to map partition
 * keys to 128-bit integer values". The 16 digest bytes are read as an unsigned big-endian integer of the
 * key's UTF-8 bytes (behaviour.md 4.1, V-AWS on 3 shards).
 */
import { hash } from 'node:crypto';

/** Hash keys as 32-digit lower-case hex: fixed width, so string order is numeric order and no BigInt is needed per record. */
export type HexHashKey = string;

export function md5HexOfKey(partitionKey: string): HexHashKey {
  // The one-shot crypto.hash (Node >= 20.12) is a third cheaper than createHash for short keys.
  return hash('md5', partitionKey, 'hex');
}

export function hashKeyOf(partitionKey: string): bigint {
  return BigInt('0x' + md5HexOfKey(partitionKey));
}

export function toHex(value: bigint): HexHashKey {
  return value.toString(16).padStart(32, '0');
}

export function decimalToHex(decimal: string): HexHashKey {
  return toHex(BigInt(decimal));
}

export interface HashKeyRange {
  readonly startingHashKey: bigint;
  readonly endingHashKey: bigint;
}

/**
 * The hash-key ranges of a new stream of `count` shards. AWS (and kinesalite): shard i starts at
 * i * floor(2^128 / n). YDB and kinesis-mock divide 2^128 - 1 instead, which differs for n = 2, 4, ...
 * (behaviour.md 4.1 and observed/hash-boundaries.jsonl). The last shard always ends at 2^128 - 1.
 */
export function splitHashRange(count: number, divisor: 'pow128' | 'pow128minus1'): HashKeyRange[] {
  if (!Number.isInteger(count) || count < 1)
    throw new RangeError(`shard count must be a positive integer, got ${count}`);
  const max = (1n << 128n) - 1n;
  const slice = (divisor === 'pow128' ? 1n << 128n : max) / BigInt(count);
  const ranges: HashKeyRange[] = [];
  for (let i = 0; i < count; i++) {
    const start = slice * BigInt(i);
    const end = i === count - 1 ? max : slice * BigInt(i + 1) - 1n;
    ranges.push({ startingHashKey: start, endingHashKey: end });
  }
  return ranges;
}

/** Index of the range that holds `hashKey`, by binary search over ranges sorted by start; -1 if none. */
export function findRange(
  ranges: readonly { readonly startHex: HexHashKey; readonly endHex: HexHashKey }[],
  hex: HexHashKey,
): number {
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const r = ranges[mid]!;
    if (hex < r.startHex) hi = mid - 1;
    else if (hex > r.endHex) lo = mid + 1;
    else return mid;
  }
  return -1;
}
