import type { Operation } from '../operation.ts';
import { existingStream, STREAM_ARN_RULE, streamNameOf, streamNameRule } from './common.ts';

export const describeStreamSummary: Operation = {
  shape(profile) {
    return { StreamName: streamNameRule(profile, false), StreamARN: STREAM_ARN_RULE };
  },
  run(ctx, input) {
    const stream = existingStream(ctx, streamNameOf(ctx, input));
    return {
      StreamDescriptionSummary: {
        StreamName: stream.name,
        StreamARN: stream.arn,
        StreamStatus: stream.status,
        StreamModeDetails: { StreamMode: 'PROVISIONED' },
        RetentionPeriodHours: stream.retentionPeriodHours,
        StreamCreationTimestamp: new Date(stream.createdMs),
        EnhancedMonitoring: [{ ShardLevelMetrics: [] }],
        EncryptionType: 'NONE',
        OpenShardCount: stream.shards.length,
        ConsumerCount: 0,
      },
    };
  },
};
