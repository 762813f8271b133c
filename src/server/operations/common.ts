import { AWS_STREAM_NOT_FOUND } from '../../profiles/common.ts';
import type { Profile } from '../../profiles/profile.ts';
import { AwsError } from '../aws-error.ts';
import type { OperationContext } from '../operation.ts';
import type { Stream } from '../store/stream.ts';
import type { IntegerRule, Shape, StringRule } from '../validation/rules.ts';

/** StreamName as the profile documents it (length and pattern). */
export function streamNameRule(profile: Profile, notNull = true): StringRule {
  const r = profile.streamName;
  return {
    type: 'String',
    notNull,
    minLength: r.minLength,
    maxLength: r.maxLength,
    pattern: r.pattern,
    patternText: r.patternAsDocumented,
  };
}

/** AWS-M StreamARN, from the profile. */
export function streamArnRule(profile: Profile): StringRule {
  const r = profile.streams.streamArn;
  return { type: 'String', minLength: r.minLength, maxLength: r.maxLength, pattern: r.pattern };
}

/**
 * An input shape naming its stream by StreamName or StreamARN (AWS-M: either, or both), with the operation's
 * own members between them, in the model's member order (the order violations are reported in).
 */
export function streamShape(profile: Profile, members: Shape = {}): Shape {
  return { StreamName: streamNameRule(profile, false), ...members, StreamARN: streamArnRule(profile) };
}

/** AWS-M ShardId: ShardToSplit, ShardToMerge, ExclusiveStartShardId, ... */
export function shardIdRule(profile: Profile, notNull = false): StringRule {
  const r = profile.streams.shardId;
  return { type: 'String', notNull, minLength: 1, maxLength: r.maxLength, pattern: r.pattern };
}

/** AWS-M NextToken. */
export function nextTokenRule(profile: Profile): StringRule {
  return { type: 'String', minLength: 1, maxLength: profile.streams.listing.nextTokenMaxLength };
}

/** A Limit / MaxResults of the listing operations (AWS-M: 1..10000). */
export function listLimitRule(profile: Profile): IntegerRule {
  return { type: 'Integer', min: 1, max: profile.streams.listing.maxLimit };
}

/** The stream a request names by StreamName or StreamARN (the ARN wins when both are sent, as in AWS-M). */
export function streamNameOf(ctx: OperationContext, input: Record<string, unknown>): string {
  const arn = input['StreamARN'] as string | undefined;
  if (arn !== undefined) return arn.slice(arn.indexOf(':stream/') + ':stream/'.length);
  const name = input['StreamName'] as string | undefined;
  if (name === undefined) {
    throw new AwsError(
      ctx.profile.errors.invalidArgument,
      'Either StreamName or StreamARN must be provided.',
    );
  }
  return name;
}

/**
 * The profile's stream-not-found text; AWS's (behaviour.md 4.4, LS-K, V-AWS) where the profile documents
 * only that it names the stream (YDS: the seed is silent, YDB's own text names a database path).
 */
export function streamNotFound(ctx: OperationContext, name: string): AwsError {
  const template = ctx.profile.streamNotFoundMessage ?? AWS_STREAM_NOT_FOUND;
  return new AwsError(
    ctx.profile.errors.resourceNotFound,
    template.replace('{stream}', name).replace('{account}', ctx.options.accountId),
  );
}

export function shardNotFound(ctx: OperationContext, shardId: string, streamName: string): AwsError {
  // behaviour.md 5 (KL-T, V-AWS historical).
  return new AwsError(
    ctx.profile.errors.resourceNotFound,
    `Shard ${shardId} in stream ${streamName} under account ${ctx.options.accountId} does not exist`,
  );
}

/** Any existing stream (for Describe*, List*, Delete). */
export function existingStream(ctx: OperationContext, name: string): Stream {
  const stream = ctx.store.get(name);
  if (!stream) throw streamNotFound(ctx, name);
  return stream;
}

/**
 * A stream that takes reads and writes: ACTIVE or UPDATING (AWS-M StreamStatus: "Read and write operations
 * continue to work while the stream is in the UPDATING state"). CREATING answers as the profile says (AWS:
 * not found); DELETING as not found (behaviour.md 4.4, as kinesalite).
 */
export function activeStream(ctx: OperationContext, name: string): Stream {
  const stream = ctx.store.get(name);
  if (!stream || stream.status === 'DELETING') throw streamNotFound(ctx, name);
  if (stream.status === 'CREATING') {
    if (ctx.profile.writeWhileCreating === 'ResourceNotFoundException') throw streamNotFound(ctx, name);
    throw new AwsError(
      ctx.profile.errors.resourceInUse,
      `Stream ${name} under account ${ctx.options.accountId} is not ACTIVE.`,
    );
  }
  return stream;
}

/**
 * A stream whose settings or shards may change: ACTIVE only. AWS-M MergeShards: "If a stream is in the
 * CREATING, UPDATING, or DELETING state, MergeShards returns a ResourceInUseException"; the text is AWS's
 * for SplitShard and MergeShards (KL-T splitShard, mergeShards, V-AWS historical), used for every change.
 */
export function changeableStream(ctx: OperationContext, name: string): Stream {
  const stream = existingStream(ctx, name);
  if (stream.status !== 'ACTIVE') {
    throw new AwsError(
      ctx.profile.errors.resourceInUse,
      `Stream ${name} under account ${ctx.options.accountId} not ACTIVE, instead in state ${stream.status}`,
    );
  }
  return stream;
}

/**
 * A stream whose shards may be split, merged or scaled: ACTIVE and PROVISIONED. AWS-M SplitShard,
 * MergeShards, UpdateShardCount: "This API is only supported for the data streams with the provisioned
 * capacity mode", and all three list ValidationException; the text is moto's (moto/kinesis/exceptions.py
 * StreamCannotBeUpdatedError, not recorded against AWS).
 */
export function reshardableStream(ctx: OperationContext, name: string): Stream {
  const stream = changeableStream(ctx, name);
  if (stream.mode !== 'PROVISIONED') {
    throw new AwsError(
      ctx.profile.errors.validation,
      `Request is invalid. Stream ${name} under account ${ctx.options.accountId} is in On-Demand mode.`,
    );
  }
  return stream;
}

/** The shard limit message (KL-T createStream, splitShard, V-AWS historical). */
export function shardLimitExceeded(ctx: OperationContext, current: number, additional: number): AwsError {
  const { accountId, region, shardLimit } = ctx.options;
  return new AwsError(
    ctx.profile.errors.limitExceeded,
    `This request would exceed the shard limit for the account ${accountId} in ${region}. ` +
      `Current shard count for the account: ${current}. Limit: ${shardLimit}. ` +
      `Number of additional shards that would have resulted from this request: ${additional}. ` +
      'Refer to the AWS Service Limits page (http://docs.aws.amazon.com/general/latest/gr/aws_service_limits.html) ' +
      'for current limits and how to request higher limits.',
  );
}
