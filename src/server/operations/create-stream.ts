import { AwsError } from '../aws-error.ts';
import type { Operation } from '../operation.ts';
import { streamNameRule } from './common.ts';

/** AWS-M CreateStream: ShardCount is optional in ON_DEMAND mode, which starts with 4 shards (AWS docs). */
const ON_DEMAND_SHARDS = 4;

export const createStream: Operation = {
  shape(profile) {
    return {
      StreamName: streamNameRule(profile),
      // AWS-M PositiveIntegerObject: min 1.
      ShardCount: { type: 'Integer', min: 1, max: 100_000 },
      StreamModeDetails: {
        type: 'Structure',
        members: { StreamMode: { type: 'String', notNull: true, enum: ['PROVISIONED', 'ON_DEMAND'] } },
      },
      Tags: { type: 'Map', value: { type: 'String' } },
    };
  },
  run(ctx, input) {
    const name = input['StreamName'] as string;
    const mode =
      (input['StreamModeDetails'] as { StreamMode?: string } | undefined)?.StreamMode ?? 'PROVISIONED';
    let shardCount = input['ShardCount'] as number | undefined;
    if (shardCount === undefined) {
      if (mode !== 'ON_DEMAND') {
        throw new AwsError(
          ctx.profile.errors.invalidArgument,
          'ShardCount is required for a PROVISIONED stream.',
        );
      }
      shardCount = ON_DEMAND_SHARDS;
    }
    const { accountId, region, shardLimit } = ctx.options;
    if (ctx.store.get(name)) {
      // behaviour.md 5 (KL-T, V-AWS).
      throw new AwsError(
        ctx.profile.errors.resourceInUse,
        `Stream ${name} under account ${accountId} already exists.`,
      );
    }
    const current = ctx.store.totalShards();
    if (current + shardCount > shardLimit) {
      throw new AwsError(
        ctx.profile.errors.limitExceeded,
        `This request would exceed the shard limit for the account ${accountId} in ${region}. ` +
          `Current shard count for the account: ${current}. Limit: ${shardLimit}. ` +
          `Number of additional shards that would have resulted from this request: ${shardCount}.`,
      );
    }
    ctx.store.create(name, shardCount, ctx.nowMs);
    return undefined;
  },
};
