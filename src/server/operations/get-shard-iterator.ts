import { AwsError } from '../aws-error.ts';
import type { Operation, OperationContext } from '../operation.ts';
import { counterOf, parseSequenceNumber } from '../store/sequence-number.ts';
import { STARTING_COUNTER, type Shard } from '../store/shard.ts';
import { shardIndexOf, type Stream } from '../store/stream.ts';
import { activeStream, shardIdRule, shardNotFound, streamNameOf, streamShape } from './common.ts';
import { encodeToken, type IteratorToken } from './tokens.ts';

const TYPES = [
  'AT_SEQUENCE_NUMBER',
  'AFTER_SEQUENCE_NUMBER',
  'TRIM_HORIZON',
  'LATEST',
  'AT_TIMESTAMP',
] as const;

/**
 * Where AT_ or AFTER_SEQUENCE_NUMBER of `seq` starts reading in `shard`: the StartingSequenceNumber (first
 * record on, for both types: issue #12, as AWS answers on a shard with no records yet), a record's number,
 * or a closed shard's EndingSequenceNumber (its end). Anything else is refused as AWS words it (KL
 * actions/getShardIterator.js; KL-T getShardIterator, V-AWS historical).
 */
function sequencePosition(
  ctx: OperationContext,
  stream: Stream,
  shard: Shard,
  seq: string,
  after: boolean,
): number {
  const invalid = (message: string): AwsError => new AwsError(ctx.profile.errors.invalidArgument, message);
  const where = `used in GetShardIterator on shard ${shard.id} in stream ${stream.name} under account ${ctx.options.accountId}`;
  if (seq === shard.endingSequenceNumber) return shard.latestCounter();
  // Where sequence numbers name no shard (profile getShardIterator.sequenceNumbersNameShard), any is read
  // as a position in the shard asked for; else only this shard's own are.
  const counter = ctx.profile.getShardIterator.sequenceNumbersNameShard
    ? parseSequenceNumber(shard.seqPrefix, seq)
    : counterOf(seq);
  if (counter === undefined) {
    const owner = stream.shards.find((s) => parseSequenceNumber(s.seqPrefix, seq) !== undefined);
    if (owner) {
      throw invalid(
        `Invalid StartingSequenceNumber. It encodes ${owner.id}, while it was used in a call to a shard with ${shard.id}`,
      );
    }
    throw invalid(
      `StartingSequenceNumber ${seq} ${where} is invalid because it did not come from this stream.`,
    );
  }
  if (counter === STARTING_COUNTER) return STARTING_COUNTER + 1;
  if (counter >= shard.latestCounter()) throw invalid(`StartingSequenceNumber ${seq} ${where} is invalid.`);
  return after ? counter + 1 : counter;
}

export const getShardIterator: Operation = {
  shape(profile) {
    return streamShape(profile, {
      ShardId: shardIdRule(profile, true),
      ShardIteratorType: { type: 'String', notNull: true, enum: TYPES },
      StartingSequenceNumber: { type: 'String', pattern: profile.getShardIterator.sequenceNumberPattern },
      Timestamp: { type: 'Timestamp' },
    });
  },
  run(ctx, input) {
    const invalid = (message: string): AwsError => new AwsError(ctx.profile.errors.invalidArgument, message);
    const name = streamNameOf(ctx, input);
    const shardId = input['ShardId'] as string;
    const index = shardIndexOf(shardId);
    if (index === undefined) {
      // KL actions/getShardIterator.js: an id that names no shard index at all, before the stream lookup.
      throw new AwsError(
        ctx.profile.errors.resourceNotFound,
        `Could not find shard ${shardId} in stream ${name} under account ${ctx.options.accountId}.`,
      );
    }
    const stream = activeStream(ctx, name);
    const shard = stream.shards[index];
    // behaviour.md 5 (KL-T, V-AWS historical): the shard named in its full form. Where only the exact id
    // names a shard (profile getShardIterator.shortShardIds; YDS, behaviour.md 6 row 25), as it was given.
    if (!shard) throw shardNotFound(ctx, stream.shardIdOf(index), stream.name);
    if (ctx.profile.getShardIterator.shortShardIds === 'rejected' && shardId !== shard.id)
      throw shardNotFound(ctx, shardId, stream.name);
    const type = input['ShardIteratorType'] as (typeof TYPES)[number];
    const seq = input['StartingSequenceNumber'] as string | undefined;
    const timestamp = input['Timestamp'] as Date | undefined;
    const bySequence = type === 'AT_SEQUENCE_NUMBER' || type === 'AFTER_SEQUENCE_NUMBER';
    if (bySequence !== (seq !== undefined)) {
      throw invalid(
        'Must either specify (1) AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER and StartingSequenceNumber or ' +
          `(2) TRIM_HORIZON or LATEST and no StartingSequenceNumber. Request specified ${type} and ${seq === undefined ? 'no' : 'also a'} StartingSequenceNumber.`,
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
      case 'AT_TIMESTAMP': {
        if (!timestamp) {
          throw invalid(
            'Must specify timestampInMillis parameter for iterator of type AT_TIMESTAMP. Current request has no timestamp parameter.',
          );
        }
        const ms = timestamp.getTime();
        // KL actions/getShardIterator.js; the text is AWS's (quoted from AWS in hazelcast's Kinesis tests).
        if (ms > ctx.nowMs) {
          throw invalid(
            'The timestampInMillis parameter cannot be greater than the currentTimestampInMillis. ' +
              `timestampInMillis: ${ms}, currentTimestampInMillis: ${ctx.nowMs}`,
          );
        }
        counter = shard.counterAtTimestamp(ms);
        break;
      }
      default:
        counter = sequencePosition(ctx, stream, shard, seq!, type === 'AFTER_SEQUENCE_NUMBER');
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
