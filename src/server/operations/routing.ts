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
  if (explicitHashKey === undefined) return md5HexOfKey(partitionKey);
  if (explicitHashKey.length >= 39 && BigInt(explicitHashKey) > ctx.profile.putRecords.maxHashKey) {
    throw new AwsError(
      ctx.profile.errors.invalidArgument,
      `Invalid ExplicitHashKey. ExplicitHashKey must be in the range: [0, 2^128-1]. Specified value was ${explicitHashKey}`,
    );
  }
  return decimalToHex(explicitHashKey);
}

/** AWS-PRRE per-record messages (behaviour.md 3, crccheck page, V-AWS). */
export function throttledMessage(ctx: OperationContext, shardId: string, streamName: string): string {
  return `Rate exceeded for shard ${shardId} in stream ${streamName} under account ${ctx.options.accountId}.`;
}

export const INTERNAL_FAILURE_MESSAGE = 'Internal service failure.';
