import type { Profile } from '../../profiles/profile.ts';
import type { WireFormat } from '../../protocol/wire.ts';
import { AwsError } from '../aws-error.ts';
import { checkConstraints } from './constraints.ts';
import type { Shape } from './rules.ts';
import { checkTypes, TypeMismatch, type Checked } from './types.ts';

/**
 * Types first (SerializationException), then constraints (the profile's validation error), as AWS orders
 * them (behaviour.md 1.3). AWS aggregates up to 10 violations; the YDS profile reports the first only.
 */
export function validateInput(body: unknown, shape: Shape, profile: Profile, wire: WireFormat): Checked {
  if (!profile.acceptsStreamArn && hasStreamArn(body)) {
    // YDB refuses a member its requests do not have, StreamARN among them (behaviour.md 1.2 "Unknown JSON
    // key", 6 row 16; json_proto_conversion.h, V-CODE), while reading the body, before any of its rules.
    throw new AwsError(profile.errors.invalidArgument, 'Unexpected json key: StreamARN');
  }
  let data: Checked;
  try {
    data = checkTypes(body, shape, wire);
  } catch (err) {
    if (err instanceof TypeMismatch) throw new AwsError(profile.errors.serialization, err.message, 'Message');
    throw err;
  }
  const style = profile.validation;
  const errors = checkConstraints(data, shape, style.maxErrors);
  if (errors.length > 0) {
    const message = style.aggregate
      ? `${errors.length} validation error${errors.length > 1 ? 's' : ''} detected: ${errors.join('; ')}`
      : errors[0]!;
    throw new AwsError(style.error, message);
  }
  return data;
}

function hasStreamArn(body: unknown): boolean {
  return typeof body === 'object' && body !== null && Object.hasOwn(body, 'StreamARN');
}
