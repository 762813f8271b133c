import { AwsError } from '../aws-error.ts';
import type { Operation } from '../operation.ts';
import { reshardableStream, shardIdRule, streamNameOf, streamShape } from './common.ts';
import { openShardArgument, shardIndexArgument } from './shard-argument.ts';

/**
 * MergeShards: ShardToMerge must end right below AdjacentShardToMerge (KL-T mergeShards refuses the pair
 * the other way round, V-AWS historical). The stream is UPDATING, then both close and one child takes both
 * ranges, naming ShardToMerge as ParentShardId and the other as AdjacentParentShardId.
 */
export const mergeShards: Operation = {
  shape(profile) {
    return streamShape(profile, {
      ShardToMerge: shardIdRule(profile, true),
      AdjacentShardToMerge: shardIdRule(profile, true),
    });
  },
  run(ctx, input) {
    const name = streamNameOf(ctx, input);
    const lowerIndex = shardIndexArgument(ctx, name, input['ShardToMerge'] as string);
    const upperIndex = shardIndexArgument(ctx, name, input['AdjacentShardToMerge'] as string);
    const stream = reshardableStream(ctx, name);
    const lower = openShardArgument(ctx, stream, lowerIndex);
    const upper = openShardArgument(ctx, stream, upperIndex);
    if (lower.range.endingHashKey + 1n !== upper.range.startingHashKey) {
      throw new AwsError(
        ctx.profile.errors.invalidArgument,
        `Shards ${lower.id} and ${upper.id} in stream ${stream.name} under account ${ctx.options.accountId} are not an adjacent pair of shards eligible for merging`,
      );
    }
    ctx.store.reshard(stream, (nowMs) => stream.merge(lower, upper, nowMs));
    return undefined;
  },
};
