import { AwsError } from '../aws-error.ts';
import type { Operation } from '../operation.ts';
import { parseSequenceNumber } from '../store/sequence-number.ts';
import { activeStream, STREAM_ARN_RULE, streamNameOf, streamNameRule, shardNotFound } from './common.ts';
import { encodeToken, type IteratorToken } from './tokens.ts';

const TYPES = [
  'AT_SEQUENCE_NUMBER',
  'AFTER_SEQUENCE_NUMBER',
  'TRIM_HORIZON',
  'LATEST',
  'AT_TIMESTAMP',
] as const;

export const getShardIterator: Operation = {
  shape(profile) {
    return {
      StreamName: streamNameRule(profile, false),
      StreamARN: STREAM_ARN_RULE,
      ShardId: { type: 'String', notNull: true, minLength: 1, maxLength: 128, pattern: '[a-zA-Z0-9_.-]+' },
      ShardIteratorType: { type: 'String', notNull: true, enum: TYPES },
      StartingSequenceNumber: { type: 'String', pattern: '0|([1-9]\\d{0,128})' },
      Timestamp: { type: 'Timestamp' },
    };
  },
  run(ctx, input) {
    const invalid = (message: string): AwsError => new AwsError(ctx.profile.errors.invalidArgument, message);
    const stream = activeStream(ctx, streamNameOf(ctx, input));
    const shardId = input['ShardId'] as string;
    const shard = stream.findShard(shardId);
    if (!shard) {
      // behaviour.md 5 (KL-T, V-AWS historical).
      throw shardNotFound(ctx, shardId, stream.name);
    }
    const type = input['ShardIteratorType'] as (typeof TYPES)[number];
    const seq = input['StartingSequenceNumber'] as string | undefined;
    const timestamp = input['Timestamp'] as Date | undefined;
    const bySequence = type === 'AT_SEQUENCE_NUMBER' || type === 'AFTER_SEQUENCE_NUMBER';
    if (bySequence !== (seq !== undefined)) {
      throw invalid(
        'Must either specify (1) AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER and StartingSequenceNumber or ' +
          `(2) TRIM_HORIZON or LATEST and no StartingSequenceNumber. Request specified ${type} and ${seq === undefined ? 'no ' : ''}StartingSequenceNumber.`,
      );
    }
    let counter: number;
    switch (type) {
      case 'TRIM_HORIZON':
        counter = shard.trimHorizonCounter();
        break;
      case 'LATEST':
        counter = shard.latestCounter();
        break;
      case 'AT_TIMESTAMP':
        if (!timestamp) {
          throw invalid(
            'Must specify timestampInMillis parameter for iterator of type AT_TIMESTAMP. Current request has no timestamp parameter.',
          );
        }
        counter = shard.counterAtTimestamp(timestamp.getTime());
        break;
      default: {
        const parsed = parseSequenceNumber(shard.seqPrefix, seq!);
        if (parsed === undefined || parsed >= shard.latestCounter()) {
          throw invalid(
            `Invalid StartingSequenceNumber. It encodes ${shardId}, while it was used in a call to a shard with ${shard.id}`,
          );
        }
        counter = type === 'AT_SEQUENCE_NUMBER' ? parsed : parsed + 1;
      }
    }
    const token: IteratorToken = {
      s: stream.name,
      c: stream.createdMs,
      h: shard.id,
      n: counter,
      t: ctx.nowMs,
    };
    return { ShardIterator: encodeToken(token) };
  },
};
