import type { Profile } from '../../profiles/profile.ts';
import { AwsError } from '../aws-error.ts';
import type { OperationContext } from '../operation.ts';
import type { Stream } from '../store/stream.ts';
import type { StringRule } from '../validation/rules.ts';

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

/** AWS-M StreamARN: 1..2048, arn:aws.*:kinesis:.*:\d{12}:stream/\S+ */
export const STREAM_ARN_RULE: StringRule = {
  type: 'String',
  minLength: 1,
  maxLength: 2048,
  pattern: 'arn:aws.*:kinesis:.*:\\d{12}:stream/\\S+',
};

/** AWS-M NextToken shape: 1..1048576 characters. */
export const NEXT_TOKEN_RULE: StringRule = { type: 'String', minLength: 1, maxLength: 1_048_576 };

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

export function streamNotFound(ctx: OperationContext, name: string): AwsError {
  // behaviour.md 4.4 (LS-K, V-AWS): "Stream <name> under account <acct> not found."
  return new AwsError(
    ctx.profile.errors.resourceNotFound,
    `Stream ${name} under account ${ctx.options.accountId} not found.`,
  );
}

export function shardNotFound(ctx: OperationContext, shardId: string, streamName: string): AwsError {
  // behaviour.md 5 (KL-T, V-AWS historical).
  return new AwsError(
    ctx.profile.errors.resourceNotFound,
    `Shard ${shardId} in stream ${streamName} under account ${ctx.options.accountId} does not exist`,
  );
}

/** Any existing stream (for Describe*, Delete). */
export function existingStream(ctx: OperationContext, name: string): Stream {
  const stream = ctx.store.get(name);
  if (!stream) throw streamNotFound(ctx, name);
  return stream;
}

/** A stream that takes reads and writes: ACTIVE. CREATING answers as the profile says (AWS: not found). */
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
