import type { Operation } from '../operation.ts';
import {
  existingStream,
  listLimitRule,
  shardIdRule,
  shardNotFound,
  streamNameOf,
  streamShape,
} from './common.ts';
import { describeShard } from './shard-description.ts';

/**
 * DescribeStream: every shard that is not expired, open and closed, in ShardId order, a page at a time
 * (`Limit`, `ExclusiveStartShardId`, `HasMoreShards`). No shards are listed while CREATING (KL-T
 * createStream, V-AWS historical).
 */
export const describeStream: Operation = {
  shape(profile) {
    return streamShape(profile, {
      Limit: listLimitRule(profile),
      ExclusiveStartShardId: shardIdRule(profile),
    });
  },
  run(ctx, input) {
    const stream = existingStream(ctx, streamNameOf(ctx, input));
    const page = ctx.profile.streams.listing.describeStreamPage;
    const limit = Math.min((input['Limit'] as number | undefined) ?? page, page);
    const after = input['ExclusiveStartShardId'] as string | undefined;
    let shards =
      stream.status === 'CREATING' ? [] : stream.shards.filter((s) => !stream.isExpired(s, ctx.nowMs));
    if (after !== undefined) {
      const start = stream.findShard(after);
      if (!start) throw shardNotFound(ctx, after, stream.name);
      shards = shards.filter((s) => s.index > start.index);
    }
    return {
      StreamDescription: {
        StreamName: stream.name,
        StreamARN: stream.arn,
        StreamStatus: stream.status,
        StreamModeDetails: { StreamMode: stream.mode },
        Shards: shards.slice(0, limit).map(describeShard),
        HasMoreShards: shards.length > limit,
        RetentionPeriodHours: stream.retentionPeriodHours,
        StreamCreationTimestamp: new Date(stream.createdMs),
        EnhancedMonitoring: [{ ShardLevelMetrics: [] }],
        EncryptionType: 'NONE',
      },
    };
  },
};
