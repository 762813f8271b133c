import { AwsError } from '../aws-error.ts';
import type { Operation } from '../operation.ts';
import { reshardableStream, shardIdRule, shardLimitExceeded, streamNameOf, streamShape } from './common.ts';
import { openShardArgument, shardIndexArgument } from './shard-argument.ts';

/**
 * SplitShard: the stream is UPDATING, then the shard closes and two children take [start, key - 1] and
 * [key, end], each naming it as ParentShardId (AWS-M SplitShard; KL-T splitShard, V-AWS historical).
 */
export const splitShard: Operation = {
  shape(profile) {
    return streamShape(profile, {
      ShardToSplit: shardIdRule(profile, true),
      // AWS-M HashKey.
      NewStartingHashKey: {
        type: 'String',
        notNull: true,
        pattern: profile.putRecords.explicitHashKeyPattern,
      },
    });
  },
  run(ctx, input) {
    const name = streamNameOf(ctx, input);
    const index = shardIndexArgument(ctx, name, input['ShardToSplit'] as string);
    const stream = reshardableStream(ctx, name);
    const shard = openShardArgument(ctx, stream, index);
    const current = ctx.store.totalShards();
    // One more open shard than before (KL-T splitShard: "Number of additional shards ...: 1").
    if (current + 1 > ctx.options.shardLimit) throw shardLimitExceeded(ctx, current, 1);
    const text = input['NewStartingHashKey'] as string;
    const key = BigInt(text);
    const { startingHashKey: start, endingHashKey: end } = shard.range;
    // Both children keep at least two hash keys (KL-T splitShard: "1" is refused on a shard from 0,
    // "2" is accepted).
    if (key <= start + 1n || key >= end) {
      throw new AwsError(
        ctx.profile.errors.invalidArgument,
        `NewStartingHashKey ${text} used in SplitShard() on shard ${shard.id} in stream ${stream.name} under account ${ctx.options.accountId} ` +
          `is not both greater than one plus the shard's StartingHashKey ${start} and less than the shard's EndingHashKey ${end}.`,
      );
    }
    ctx.store.reshard(stream, (nowMs) => stream.split(shard, key, nowMs));
    return undefined;
  },
};
