import { AwsError } from '../aws-error.ts';
import type { Operation } from '../operation.ts';
import { reshardableStream, shardLimitExceeded, streamNameOf, streamShape } from './common.ts';

/**
 * UpdateShardCount (UNIFORM_SCALING): the stream is UPDATING, then its open shards become TargetShardCount
 * shards of equal ranges, by splits and merges (Stream.scaleTo). AWS-M documents the limits: at most double
 * and at least half the open shards, at most 10000 shards in a stream, the account's shard limit, and ten
 * scalings per rolling 24 hours. The texts for double and half are AWS's as quoted in aws-cdk's Kinesis
 * docs and kinesalite's UpdateShardCount tests; the others follow them (ours).
 */
export const updateShardCount: Operation = {
  shape(profile) {
    return streamShape(profile, {
      // AWS-M PositiveIntegerObject: min 1.
      TargetShardCount: { type: 'Integer', notNull: true, min: 1 },
      ScalingType: { type: 'String', notNull: true, enum: ['UNIFORM_SCALING'] },
    });
  },
  run(ctx, input) {
    const limit = (message: string): AwsError => new AwsError(ctx.profile.errors.limitExceeded, message);
    const stream = reshardableStream(ctx, streamNameOf(ctx, input));
    const target = input['TargetShardCount'] as number;
    const open = stream.openShards.length;
    const counts = `Current open shard count: ${open}, Target shard count: ${target}`;
    if (target > open * 2)
      throw limit(`UpdateShardCount cannot scale up over double your current open shard count. ${counts}`);
    if (target < open / 2)
      throw limit(`UpdateShardCount cannot scale down below half your current open shard count. ${counts}`);
    const r = ctx.profile.streams.resharding;
    if (target > r.maxShardsPerStream) {
      throw limit(
        `Target shard count or number of open shards cannot be greater than ${r.maxShardsPerStream}. ${counts}`,
      );
    }
    const others = ctx.store.totalShards() - open;
    if (others + target > ctx.options.shardLimit) throw shardLimitExceeded(ctx, others + open, target - open);
    const recent = stream.scalings.filter((ms) => ms > ctx.nowMs - r.scalingWindowMs);
    if (recent.length >= r.maxScalingsPerWindow) {
      throw limit(
        `Stream ${stream.name} under account ${ctx.options.accountId} has already been scaled ${recent.length} times ` +
          `in the last ${r.scalingWindowMs / 3_600_000} hours, the most UpdateShardCount allows.`,
      );
    }
    stream.scalings.splice(0, stream.scalings.length, ...recent, ctx.nowMs);
    ctx.store.reshard(stream, (nowMs) => stream.scaleTo(target, nowMs));
    return {
      StreamName: stream.name,
      CurrentShardCount: open,
      TargetShardCount: target,
      StreamARN: stream.arn,
    };
  },
};
