import type { Profile } from './profile.ts';
import {
  AWS_ERRORS,
  AWS_PROTOCOL,
  EXPLICIT_HASH_KEY_PATTERN,
  GET_RECORDS,
  ITERATOR_TTL_MS,
  MAX_HASH_KEY,
  RECORD_ERRORS,
  SHARD_ID_FORMAT,
  SEQUENCE_NUMBER,
  SHARD_WRITE_LIMITS,
  STREAM_RULES,
} from './common.ts';
import type { ProtocolError } from './profile.ts';

const invalid = (type: string, message: string): ProtocolError => ({
  kind: 'error',
  status: 400,
  type,
  body: 'aws',
  message,
});
const UNKNOWN_CONTENT_TYPE = invalid('InvalidArgumentException', 'Unknown ContentType');
const UNKNOWN_METHOD = invalid('InvalidAction', 'Missing method name {operation}');

/**
 * Yandex Data Streams as the seed document (../shared/seed/putrecords.md) documents PutRecords. Where the
 * seed is silent, AWS's documented behaviour (see aws.ts) is followed and the value says so.
 */
export const yds: Profile = {
  name: 'yds',
  title: 'Yandex Data Streams PutRecords reference (the seed document)',
  source: '../shared/seed/putrecords.md; AWS where the seed is silent',
  putRecords: {
    // Seed, Records: "Number of elements: 1-500"; "Up to 500 messages can be sent in a single request".
    minRecords: 1,
    maxRecords: 500,
    // Seed: "Each message in the request can be up to 1 MB in size" (MB read as MiB, as YDB's code does: 1_MB = 1048576).
    maxDataBytes: 1024 * 1024,
    // Seed: "The entire request can't exceed 5 MB, including shard keys".
    maxRequestBytes: 5 * 1024 * 1024,
    // Seed silent on PartitionKey; AWS-M: 1..256, counted as AWS does (UTF-16 units, see aws.ts).
    minPartitionKeyLength: 1,
    maxPartitionKeyLength: 256,
    partitionKeyLengthUnit: 'utf16',
    // Seed silent; AWS-M HashKey.
    maxHashKey: MAX_HASH_KEY,
    explicitHashKeyPattern: EXPLICIT_HASH_KEY_PATTERN,
  },
  streamName: {
    // Seed, StreamName: "Size: 1-128 characters", "Possible values: [a-zA-Z][a-zA-Z0-9-]+*(?<!-)$".
    // That regex is malformed as written (`+*` repeats a quantifier). Our reading: a letter, then letters,
    // digits and hyphens, not ending with a hyphen. The `+` cannot mean "at least two characters" because
    // the same row allows a 1-character name, so the repeat is `*`.
    minLength: 1,
    maxLength: 128,
    pattern: '[a-zA-Z]([a-zA-Z0-9-]*[a-zA-Z0-9])?',
    patternAsDocumented: '[a-zA-Z][a-zA-Z0-9-]+*(?<!-)$',
  },
  // Seed, Errors: "InvalidArgumentException: The argument is invalid. For more information, see the error
  // message." (400). One violation per message, as YDB's proxy reports the first failure only.
  validation: { error: { type: 'InvalidArgumentException', status: 400 }, aggregate: false, maxErrors: 1 },
  // Seed: "Possible error types: ProvisionedThroughputExceededException or InternalFailure".
  recordErrorCodes: [RECORD_ERRORS.throughputExceeded, RECORD_ERRORS.internalFailure],
  errors: AWS_ERRORS,
  recordErrors: RECORD_ERRORS,
  // Seed, Response: "EncryptionType ... Possible values: NONE. Required: Yes".
  encryptionTypeOnUnencrypted: 'NONE',
  // Seed silent; AWS ranges (behaviour.md 4.1).
  hashRangeDivisor: 'pow128',
  // Seed silent (YDB itself prints shard-000000, behaviour.md 3); AWS format.
  shardIdFormat: SHARD_ID_FORMAT,
  shardWriteLimits: SHARD_WRITE_LIMITS,
  getRecords: {
    ...GET_RECORDS,
    // The seed covers PutRecords only; YDS reads GetRecords' Limit its own way (behaviour.md 5 YDB column and
    // 6 row 29b, datastreams_proxy.cpp): 0 means the default of 10000, and above 10000 the answer is
    // ValidationException "Limit 'N' is out of bounds [1; 10000]" (YDB-T ErroneousRequestGetRecords).
    zeroLimit: 'default',
    limitError: { type: 'ValidationException', status: 400 },
    // datastreams_proxy.cpp TGetRecordsActor::Bootstrap (checked after the iterator, negative Limits too).
    limitMessage: "Limit '{limit}' is out of bounds [1; {max}]",
    // behaviour.md 6 row 30 (datastreams_proxy.cpp, V-CODE): now minus the last read record's write time.
    zeroBehindWhenCaughtUp: false,
  },
  getShardIterator: {
    // behaviour.md 5 YDB column and 6 row 25 (datastreams_proxy.cpp, V-CODE): the id must be the shard's
    // exact name, else ResourceNotFoundException "No such shard".
    shortShardIds: 'rejected',
    // behaviour.md 3 and 6 row 23 (V-DOC/V-CODE): a sequence number is the partition's offset ("0", "5851"),
    // which names no shard.
    sequenceNumbersNameShard: false,
    // behaviour.md 5 YDB column: parsed with stoull, so leading zeros pass ("00000"); anything else is
    // "Malformed sequence number".
    sequenceNumberPattern: '\\d+',
  },
  iteratorTtlMs: ITERATOR_TTL_MS,
  streams: STREAM_RULES,
  // Seed silent. YDB's proxy declares SplitShard and MergeShards not implemented (datastreams_proxy.cpp
  // @00e5fd2b, DECLARE_RPC_NI: "Method is not implemented yet"), and its UpdateShardCount only adds
  // partitions, closing none ("Shard count must be non-decreasing").
  reshardingUnsupported:
    'YDS implements neither SplitShard nor MergeShards, and its UpdateShardCount only adds shards without closing any (YDB datastreams_proxy.cpp)',
  writeWhileCreating: 'ResourceNotFoundException',
  putRecord: {
    sequenceNumberPattern: SEQUENCE_NUMBER.pattern,
    sequenceNumberMaxDigits: SEQUENCE_NUMBER.maxDigits,
    // The seed documents PutRecords only; YDB implements PutRecord as a one-record PutRecords in which
    // "SequenceNumberForOrdering is accepted but ignored" (behaviour.md 5, PutRecord, V-CODE). Neither
    // AWS's refusals nor acceptance is documented for YDS, so neither is judged.
    validatesSequenceNumberForOrdering: false,
  },
  // The seed's request names the stream by StreamName only, and YDB answers a StreamARN member with 400
  // "Unexpected json key: StreamARN" (behaviour.md 1.2 "Unknown JSON key", 6 row 16, V-CODE).
  acceptsStreamArn: false,
  // Seed silent; YDB's text is "path '<full path>' does not exist or you do not have access rights"
  // (behaviour.md 4.4, V-CODE), which names the stream, as AWS's does.
  streamNotFoundMessage: null,
  // behaviour.md 1.1 and 1.2, YDB column: a YDS endpoint answers these itself, before any operation's
  // rules, so they are YDS's own answers rather than a silence of the seed to fill with AWS's. The messages
  // are YDB's http_req.cpp (THttpRequestProcessors::Execute, THttpRequestContext::RequestBodyToProto).
  protocol: {
    // 1.1: only "GET /ping returns 200" is documented; no answer to other non-POST requests.
    nonPost: null,
    // 1.1 "Request content types": "Anything else, including an absent header: 400
    // InvalidArgumentException 'Unknown ContentType'" (YDB-T DifferentContentTypes).
    missingContentType: UNKNOWN_CONTENT_TYPE,
    // 1.1: application/x-amz-json-1.0 is read as JSON (YDB-T DifferentContentTypes); 1.2: "accepted".
    amzJson10: { kind: 'accepted' },
    unknownContentType: UNKNOWN_CONTENT_TYPE,
    // 1.2 "Unknown op": 400 InvalidAction "Missing method name Foo" (YDB-T, V-CODE).
    unknownOperation: UNKNOWN_METHOD,
    // 1.2 "Wrong service": "Accepted: only AmazonSQS is special" (YDB http_req.cpp, V-CODE).
    wrongService: { kind: 'accepted' },
    // 1.2 "Malformed JSON": 400 InvalidArgumentException "Can not parse request body from JSON" ("... from
    // CBOR" for CBOR); "Empty body": 400 InvalidArgumentException "Empty body" (V-CODE).
    malformedBody: invalid('InvalidArgumentException', 'Can not parse request body from {format}'),
    emptyBody: invalid('InvalidArgumentException', 'Empty body'),
    // 1.1 "Request content types" (YDB-T DifferentContentTypes; V-CODE).
    contentTypes: {
      'application/json': 'json',
      'application/x-amz-json-1.0': 'json',
      'application/x-amz-json-1.1': 'json',
      'application/cbor': 'cbor',
      'application/x-amz-cbor-1.1': 'cbor',
    },
    // 1.1 "Target header": "Any prefix except AmazonSQS is accepted" (http_req.cpp ParseHeaders; YDB-T).
    targetService: { except: ['AmazonSQS'] },
    otherwise: {
      // Undocumented for YDS (above): AWS's answer, as wherever the seed and YDS's sources are silent.
      nonPost: AWS_PROTOCOL.otherwise.nonPost,
      // 1.1: "Anything else, including an absent header", whatever the target (1.3: the Content-Type is
      // read before the method is looked up).
      contentTypeWithoutTarget: UNKNOWN_CONTENT_TYPE,
      // http_req.cpp THttpRequestProcessors::Execute: with AmazonSQS the method is looked up among the
      // message queue's, none of which this API has, so it is answered as an unknown method (INF).
      refusedService: UNKNOWN_METHOD,
      // 1.2 "Unknown op": "Empty method (X. or .): 400 MissingAction" (YDB-T MissingAction); http_req.cpp
      // words it "Unknown method name " and the name, empty (YDB swaps the two texts).
      missingOperation: invalid('MissingAction', 'Unknown method name {operation}'),
    },
  },
};
