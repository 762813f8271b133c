/**
 * The enumerated GetShardIterator and GetRecords cases of the read area, each with what the active profile
 * documents for it: accepted, or refused with a status and an error type. Built from facts the suite learned
 * about its streams (shard ids, sequence numbers the target acknowledged), never from the target's answers
 * to these cases.
 */
import { Tag } from 'cbor-x';
import type { Expectation } from '../checks/check.ts';
import type { Profile } from '../profiles/profile.ts';
import { fullMatch } from '../protocol/full-match.ts';
import type { WireFormat } from '../protocol/wire.ts';

export interface ReadCase {
  readonly name: string;
  readonly body: Record<string, unknown>;
  readonly expectation: Expectation;
}

/**
 * A request Timestamp as AWS's clients send it: epoch seconds in JSON 1.1 (AWS-M Timestamp, "1459799926.480");
 * in CBOR 1.1 tag 1 holding integer epoch milliseconds (the AWS SDK for Java's SdkCborGenerator:
 * `writeTag(1); writeNumber(date.getTime())`; issue #12).
 */
export function timestampOnWire(wire: WireFormat, ms: number): unknown {
  return wire === 'json' ? ms / 1000 : new Tag(BigInt(ms), 1);
}

export interface IteratorFacts {
  readonly wire: WireFormat;
  readonly stream: string;
  /** A stream name of this run that does not exist. */
  readonly missingStream: string;
  /** The stream's shard ids, as ListShards reports them. */
  readonly shardIds: readonly string[];
  /** A shard with records, one of its sequence numbers and an instant at which one arrived (epoch ms). */
  readonly shard: string;
  readonly sequenceNumber: string;
  readonly arrivedAt: number;
  /** A sequence number of another shard of the stream, when the suite has one. */
  readonly otherShardSequenceNumber?: string;
}

const accepted: Expectation = { kind: 'accepted' };

/** Texts that are no sequence number under some profile: empty, letters, a leading zero, 130 digits (AWS-M: at most 129). */
const SEQUENCE_NUMBER_CANDIDATES = ['', 'abc', '01', '1'.repeat(130)];

/** The cases of GetShardIterator: each type with its arguments, and each documented way to get it wrong. */
export function getShardIteratorCases(profile: Profile, f: IteratorFacts): ReadCase[] {
  const e = profile.errors;
  const rejected = (kind: { type: string; status: number }, reason: string): Expectation => ({
    kind: 'rejected',
    status: kind.status,
    type: kind.type,
    reason,
  });
  const on = (extra: Record<string, unknown>): Record<string, unknown> => ({
    StreamName: f.stream,
    ShardId: f.shard,
    ...extra,
  });
  const at = { StartingSequenceNumber: f.sequenceNumber };
  const cases: ReadCase[] = [
    { name: 'TRIM_HORIZON', body: on({ ShardIteratorType: 'TRIM_HORIZON' }), expectation: accepted },
    { name: 'LATEST', body: on({ ShardIteratorType: 'LATEST' }), expectation: accepted },
    {
      name: 'AT_SEQUENCE_NUMBER',
      body: on({ ShardIteratorType: 'AT_SEQUENCE_NUMBER', ...at }),
      expectation: accepted,
    },
    {
      name: 'AFTER_SEQUENCE_NUMBER',
      body: on({ ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', ...at }),
      expectation: accepted,
    },
    {
      name: 'AT_TIMESTAMP',
      body: on({ ShardIteratorType: 'AT_TIMESTAMP', Timestamp: timestampOnWire(f.wire, f.arrivedAt) }),
      expectation: accepted,
    },
    {
      name: 'a shard the stream does not have',
      body: {
        ...on({ ShardIteratorType: 'TRIM_HORIZON' }),
        ShardId: shardIdOf(profile, f.shardIds.length + 7),
      },
      expectation: rejected(e.resourceNotFound, 'a shard the stream does not have'),
    },
    {
      name: 'a stream that does not exist',
      body: { ...on({ ShardIteratorType: 'TRIM_HORIZON' }), StreamName: f.missingStream },
      expectation: rejected(e.resourceNotFound, 'a stream that does not exist'),
    },
    ...(['AT_SEQUENCE_NUMBER', 'AFTER_SEQUENCE_NUMBER'] as const).map((type) => ({
      name: `${type} without StartingSequenceNumber`,
      body: on({ ShardIteratorType: type }),
      expectation: rejected(e.invalidArgument, `${type} without StartingSequenceNumber`),
    })),
    ...(['TRIM_HORIZON', 'LATEST'] as const).map((type) => ({
      name: `${type} with a StartingSequenceNumber`,
      body: on({ ShardIteratorType: type, ...at }),
      expectation: rejected(e.invalidArgument, `${type} with a StartingSequenceNumber`),
    })),
    {
      name: 'AT_TIMESTAMP without Timestamp',
      body: on({ ShardIteratorType: 'AT_TIMESTAMP' }),
      expectation: rejected(e.invalidArgument, 'AT_TIMESTAMP without Timestamp'),
    },
    {
      name: 'a ShardIteratorType outside the enum',
      body: on({ ShardIteratorType: 'AT_SEQUENCE' }),
      expectation: rejected(profile.validation.error, 'a ShardIteratorType outside the enum'),
    },
  ];
  if (profile.getShardIterator.sequenceNumbersNameShard && f.otherShardSequenceNumber !== undefined)
    cases.push({
      name: 'a sequence number of another shard',
      body: on({
        ShardIteratorType: 'AT_SEQUENCE_NUMBER',
        StartingSequenceNumber: f.otherShardSequenceNumber,
      }),
      expectation: rejected(e.invalidArgument, 'a sequence number of another shard'),
    });
  const syntax = fullMatch(profile.getShardIterator.sequenceNumberPattern);
  for (const seq of SEQUENCE_NUMBER_CANDIDATES.filter((s) => !syntax.test(s))) {
    const what = `StartingSequenceNumber ${JSON.stringify(seq.length > 12 ? `${seq.slice(0, 8)}... (${seq.length} digits)` : seq)}`;
    cases.push({
      name: what,
      body: on({ ShardIteratorType: 'AT_SEQUENCE_NUMBER', StartingSequenceNumber: seq }),
      expectation: rejected(profile.validation.error, `${what}, not a sequence number`),
    });
  }
  const index = shardIndexOf(f.shard);
  if (index !== undefined) {
    for (const short of [`${profile.shardIdFormat.prefix}${index}`, String(index)]) {
      const name = `ShardId ${JSON.stringify(short)} for ${f.shard}`;
      cases.push({
        name,
        body: { ...on({ ShardIteratorType: 'TRIM_HORIZON' }), ShardId: short },
        expectation:
          profile.getShardIterator.shortShardIds === 'accepted'
            ? accepted
            : rejected(e.resourceNotFound, `${name}: only the exact id names a shard`),
      });
    }
  }
  return cases;
}

/**
 * Instants to start at: 1 ms before the first arrival (older than every record), each distinct arrival
 * (a record at exactly that time) and 1 ms after each but the last (between two records), at most a few.
 * None lies after the last arrival, which the target might still see as the future.
 */
export function timestampsAround(arrivals: readonly number[]): number[] {
  const distinct = [...new Set(arrivals)].sort((x, y) => x - y);
  if (distinct.length === 0) return [];
  const picks = [
    ...new Set([distinct[0]!, distinct[Math.floor(distinct.length / 2)]!, distinct[distinct.length - 1]!]),
  ];
  const out = [distinct[0]! - 1, ...picks];
  for (const ms of picks) if (ms < distinct[distinct.length - 1]!) out.push(ms + 1);
  return [...new Set(out)].sort((x, y) => x - y);
}

export interface RecordsFacts {
  /** An iterator of the suite's stream that is valid now. */
  readonly iterator: string;
  /** An iterator taken from a stream that has since been deleted. */
  readonly deletedStreamIterator?: string;
}

/** Texts that are no iterator of any stream: valid base64 of nothing, and plain words. */
const GARBAGE_ITERATORS = ['AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', 'kcs-not-a-shard-iterator'];

/** AWS-M ShardIterator: 1 to 512 characters. */
const ITERATOR_MAX_LENGTH = 512;

/** The cases of GetRecords that are refused: Limit beyond its range, iterators that are none or are gone. */
export function getRecordsRejectedCases(profile: Profile, f: RecordsFacts): ReadCase[] {
  const e = profile.errors;
  const g = profile.getRecords;
  const rejected = (kind: { type: string; status: number }, reason: string): Expectation => ({
    kind: 'rejected',
    status: kind.status,
    type: kind.type,
    reason,
  });
  const cases: ReadCase[] = [
    {
      name: `Limit ${g.maxLimit + 1}`,
      body: { ShardIterator: f.iterator, Limit: g.maxLimit + 1 },
      expectation: rejected(g.limitError, `Limit ${g.maxLimit + 1}, above the maximum ${g.maxLimit}`),
    },
    ...GARBAGE_ITERATORS.map((it) => ({
      name: `ShardIterator ${JSON.stringify(it)}`,
      body: { ShardIterator: it },
      expectation: rejected(e.invalidArgument, `ShardIterator ${JSON.stringify(it)}, not an iterator`),
    })),
    {
      name: `a ShardIterator of ${ITERATOR_MAX_LENGTH + 1} characters`,
      body: { ShardIterator: 'A'.repeat(ITERATOR_MAX_LENGTH + 1) },
      expectation: rejected(
        profile.validation.error,
        `a ShardIterator of ${ITERATOR_MAX_LENGTH + 1} characters (at most ${ITERATOR_MAX_LENGTH})`,
      ),
    },
  ];
  if (g.zeroLimit === 'rejected')
    cases.push({
      name: 'Limit 0',
      body: { ShardIterator: f.iterator, Limit: 0 },
      expectation: rejected(g.limitError, 'Limit 0, below the minimum 1'),
    });
  if (f.deletedStreamIterator !== undefined)
    cases.push({
      name: 'an iterator of a deleted stream',
      body: { ShardIterator: f.deletedStreamIterator },
      expectation: rejected(e.resourceNotFound, 'an iterator of a stream that has been deleted'),
    });
  return cases;
}

/**
 * The Limits around the records available (n - 1, n, n + 1) and the ends of the range (1, the maximum and
 * one below it; 0 where the profile reads it as the default). The refused ones are getRecordsRejectedCases'.
 */
export function limitsAround(profile: Profile, available: number): number[] {
  const g = profile.getRecords;
  const limits = [1, available - 1, available, available + 1, g.maxLimit - 1, g.maxLimit];
  if (g.zeroLimit === 'default') limits.push(0);
  return [
    ...new Set(limits.filter((l) => (l >= 1 && l <= g.maxLimit) || (l === 0 && g.zeroLimit === 'default'))),
  ];
}

/** The shard index a ShardId ends with. */
export function shardIndexOf(shardId: string): number | undefined {
  const m = /(\d+)$/.exec(shardId);
  return m ? Number(m[1]) : undefined;
}

/** The id of shard `index` in the profile's format. */
function shardIdOf(profile: Profile, index: number): string {
  const { prefix, digits } = profile.shardIdFormat;
  return `${prefix}${String(index).padStart(digits, '0')}`;
}
