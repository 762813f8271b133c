/**
 * A profile is everything a target family documents about the API, as data: limits, error vocabularies,
 * formats. The reference server implements a profile and the conformance suite judges against one; no
 * limit or error name is written anywhere else. Each value in `yds.ts` and `aws.ts` cites its source.
 */

import type { WireFormat } from '../protocol/wire-constants.ts';

export type ProfileName = 'yds' | 'aws';

/** How a PartitionKey's length is counted: UTF-16 code units (Java/JS String.length), code points or UTF-8 bytes. */
export type LengthUnit = 'utf16' | 'codepoints' | 'bytes';

/** An AWS error as data: the `__type` a client sees and the HTTP status. */
export interface ErrorKind {
  readonly type: string;
  readonly status: number;
}

export interface PutRecordsLimits {
  /** Records per request: min..max. */
  readonly minRecords: number;
  readonly maxRecords: number;
  /** Decoded Data bytes per record. */
  readonly maxDataBytes: number;
  /** Sum of decoded Data bytes and UTF-8 PartitionKey bytes of a request. */
  readonly maxRequestBytes: number;
  readonly minPartitionKeyLength: number;
  readonly maxPartitionKeyLength: number;
  readonly partitionKeyLengthUnit: LengthUnit;
  /** 2^128 - 1: the largest hash key. */
  readonly maxHashKey: bigint;
  /** The ExplicitHashKey syntax (a full match). */
  readonly explicitHashKeyPattern: string;
}

export interface StreamNameRules {
  readonly minLength: number;
  readonly maxLength: number;
  /** Full-match pattern the name must satisfy. */
  readonly pattern: string;
  /** The pattern as the source document writes it, for messages (AWS quotes the model's pattern). */
  readonly patternAsDocumented: string;
}

export interface ValidationStyle {
  /** The error for a constraint violation (length, pattern, null). */
  readonly error: ErrorKind;
  /** AWS aggregates up to `maxErrors` violations as "N validation errors detected: ..."; YDS reports the first only. */
  readonly aggregate: boolean;
  readonly maxErrors: number;
}

export interface GetRecordsRules {
  /** Records per call: Limit 1..maxLimit, and the default. */
  readonly maxLimit: number;
  /** Data bytes per call. */
  readonly maxBytes: number;
  /** `Limit: 0`: refused like any Limit below 1, or read as no Limit (the default, maxLimit). */
  readonly zeroLimit: 'rejected' | 'default';
  /** The answer to a Limit outside the range (0 too, where refused). */
  readonly limitError: ErrorKind;
  /**
   * limitError's message where the target checks Limit on its own (`{limit}` for the Limit given, `{max}`
   * for maxLimit); null where Limit is one of the model's constraints, reported with any others in the
   * validation error's form ("Value '0' at 'limit' failed to satisfy constraint: ...").
   */
  readonly limitMessage: string | null;
  /** Whether MillisBehindLatest is 0 once a read has returned every record (else it counts from the last write). */
  readonly zeroBehindWhenCaughtUp: boolean;
}

export interface GetShardIteratorRules {
  /**
   * A ShardId in a short form (`shardId-0`, `0`): accepted as the shard it numbers, or refused with
   * resourceNotFound (only the exact id ListShards reports names a shard).
   */
  readonly shortShardIds: 'accepted' | 'rejected';
  /**
   * Whether a sequence number names the shard it belongs to, so that one of another shard is refused with
   * invalidArgument; false where sequence numbers are per-shard offsets that any shard may hold.
   */
  readonly sequenceNumbersNameShard: boolean;
  /** The full-match syntax of StartingSequenceNumber; any other text is refused with validation.error. */
  readonly sequenceNumberPattern: string;
}

/**
 * The documented rules of a stream around PutRecords: its capacity mode, retention, tags, resharding and the
 * listing operations. AWS documents all of them; the seed document is silent, so both profiles share them.
 */
export interface StreamRules {
  /** CreateStream without ShardCount makes an ON_DEMAND stream of this many shards. */
  readonly onDemandShardCount: number;
  /** Increase/DecreaseStreamRetentionPeriod bounds, in hours. */
  readonly retentionHours: { readonly min: number; readonly max: number };
  readonly tags: {
    /** Tags one stream may carry in all. */
    readonly maxPerStream: number;
    /** TagMap entries of one AddTagsToStream or CreateStream. */
    readonly maxPerRequest: number;
    /** TagKeys of one RemoveTagsFromStream. */
    readonly maxKeysPerRequest: number;
    readonly keyMaxLength: number;
    readonly valueMaxLength: number;
    /** ListTagsForStream Limit. */
    readonly maxListLimit: number;
    /** Characters a tag key or value may hold, as a regular-expression character class body. */
    readonly allowedCharacters: string;
    /** Characters the allowed class admits but AWS refuses with a second message. */
    readonly refusedCharacters: string;
  };
  readonly resharding: {
    /** UpdateShardCount calls per stream within the window. */
    readonly maxScalingsPerWindow: number;
    readonly scalingWindowMs: number;
    /** Open shards one stream may have after UpdateShardCount. */
    readonly maxShardsPerStream: number;
  };
  /** ListShards, DescribeStream, ListStreams. */
  readonly listing: {
    /** Smallest and largest Limit / MaxResults a request may give. */
    readonly minLimit: number;
    readonly maxLimit: number;
    /** DescribeStream: shards by default, and at most, per call. */
    readonly describeStreamPage: number;
    /** ListShards: shards by default, and at most, per call. */
    readonly listShardsPage: number;
    /** ListStreams: streams per call by default. */
    readonly listStreamsDefault: number;
    /** NextToken expires after this long. */
    readonly nextTokenTtlMs: number;
    readonly nextTokenMaxLength: number;
  };
  /** ShardId members (ShardToSplit, ExclusiveStartShardId, ...). */
  readonly shardId: { readonly maxLength: number; readonly pattern: string };
  /** The StreamARN member every stream operation accepts instead of StreamName. */
  readonly streamArn: { readonly minLength: number; readonly maxLength: number; readonly pattern: string };
}

/** PutRecord's own member; its record follows `putRecords`' limits (Data, PartitionKey, ExplicitHashKey). */
export interface PutRecordRules {
  /** The SequenceNumber syntax SequenceNumberForOrdering takes (a full match). */
  readonly sequenceNumberPattern: string;
  /** The most digits that syntax allows. */
  readonly sequenceNumberMaxDigits: number;
  /**
   * Whether an invalid SequenceNumberForOrdering is refused: outside the syntax with the validation error,
   * and a well-formed one that is no sequence number of the stream with InvalidArgumentException. false:
   * the target documents that it ignores the member, so neither answer is judged.
   */
  readonly validatesSequenceNumberForOrdering: boolean;
}

/**
 * The protocol-level cases of behaviour.md 1.2: requests well-formed but for one thing, answered before any
 * operation runs.
 */
export type ProtocolCase =
  | 'nonPost'
  | 'missingContentType'
  | 'amzJson10'
  | 'unknownContentType'
  | 'unknownOperation'
  | 'wrongService'
  | 'malformedBody'
  | 'emptyBody';

/**
 * A protocol-level error: its status and `__type`, a body that is an XML document with the error as root
 * element (`xml`) or an AWS error body `{"__type", ...}` (`aws`), and the message where one is documented
 * (`{operation}` stands for the method X-Amz-Target names, `{format}` for the body's, `JSON` or `CBOR`).
 */
export interface ProtocolError {
  readonly kind: 'error';
  readonly status: number;
  readonly type: string;
  readonly body: 'xml' | 'aws';
  readonly message?: string;
}

/**
 * A documented protocol-level answer: the request served as any other (`accepted`), refused with some 4xx
 * whose exact form is not documented (`refused`), or a named error.
 */
export type ProtocolAnswer = { readonly kind: 'accepted' } | { readonly kind: 'refused' } | ProtocolError;

/** Each protocol-level case's documented answer; null where the target's sources document none (not judged). */
export type ProtocolAnswers = { readonly [C in ProtocolCase]: ProtocolAnswer | null };

/**
 * How a target reads a request before any operation runs (behaviour.md 1.1 - 1.3): the documented answer of
 * each case (what the suite judges), and what a server needs besides to answer every request (what the
 * reference server reads). The server answers these four cases as documented, so each is one error.
 */
export interface ProtocolRules extends ProtocolAnswers {
  readonly missingContentType: ProtocolError;
  readonly unknownOperation: ProtocolError;
  readonly malformedBody: ProtocolError;
  readonly emptyBody: ProtocolError;
  /**
   * The Content-Types read (media type in lower case; parameters aside), each with the wire format of its
   * body; the answer comes in that format's own Content-Type. Any other, or none, is `missingContentType`.
   */
  readonly contentTypes: Readonly<Record<string, WireFormat>>;
  /** X-Amz-Target's service, the text before its first '.': exactly `only`, or anything but `except`. */
  readonly targetService: { readonly only: string } | { readonly except: readonly string[] };
  /** The answers to what the cases above leave open. */
  readonly otherwise: {
    /** Another method than POST (`nonPost` where the sources document it; a server answers it anyway). */
    readonly nonPost: ProtocolError;
    /** A Content-Type not read, or none, with an X-Amz-Target that names no operation either. */
    readonly contentTypeWithoutTarget: ProtocolError;
    /** An X-Amz-Target whose service `targetService` refuses (`wrongService` where that is an error). */
    readonly refusedService: ProtocolError;
    /** An X-Amz-Target that names no method (nothing after the '.'), or none at all. */
    readonly missingOperation: ProtocolError;
  };
}

export interface Profile {
  readonly name: ProfileName;
  readonly title: string;
  /** Where this profile's rules come from, as a whole. */
  readonly source: string;
  readonly putRecords: PutRecordsLimits;
  readonly streamName: StreamNameRules;
  readonly validation: ValidationStyle;
  /** Per-record ErrorCode values a PutRecords result may carry. */
  readonly recordErrorCodes: readonly string[];
  /** Whole-request errors. */
  readonly errors: {
    readonly serialization: ErrorKind;
    readonly unknownOperation: ErrorKind;
    readonly invalidArgument: ErrorKind;
    /** ValidationException for business rules the model lists it for (resharding an ON_DEMAND stream). */
    readonly validation: ErrorKind;
    readonly resourceNotFound: ErrorKind;
    readonly resourceInUse: ErrorKind;
    readonly limitExceeded: ErrorKind;
    readonly expiredIterator: ErrorKind;
    readonly expiredNextToken: ErrorKind;
    readonly throughputExceeded: ErrorKind;
    readonly internalFailure: ErrorKind;
    readonly accessDenied: ErrorKind;
    readonly missingAuthenticationToken: ErrorKind;
    readonly incompleteSignature: ErrorKind;
    readonly invalidSignature: ErrorKind;
    readonly unrecognizedClient: ErrorKind;
    readonly requestTooLarge: ErrorKind;
  };
  /** Record-level error codes. */
  readonly recordErrors: {
    readonly throughputExceeded: string;
    readonly internalFailure: string;
  };
  /** Whether PutRecords/PutRecord responses carry `EncryptionType` for an unencrypted stream, and its value. */
  readonly encryptionTypeOnUnencrypted: 'NONE' | null;
  /** Shard hash-key ranges: shard i starts at i * floor(2^128 / n) (AWS) or i * floor((2^128 - 1) / n) (YDB, kinesis-mock). */
  readonly hashRangeDivisor: 'pow128' | 'pow128minus1';
  /** ShardId text for shard index i. */
  readonly shardIdFormat: { readonly prefix: string; readonly digits: number };
  /** Per-shard write limits (AWS documented defaults). */
  readonly shardWriteLimits: { readonly bytesPerSecond: number; readonly recordsPerSecond: number };
  /** GetRecords per-call caps, and how its Limit is read. */
  readonly getRecords: GetRecordsRules;
  /** How GetShardIterator reads its ShardId and StartingSequenceNumber. */
  readonly getShardIterator: GetShardIteratorRules;
  /** Shard iterators expire after this many ms. */
  readonly iteratorTtlMs: number;
  readonly streams: StreamRules;
  /**
   * Why the target family has no resharding in AWS's sense (SplitShard, MergeShards and UpdateShardCount
   * closing parent shards into children), or null when it has: the resharding checks skip with this reason.
   */
  readonly reshardingUnsupported: string | null;
  /** Records sent to a stream that is CREATING: AWS says ResourceNotFoundException. */
  readonly writeWhileCreating: 'ResourceNotFoundException' | 'ResourceInUseException';
  readonly putRecord: PutRecordRules;
  /** Whether requests may name their stream by StreamARN, or by both StreamARN and StreamName. */
  readonly acceptsStreamArn: boolean;
  /**
   * ResourceNotFoundException's message for a stream that does not exist, with `{stream}` for its name and
   * `{account}` for a 12-digit account id; null where only documented to name the stream.
   */
  readonly streamNotFoundMessage: string | null;
  /** The protocol-level answers, each case's as documented (null where not), and what else a server needs. */
  readonly protocol: ProtocolRules;
}
