/**
 * Partition key -> 128-bit hash key, and the hash-key ranges of a stream's shards. The suite's oracle derives
 * the expected shard with these from ListShards ranges, never from server code; the server splits its
 * ranges with splitHashRange and routes with its own MD5 (src/server/store/hash-words.ts, tested equal to
 * md5HexOfKey).
 *
 * AWS-M: "Kinesis Data Streams uses the partition key as input to a hash function that maps the partition
 * key and associated data to a specific shard. Specifically, an MD5 hash function is used to map partition
 * keys to 128-bit integer values". The 16 digest bytes are read as an unsigned big-endian integer of the
 * key's UTF-8 bytes (behaviour.md 4.1, V-AWS on 3 shards).
 */
import { hash } from 'node:crypto';

/** MD5 of the key's UTF-8 bytes as 32 lower-case hex digits. */
export function md5HexOfKey(partitionKey: string): string {
  // The one-shot crypto.hash (Node >= 20.12) is a third cheaper than createHash for short keys.
  return hash('md5', partitionKey, 'hex');
}

export function hashKeyOf(partitionKey: string): bigint {
  return BigInt('0x' + md5HexOfKey(partitionKey));
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
