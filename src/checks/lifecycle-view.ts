/**
 * A stream's life as the lifecycle suite records it, as plain data for the lifecycle checks: its creation
 * watched call by call, writes to a stream that is not there, and the same requests addressed by StreamName,
 * by StreamARN and by both.
 */
import type { Exchange } from '../client/exchange.ts';
import type { ErrorKind, Profile } from '../profiles/profile.ts';
import type { OperationName } from '../protocol/operations.ts';
import { isObject } from './view.ts';

export interface CreationContext {
  readonly profile: Profile;
  readonly stream: string;
  readonly create: Exchange;
  /**
   * In the order sent: DescribeStreamSummary from right after CreateStream until it showed ACTIVE, and the
   * writes (PutRecords, PutRecord) sent between two of them.
   */
  readonly events: readonly Exchange[];
  /** Set when the suite stopped waiting before the stream was ACTIVE: how long it waited. */
  readonly gaveUpAfterMs?: number;
}

export interface GoneContext {
  readonly profile: Profile;
  readonly stream: string;
  /** Writes (PutRecords, PutRecord) sent once DescribeStreamSummary said the stream is not there. */
  readonly writes?: readonly Exchange[];
  /** Set when the stream was still described when the suite stopped waiting for it to go. */
  readonly stillThereAfterMs?: number;
}

/** One request addressed three ways. */
export interface AddressedRequest {
  readonly operation: OperationName;
  readonly byName: Exchange;
  readonly byArn: Exchange;
  readonly byBoth: Exchange;
}

export interface ArnContext {
  readonly profile: Profile;
  readonly stream: string;
  /** DescribeStreamSummary by StreamName: where the ARN comes from. */
  readonly summary: Exchange;
  readonly requests: readonly AddressedRequest[];
}

/** StreamStatus of a DescribeStreamSummary 200, or undefined. */
export function statusOf(exchange: Exchange): unknown {
  if (exchange.status !== 200 || !isObject(exchange.body)) return undefined;
  const summary = exchange.body['StreamDescriptionSummary'];
  return isObject(summary) ? summary['StreamStatus'] : undefined;
}

/** StreamARN of a DescribeStreamSummary 200, when it is a string. */
export function arnOf(exchange: Exchange): string | undefined {
  if (exchange.status !== 200 || !isObject(exchange.body)) return undefined;
  const summary = exchange.body['StreamDescriptionSummary'];
  const arn = isObject(summary) ? summary['StreamARN'] : undefined;
  return typeof arn === 'string' ? arn : undefined;
}

/** The ErrorKind of an error the profile names by its type (writeWhileCreating names one). */
export function errorKindOf(profile: Profile, type: string): ErrorKind {
  return Object.values(profile.errors).find((k) => k.type === type) ?? { type, status: 400 };
}
