/**
 * The shards SplitShard and MergeShards name, resolved as AWS does: the id is read before the stream is
 * looked up, and a shard must exist and still be open (KL actions/splitShard.js, mergeShards.js; KL-T
 * splitShard, mergeShards, V-AWS historical).
 */
import { AwsError } from '../aws-error.ts';
import type { OperationContext } from '../operation.ts';
import type { Shard } from '../store/shard.ts';
import { shardIndexOf, type Stream } from '../store/stream.ts';

function couldNotFind(ctx: OperationContext, shardId: string, streamName: string): AwsError {
  return new AwsError(
    ctx.profile.errors.resourceNotFound,
    `Could not find shard ${shardId} in stream ${streamName} under account ${ctx.options.accountId}.`,
  );
}

/** The shard index a ShardId argument names; a text that names none is refused before the stream lookup. */
export function shardIndexArgument(ctx: OperationContext, streamName: string, shardId: string): number {
  const index = shardIndexOf(shardId);
  if (index === undefined) throw couldNotFind(ctx, shardId, streamName);
  return index;
}

/**
 * The open shard at `index`. A closed one is refused with the text moto uses (moto/kinesis/models.py, not
 * recorded against AWS): resharding applies to open shards only.
 */
export function openShardArgument(ctx: OperationContext, stream: Stream, index: number): Shard {
  const shard = stream.shards[index];
  if (!shard) throw couldNotFind(ctx, stream.shardIdOf(index), stream.name);
  if (!shard.isOpen) {
    throw new AwsError(
      ctx.profile.errors.invalidArgument,
      `Shard ${shard.id} in stream ${stream.name} under account ${ctx.options.accountId} has already been merged or split, and thus is not eligible for merging or splitting.`,
    );
  }
  return shard;
}
