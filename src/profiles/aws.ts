import type { Profile } from './profile.ts';
import {
  AWS_ERRORS,
  EXPLICIT_HASH_KEY_PATTERN,
  GET_RECORDS,
  ITERATOR_TTL_MS,
  MAX_HASH_KEY,
  RECORD_ERRORS,
  SEQUENCE_NUMBER_SYNTAX,
  SHARD_ID_FORMAT,
  SEQUENCE_NUMBER,
  SHARD_WRITE_LIMITS,
  STREAM_RULES,
  AWS_STREAM_NOT_FOUND,
  AWS_PROTOCOL,
} from './common.ts';

/** Amazon Kinesis Data Streams as its API reference and recorded responses describe it (behaviour.md). */
export const aws: Profile = {
  name: 'aws',
  title: 'Amazon Kinesis Data Streams (API reference and recorded AWS behaviour)',
  source: 'AWS API model kinesis-2013-12-02.json; ../shared/spec/behaviour.md (V-AWS and V-DOC rows)',
  putRecords: {
    // AWS-M PutRecordsRequestEntryList: min 1, max 500.
    minRecords: 1,
    maxRecords: 500,
    // AWS-LR: default stream max record size 1 MiB (the model now allows streams configured up to 10 MiB).
    maxDataBytes: 1024 * 1024,
    // behaviour.md 2.1: "Records size exceeds 5 MB limit" including partition keys (ISS fluent-bit#21, V-AWS).
    maxRequestBytes: 5 * 1024 * 1024,
    // AWS-M PartitionKey: min 1, max 256. Counted as Java String length (UTF-16 units), as kinesalite does (INF).
    minPartitionKeyLength: 1,
    maxPartitionKeyLength: 256,
    partitionKeyLengthUnit: 'utf16',
    maxHashKey: MAX_HASH_KEY,
    explicitHashKeyPattern: EXPLICIT_HASH_KEY_PATTERN,
  },
  streamName: {
    // AWS-M StreamName: min 1, max 128, pattern [a-zA-Z0-9_.-]+.
    minLength: 1,
    maxLength: 128,
    pattern: '[a-zA-Z0-9_.-]+',
    patternAsDocumented: '[a-zA-Z0-9_.-]+',
  },
  // behaviour.md 2.2: up to 10 violations, "N validation errors detected: ..." (KL-T, V-AWS).
  validation: { error: { type: 'ValidationException', status: 400 }, aggregate: true, maxErrors: 10 },
  recordErrorCodes: [RECORD_ERRORS.throughputExceeded, RECORD_ERRORS.internalFailure],
  errors: AWS_ERRORS,
  recordErrors: RECORD_ERRORS,
  // behaviour.md 3 (LS-AG, V-AWS): unencrypted streams answer without EncryptionType.
  encryptionTypeOnUnencrypted: null,
  // behaviour.md 4.1 (KL-T describeStream, V-AWS): shard i starts at i * floor(2^128 / n).
  hashRangeDivisor: 'pow128',
  shardIdFormat: SHARD_ID_FORMAT,
  shardWriteLimits: SHARD_WRITE_LIMITS,
  getRecords: {
    ...GET_RECORDS,
    // behaviour.md 5 and 6 row 29b (KL-T getRecords, V-AWS): Limit 0 and 100000 are refused with
    // ValidationException ("Member must have value greater than or equal to 1"). The model's doc string
    // says InvalidArgumentException above 10,000, but the constraint check answers first.
    zeroLimit: 'rejected',
    limitError: { type: 'ValidationException', status: 400 },
    // One of the model's constraints (Limit: min 1, max 10000), aggregated with the others (behaviour.md 2.2).
    limitMessage: null,
    // behaviour.md 5 GetRecords and 6 row 30 (LS-AG, LS-K, V-AWS): "MillisBehindLatest: 0 when caught up".
    zeroBehindWhenCaughtUp: true,
  },
  getShardIterator: {
    // behaviour.md 5 and 6 row 25 (KL-T getShardIterator, V-AWS historical): `shardId-0` and `0` name shard 0.
    shortShardIds: 'accepted',
    // KL-T getShardIterator (V-AWS historical): "Invalid StartingSequenceNumber. It encodes shardId-000000000005,
    // while it was used in a call to a shard with shardId-000000000000" (InvalidArgumentException).
    sequenceNumbersNameShard: true,
    // AWS-M SequenceNumber pattern; KL-T: '' gives ValidationException at 'startingSequenceNumber'.
    sequenceNumberPattern: SEQUENCE_NUMBER_SYNTAX,
  },
  iteratorTtlMs: ITERATOR_TTL_MS,
  streams: STREAM_RULES,
  // AWS-M SplitShard, MergeShards, UpdateShardCount (UNIFORM_SCALING).
  reshardingUnsupported: null,
  // behaviour.md 4.4 (KL-T createStream, V-AWS historical).
  writeWhileCreating: 'ResourceNotFoundException',
  putRecord: {
    sequenceNumberPattern: SEQUENCE_NUMBER.pattern,
    sequenceNumberMaxDigits: SEQUENCE_NUMBER.maxDigits,
    // Outside the pattern: the model's constraint, a ValidationException (behaviour.md 2.2). Well-formed but
    // no sequence number: InvalidArgumentException "ExclusiveMinimumSequenceNumber <n> used in PutRecord on
    // stream X under account Y is invalid." (behaviour.md 5, PutRecord; KL-T putRecord, V-AWS historical).
    validatesSequenceNumberForOrdering: true,
  },
  // AWS-M: "you must use either the StreamARN or the StreamName parameter, or both" (every stream operation).
  acceptsStreamArn: true,
  streamNotFoundMessage: AWS_STREAM_NOT_FOUND,
  protocol: AWS_PROTOCOL,
};
