import { decimalToHex, md5HexOfKey, type HexHashKey } from '../../protocol/hash-key.ts';
import { AwsError } from '../aws-error.ts';
import type { OperationContext } from '../operation.ts';

/**
 * The hash key a record routes by: its ExplicitHashKey, or MD5 of its PartitionKey. The syntax of an
 * ExplicitHashKey was checked by validation; the range is a business check: AWS answers a value >= 2^128
 * with InvalidArgumentException (behaviour.md 2.1, KL-T, V-AWS).
 */
export function routingHash(
  ctx: OperationContext,
  partitionKey: string,
  explicitHashKey: string | undefined,
): HexHashKey {
  if (explicitHashKey === undefined) return cachedMd5(partitionKey);
  if (explicitHashKey.length >= 39 && BigInt(explicitHashKey) > ctx.profile.putRecords.maxHashKey) {
    throw new AwsError(
      ctx.profile.errors.invalidArgument,
      `Invalid ExplicitHashKey. ExplicitHashKey must be in the range: [0, 2^128-1]. Specified value was ${explicitHashKey}`,
    );
  }
  return decimalToHex(explicitHashKey);
}

/**
 * MD5 through node:crypto costs about a microsecond per call, more than everything else a record costs
 * together, and real producers reuse partition keys (user ids, device ids). So digests are memoised in a
 * bounded map that is simply dropped when full: the worst case is the uncached cost.
 */
const MD5_CACHE_ENTRIES = 100_000;
let md5Cache = new Map<string, HexHashKey>();

export function cachedMd5(partitionKey: string): HexHashKey {
  let hex = md5Cache.get(partitionKey);
  if (hex === undefined) {
    hex = md5HexOfKey(partitionKey);
    if (md5Cache.size >= MD5_CACHE_ENTRIES) md5Cache = new Map();
    md5Cache.set(partitionKey, hex);
  }
  return hex;
}

/** AWS-PRRE per-record messages (behaviour.md 3, crccheck page, V-AWS). */
export function throttledMessage(ctx: OperationContext, shardId: string, streamName: string): string {
  return `Rate exceeded for shard ${shardId} in stream ${streamName} under account ${ctx.options.accountId}.`;
}

export const INTERNAL_FAILURE_MESSAGE = 'Internal service failure.';
