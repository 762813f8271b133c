import { AwsError } from '../aws-error.ts';
import type { OperationContext } from '../operation.ts';
import { md5Words, wordsOf } from '../store/hash-words.ts';
import type { Shard } from '../store/shard.ts';
import type { Stream } from '../store/stream.ts';

const keyHash = new Uint32Array(4);

/**
 * The shard a record goes to: by its ExplicitHashKey, or by MD5 of its PartitionKey (AWS-M; behaviour.md
 * 4.1). The syntax of an ExplicitHashKey was checked by validation; the range is a business check: AWS
 * answers a value >= 2^128 with InvalidArgumentException (behaviour.md 2.1, KL-T, V-AWS).
 */
export function routeRecord(
  ctx: OperationContext,
  stream: Stream,
  partitionKey: string,
  explicitHashKey: string | undefined,
): Shard {
  if (explicitHashKey === undefined) {
    md5Words(partitionKey, keyHash);
    return stream.shardForHash(keyHash);
  }
  const value = BigInt(explicitHashKey);
  if (value > ctx.profile.putRecords.maxHashKey) {
    throw new AwsError(
      ctx.profile.errors.invalidArgument,
      `Invalid ExplicitHashKey. ExplicitHashKey must be in the range: [0, 2^128-1]. Specified value was ${explicitHashKey}`,
    );
  }
  return stream.shardForHash(wordsOf(value));
}

/** AWS-PRRE per-record messages (behaviour.md 3, crccheck page, V-AWS). */
export function throttledMessage(ctx: OperationContext, shardId: string, streamName: string): string {
  return `Rate exceeded for shard ${shardId} in stream ${streamName} under account ${ctx.options.accountId}.`;
}

export const INTERNAL_FAILURE_MESSAGE = 'Internal service failure.';
