/**
 * Values both profiles share, each with its source. Where the seed document is silent, both profiles
 * follow AWS, so most of AWS's vocabulary lives here once.
 */
import type { ErrorKind } from './profile.ts';

const kind = (type: string, status: number): ErrorKind => ({ type, status });

/** 2^128 - 1. AWS API model, PutRecordsRequestEntry.ExplicitHashKey: "the hash value ... in the range [0, 2^128-1]". */
export const MAX_HASH_KEY = (1n << 128n) - 1n;

/** AWS API model (kinesis-2013-12-02.json), HashKey shape: `0|([1-9]\d{0,38})`. */
export const EXPLICIT_HASH_KEY_PATTERN = '0|([1-9]\\d{0,38})';

/**
 * AWS error vocabulary. Protocol errors (serialization, unknown operation, auth) as recorded in
 * behaviour.md 1.2 (kinesalite's tests written against real AWS, V-AWS); the others from the API model.
 */
export const AWS_ERRORS = {
  serialization: kind('SerializationException', 400),
  unknownOperation: kind('UnknownOperationException', 400),
  invalidArgument: kind('InvalidArgumentException', 400),
  resourceNotFound: kind('ResourceNotFoundException', 400),
  resourceInUse: kind('ResourceInUseException', 400),
  limitExceeded: kind('LimitExceededException', 400),
  expiredIterator: kind('ExpiredIteratorException', 400),
  expiredNextToken: kind('ExpiredNextTokenException', 400),
  throughputExceeded: kind('ProvisionedThroughputExceededException', 400),
  // AWS-M: InternalFailureException is the whole-request 500.
  internalFailure: kind('InternalFailureException', 500),
  accessDenied: kind('AccessDeniedException', 400),
  missingAuthenticationToken: kind('MissingAuthenticationTokenException', 400),
  incompleteSignature: kind('IncompleteSignatureException', 400),
  invalidSignature: kind('InvalidSignatureException', 400),
  unrecognizedClient: kind('UnrecognizedClientException', 400),
  // AWS answers an oversized body with 413; kinesalite sends it with an empty body (behaviour.md 2.1). We
  // give it an AWS-shaped body so clients can match on `__type`.
  requestTooLarge: kind('SerializationException', 413),
} as const;

/** AWS-PRRE: "ErrorCodes can be either ProvisionedThroughputExceededException or InternalFailure"; the seed says the same. */
export const RECORD_ERRORS = {
  throughputExceeded: 'ProvisionedThroughputExceededException',
  internalFailure: 'InternalFailure',
} as const;

/** AWS-LIM: a shard takes up to 1 MiB/s or 1,000 records/s of writes. */
export const SHARD_WRITE_LIMITS = { bytesPerSecond: 1024 * 1024, recordsPerSecond: 1000 } as const;

/** AWS-M GetRecords: Limit 1..10000; AWS-LIM: at most 10 MiB per call. */
export const GET_RECORDS = { maxLimit: 10_000, maxBytes: 10 * 1024 * 1024 } as const;

/** AWS-M SequenceNumber: `0|([1-9]\d{0,128})`. */
export const SEQUENCE_NUMBER_SYNTAX = '0|([1-9]\\d{0,128})';

/** AWS-M GetShardIterator: "A shard iterator expires 5 minutes after it is returned". */
export const ITERATOR_TTL_MS = 5 * 60 * 1000;

/** AWS ShardId text: `shardId-` and 12 zero-padded digits (behaviour.md 3, V-AWS). */
export const SHARD_ID_FORMAT = { prefix: 'shardId-', digits: 12 } as const;
