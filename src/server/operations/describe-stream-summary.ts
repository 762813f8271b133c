import type { Operation } from '../operation.ts';
import { existingStream, streamNameOf, streamShape } from './common.ts';

export const describeStreamSummary: Operation = {
  shape(profile) {
    return streamShape(profile);
  },
  run(ctx, input) {
    const stream = existingStream(ctx, streamNameOf(ctx, input));
    return {
      StreamDescriptionSummary: {
        StreamName: stream.name,
        StreamARN: stream.arn,
        StreamStatus: stream.status,
        StreamModeDetails: { StreamMode: stream.mode },
        RetentionPeriodHours: stream.retentionPeriodHours,
        StreamCreationTimestamp: new Date(stream.createdMs),
        EnhancedMonitoring: [{ ShardLevelMetrics: [] }],
        EncryptionType: 'NONE',
        OpenShardCount: stream.openShards.length,
        ConsumerCount: 0,
      },
    };
  },
};
