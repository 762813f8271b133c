/**
 * IncreaseStreamRetentionPeriod and DecreaseStreamRetentionPeriod share their shape and checks; the texts
 * are AWS's as kinesalite reproduces them (actions/increaseStreamRetentionPeriod.js and
 * decreaseStreamRetentionPeriod.js; KL-T, V-AWS historical) and, for the maximum, as moto words it
 * (moto/kinesis/exceptions.py InvalidRetentionPeriod, the same form).
 */
import { AwsError } from '../aws-error.ts';
import type { OperationContext } from '../operation.ts';
import type { Shape } from '../validation/rules.ts';
import type { Profile } from '../../profiles/profile.ts';
import { changeableStream, streamNameOf, streamShape } from './common.ts';

export function retentionShape(profile: Profile): Shape {
  // AWS-M RetentionPeriodHours: an integer without bounds in the model; the bounds are business checks.
  return streamShape(profile, { RetentionPeriodHours: { type: 'Integer', notNull: true } });
}

/** Sets the retention period after the checks both operations share and the one that is `direction`'s own. */
export function changeRetention(
  ctx: OperationContext,
  input: Record<string, unknown>,
  direction: 'increase' | 'decrease',
): void {
  const invalid = (message: string): AwsError => new AwsError(ctx.profile.errors.invalidArgument, message);
  const stream = changeableStream(ctx, streamNameOf(ctx, input));
  const hours = input['RetentionPeriodHours'] as number;
  const { min, max } = ctx.profile.streams.retentionHours;
  if (hours < min) {
    throw invalid(
      `Minimum allowed retention period is ${min} hours. Requested retention period (${hours} hours) is too short.`,
    );
  }
  if (hours > max) {
    throw invalid(
      `Maximum allowed retention period is ${max} hours. Requested retention period (${hours} hours) is too long.`,
    );
  }
  const current = stream.retentionPeriodHours;
  const existing = `existing retention period (${current} hours)`;
  if (direction === 'increase' && hours < current) {
    throw invalid(
      `Requested retention period (${hours} hours) for stream ${stream.name} can not be shorter than ${existing}. Use DecreaseRetentionPeriod API.`,
    );
  }
  if (direction === 'decrease' && hours > current) {
    throw invalid(
      `Requested retention period (${hours} hours) for stream ${stream.name} can not be longer than ${existing}. Use IncreaseRetentionPeriod API.`,
    );
  }
  stream.setRetentionHours(hours, ctx.nowMs);
}
