/**
 * Values both profiles share, each with its source. Where the seed document is silent, both profiles
 * follow AWS, so most of AWS's vocabulary lives here once.
 */
import { CONTENT_TYPES, TARGET_PREFIX } from '../protocol/wire-constants.ts';
import type { ErrorKind, ProtocolError, ProtocolRules, StreamRules } from './profile.ts';

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
  // AWS-M lists ValidationException for SplitShard, MergeShards and UpdateShardCount.
  validation: kind('ValidationException', 400),
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

/**
 * Stream rules from the AWS API model (AWS-M) and the Kinesis quotas page (AWS-LIM). The seed document
 * covers PutRecords only, so the `yds` profile takes these from AWS too.
 */
export const STREAM_RULES: StreamRules = {
  // Recorded AWS answer to CreateStream without ShardCount: 4 shards (issue #12; LS-K
  // test_create_stream_without_shard_count snapshot, V-AWS). AWS-M StreamModeDetails: ON_DEMAND.
  onDemandShardCount: 4,
  // AWS-M IncreaseStreamRetentionPeriod: "The maximum value of a stream's retention period is 8760 hours";
  // DecreaseStreamRetentionPeriod: "The minimum value of a stream's retention period is 24 hours".
  retentionHours: { min: 24, max: 8760 },
  tags: {
    // AWS-M AddTagsToStream: "You can assign up to 50 tags to a data stream".
    maxPerStream: 50,
    // AWS-M TagMap: min 1, max 200; TagKeyList: min 1, max 50; TagKey 1..128; TagValue 0..256.
    maxPerRequest: 200,
    maxKeysPerRequest: 50,
    keyMaxLength: 128,
    valueMaxLength: 256,
    // AWS-M ListTagsForStreamInputLimit: min 1, max 50.
    maxListLimit: 50,
    // AWS-M Tag: "Valid characters: Unicode letters, digits, white space, _ . / = + - % @". The class is
    // kinesalite's (actions/addTagsToStream.js), whose tests against AWS (KL-T addTagsToStream, V-AWS
    // historical) refuse ';', ',', tab and newline and accept 'ü0 _./=+-@'.
    allowedCharacters: '\\u00C0-\\u1FFF\\u2C00-\\uD7FF\\w./=+\\- @%',
    // KL-T addTagsToStream (V-AWS historical): '%' passes the class but is refused with its own message.
    refusedCharacters: '%',
  },
  resharding: {
    // AWS-M UpdateShardCount: "you cannot ... Scale more than ten times per rolling 24-hour period per
    // stream ... Scale up to more than 10000 shards in a stream".
    maxScalingsPerWindow: 10,
    scalingWindowMs: 24 * 3_600_000,
    maxShardsPerStream: 10_000,
  },
  listing: {
    // AWS-M DescribeStreamInputLimit, ListShardsInputLimit, ListStreamsInputLimit: 1..10000.
    minLimit: 1,
    maxLimit: 10_000,
    // AWS-M DescribeStream Limit: "The default value is 100. If you specify a value greater than 100, at
    // most 100 results are returned."
    describeStreamPage: 100,
    // AWS-M ListShards MaxResults: "The default value is 1000. If you specify a value greater than 1000, at
    // most 1000 results are returned."
    listShardsPage: 1000,
    // AWS-M ListStreams: "the default limit, which is currently 100".
    listStreamsDefault: 100,
    // AWS-M ListShards NextToken: "Tokens expire after 300 seconds".
    nextTokenTtlMs: 300_000,
    // AWS-M NextToken: min 1, max 1048576.
    nextTokenMaxLength: 1_048_576,
  },
  // AWS-M ShardId: min 1, max 128, pattern [a-zA-Z0-9_.-]+.
  shardId: { maxLength: 128, pattern: '[a-zA-Z0-9_.-]+' },
  // AWS-M StreamARN: min 1, max 2048, pattern arn:aws.*:kinesis:.*:\d{12}:stream/\S+.
  streamArn: { minLength: 1, maxLength: 2048, pattern: 'arn:aws.*:kinesis:.*:\\d{12}:stream/\\S+' },
};

/**
 * AWS General Reference, Signature Version 4: a signed request must reach AWS within 5 minutes of the time in
 * its signature, so a target that accepts the suite's signatures may keep a clock this far from the suite's.
 * Timestamps in answers (ApproximateArrivalTimestamp) are judged against the suite's clock with this slack.
 */
export const SIGNATURE_CLOCK_SKEW_MS = 5 * 60 * 1000;
/** AWS-M SequenceNumber (the shape of SequenceNumberForOrdering): `0|([1-9]\d{0,128})`, so at most 129 digits. */
export const SEQUENCE_NUMBER = { pattern: '0|([1-9]\\d{0,128})', maxDigits: 129 } as const;

/** AWS's stream-not-found text: "Stream <name> under account <12-digit acct> not found." (behaviour.md 4.4, LS-K, V-AWS). */
export const AWS_STREAM_NOT_FOUND = 'Stream {stream} under account {account} not found.';

const xml = (status: number, type: string, message?: string): ProtocolError => ({
  kind: 'error',
  status,
  type,
  body: 'xml',
  ...(message !== undefined ? { message } : {}),
});
const aws400 = (type: string): ProtocolError => ({ kind: 'error', status: 400, type, body: 'aws' });

/**
 * KL-T connection.js (V-AWS): the answer AWS gives when it cannot tell which operation is meant, an XML
 * document with this message.
 */
const ACCESS_DENIED = xml(
  403,
  'AccessDeniedException',
  'Unable to determine service/operation name to be authorized',
);
// 1.2 "Unknown op" and "Wrong service": 400 {"__type":"UnknownOperationException"}, no message.
const UNKNOWN_OPERATION = aws400('UnknownOperationException');

/** behaviour.md 1.1 and 1.2, AWS column (KL-T connection.js, written against AWS, V-AWS historical). */
export const AWS_PROTOCOL: ProtocolRules = {
  // 1.1 "Method / path": "Non-POST requests get 403 XML AccessDeniedException".
  nonPost: ACCESS_DENIED,
  // 1.2 "No Content-Type (with a body)": with a valid target, 404 <UnknownOperationException/>.
  missingContentType: xml(404, 'UnknownOperationException'),
  // 1.2 "application/x-amz-json-1.0": 404 <UnknownOperationException/>.
  amzJson10: xml(404, 'UnknownOperationException'),
  // 1.1 "Request content types" are JSON 1.1 and CBOR 1.1 only (6, row 3); the answer to another one is
  // recorded only for the two rows above, so only that it is refused is judged.
  unknownContentType: { kind: 'refused' },
  unknownOperation: UNKNOWN_OPERATION,
  wrongService: UNKNOWN_OPERATION,
  // 1.2 "Malformed JSON" and "Empty body" (valid target): 400 SerializationException. The CBOR body is
  // parsed at the same step of 1.3 (before the target), answered the same way.
  malformedBody: aws400('SerializationException'),
  emptyBody: aws400('SerializationException'),
  // 1.1 "Request content types" (AWS-M; LS-K, V-AWS); KL answers any other type as a missing one.
  contentTypes: { [CONTENT_TYPES.json]: 'json', [CONTENT_TYPES.cbor]: 'cbor' },
  // AWS-M metadata targetPrefix; 1.2 "Wrong service".
  targetService: { only: TARGET_PREFIX },
  otherwise: {
    nonPost: ACCESS_DENIED,
    // 1.2 "No Content-Type": 403 XML AccessDeniedException "if the target is missing" (KL-T).
    contentTypeWithoutTarget: ACCESS_DENIED,
    refusedService: UNKNOWN_OPERATION,
    // KL index.js: an operation that is not one of the API's, the empty one too.
    missingOperation: UNKNOWN_OPERATION,
  },
};
