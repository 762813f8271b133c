import type { Operation } from '../operation.ts';
import { existingStream, STREAM_ARN_RULE, streamNameOf, streamNameRule, shardNotFound } from './common.ts';
import { describeShard } from './shard-description.ts';

/** AWS-M DescribeStream: Limit 1..10000, 100 by default; no shards are listed while CREATING (KL-T, V-AWS). */
const DEFAULT_LIMIT = 100;

export const describeStream: Operation = {
  shape(profile) {
    return {
      StreamName: streamNameRule(profile, false),
      StreamARN: STREAM_ARN_RULE,
      Limit: { type: 'Integer', min: 1, max: 10_000 },
      ExclusiveStartShardId: { type: 'String', minLength: 1, maxLength: 128, pattern: '[a-zA-Z0-9_.-]+' },
    };
  },
  run(ctx, input) {
    const stream = existingStream(ctx, streamNameOf(ctx, input));
    const limit = (input['Limit'] as number | undefined) ?? DEFAULT_LIMIT;
    const after = input['ExclusiveStartShardId'] as string | undefined;
    let shards = stream.status === 'CREATING' ? [] : stream.shards;
    if (after !== undefined) {
      const start = stream.findShard(after);
      if (!start) {
        throw shardNotFound(ctx, after, stream.name);
      }
      shards = shards.slice(start.index + 1);
    }
    return {
      StreamDescription: {
        StreamName: stream.name,
        StreamARN: stream.arn,
        StreamStatus: stream.status,
        StreamModeDetails: { StreamMode: 'PROVISIONED' },
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
