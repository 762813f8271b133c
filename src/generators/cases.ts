/**
 * The enumerated cases around every limit of a profile: each request at, just inside and just outside a
 * documented limit, with what the profile says must happen (accepted, or rejected with which error). Not
 * left to chance: each runs every time.
 */
import type { ApiRequest } from '../client/exchange.ts';
import { fullMatch } from '../protocol/full-match.ts';
import { blob } from '../client/kinesis-api.ts';
import type { Expectation } from '../checks/check.ts';
import type { ErrorKind, Profile } from '../profiles/profile.ts';
import { lengthIn } from '../protocol/key-length.ts';
import type { WireFormat } from '../protocol/wire.ts';
import { putRecordsRequest, requestBytes, type RecordSpec } from './batch.ts';
import { bytesOf } from './bytes.ts';
import { KEY_CHARS, keyOfLength } from './keys.ts';

export interface CaseEnv {
  /** An ACTIVE stream of the run. */
  readonly stream: string;
  /** A name with the run's prefix that no stream has. */
  readonly missingStream: string;
  readonly wire: WireFormat;
}

export interface RequestCase {
  /** What the case is, in words: "Records of 501 entries (maxRecords + 1)". */
  readonly name: string;
  readonly expectation: Expectation;
  /** Whether the case exists for this wire (base64 and malformed JSON are JSON-only). */
  readonly wires?: readonly WireFormat[];
  request(env: CaseEnv): ApiRequest;
}

const ONE: RecordSpec = { partitionKey: 'k', dataBytes: 1 };

/**
 * How a single-record case is sent: as a one-record PutRecords (the default), or as PutRecord, whose record
 * has the same documented limits (AWS-M PutRecordInput and PutRecordsRequestEntry share their shapes).
 */
export type OneRecord = (stream: string, record: RecordSpec, wire: WireFormat) => ApiRequest;

export const asPutRecords: OneRecord = (stream, record, wire) => putRecordsRequest(stream, [record], wire);

const accepted: Expectation = { kind: 'accepted' };
/** The expectation of a request the profile says is refused with `kind`. */
export const rejected = (kind: ErrorKind, reason: string): Expectation => ({
  kind: 'rejected',
  status: kind.status,
  type: kind.type,
  reason,
});

function records(name: string, expectation: Expectation, specs: readonly RecordSpec[]): RequestCase {
  return { name, expectation, request: (env) => putRecordsRequest(env.stream, specs, env.wire) };
}

function one(name: string, expectation: Expectation, record: RecordSpec, send: OneRecord): RequestCase {
  return { name, expectation, request: (env) => send(env.stream, record, env.wire) };
}

function body(
  name: string,
  expectation: Expectation,
  make: (env: CaseEnv) => unknown,
  wires?: readonly WireFormat[],
): RequestCase {
  return {
    name,
    expectation,
    ...(wires ? { wires } : {}),
    request: (env) => ({ operation: 'PutRecords', wire: env.wire, body: make(env) }),
  };
}

/** Record count: min-1, min, min+1, max-1, max, max+1. */
export function recordCountCases(profile: Profile): RequestCase[] {
  const l = profile.putRecords;
  const counts = [
    ...new Set([
      l.minRecords - 1,
      l.minRecords,
      l.minRecords + 1,
      l.maxRecords - 1,
      l.maxRecords,
      l.maxRecords + 1,
    ]),
  ];
  return counts
    .filter((n) => n >= 0)
    .map((n) => {
      const ok = n >= l.minRecords && n <= l.maxRecords;
      const name = `Records of ${n} entries (limits ${l.minRecords}..${l.maxRecords})`;
      // Distinct keys spread a batch over every shard of the stream.
      const specs = Array.from({ length: n }, (_, i) => ({ partitionKey: `k${i}`, dataBytes: 1 }));
      return records(name, ok ? accepted : rejected(profile.validation.error, name), specs);
    });
}

/** The Data sizes around the record limit: 0, max-1, max, max+1 bytes. */
export function dataSizes(profile: Profile): number[] {
  const max = profile.putRecords.maxDataBytes;
  return [0, max - 1, max, max + 1];
}

/** A record of `bytes` of Data: within the limit it is accepted, over it refused with the validation error. */
export function dataSizeExpectation(
  profile: Profile,
  bytes: number,
): { name: string; expectation: Expectation } {
  const max = profile.putRecords.maxDataBytes;
  const name = `a record with ${bytes} bytes of Data (maximum ${max})`;
  return { name, expectation: bytes <= max ? accepted : rejected(profile.validation.error, name) };
}

/** Data of 0, max-1, max, max+1 bytes. */
export function dataSizeCases(profile: Profile): RequestCase[] {
  return dataSizes(profile).map((n) => {
    const { name, expectation } = dataSizeExpectation(profile, n);
    return records(name, expectation, [{ partitionKey: 'k', dataBytes: n }]);
  });
}

/**
 * Whole request at max-1, max, max+1 bytes counting Data and keys. The keys are as long as allowed, so at
 * max+1 the Data alone is well under the limit: a target that forgets the keys accepts it and is caught.
 */
export function requestSizeCases(profile: Profile): RequestCase[] {
  const l = profile.putRecords;
  const count = Math.min(l.maxRecords, Math.ceil(l.maxRequestBytes / l.maxDataBytes) + 1);
  return [l.maxRequestBytes - 1, l.maxRequestBytes, l.maxRequestBytes + 1].map((total) => {
    // ASCII keys of the maximum length, distinct so that the records spread over the shards.
    const keys = Array.from({ length: count }, (_, i) => {
      const tag = String(i);
      return tag + keyOfLength('bytes', l.maxPartitionKeyLength - tag.length, 'a');
    });
    const keyBytes = keys.reduce((n, k) => n + Buffer.byteLength(k, 'utf8'), 0);
    const data = total - keyBytes;
    const each = Math.floor(data / count);
    const specs = keys.map((partitionKey, i) => ({
      partitionKey,
      dataBytes: i === 0 ? data - each * (count - 1) : each,
    }));
    const name = `a request of ${requestBytes(specs)} bytes of Data and keys, ${keyBytes} of them keys (maximum ${l.maxRequestBytes})`;
    return records(
      name,
      total <= l.maxRequestBytes ? accepted : rejected(profile.errors.invalidArgument, name),
      specs,
    );
  });
}

/** PartitionKey of min-1, min, max, max+1 units, in ASCII, é and 😀. */
export function partitionKeyCases(profile: Profile, send: OneRecord = asPutRecords): RequestCase[] {
  const l = profile.putRecords;
  const unit = l.partitionKeyLengthUnit;
  const out: RequestCase[] = [];
  const lengths = [
    ...new Set([
      l.minPartitionKeyLength - 1,
      l.minPartitionKeyLength,
      l.maxPartitionKeyLength,
      l.maxPartitionKeyLength + 1,
    ]),
  ];
  for (const n of lengths.filter((x) => x >= 0)) {
    for (const char of n === 0 ? ['a'] : KEY_CHARS) {
      const key = keyOfLength(unit, n, char);
      const ok = n >= l.minPartitionKeyLength && n <= l.maxPartitionKeyLength;
      const name = `a PartitionKey of ${lengthIn(unit, key)} ${unit} units made of '${char}' (${Buffer.byteLength(key)} UTF-8 bytes; limits ${l.minPartitionKeyLength}..${l.maxPartitionKeyLength})`;
      out.push(
        one(
          name,
          ok ? accepted : rejected(profile.validation.error, name),
          { partitionKey: key, dataBytes: 1 },
          send,
        ),
      );
    }
  }
  return out;
}

/** ExplicitHashKey: 0, 2^128-1, 2^128, a leading zero, a sign, non-digits, empty, too many digits. */
export function explicitHashKeyCases(profile: Profile, send: OneRecord = asPutRecords): RequestCase[] {
  const l = profile.putRecords;
  const pattern = fullMatch(l.explicitHashKeyPattern);
  const max = l.maxHashKey;
  const values = [
    '0',
    String(max),
    String(max + 1n),
    '01',
    `0${max}`,
    '-1',
    '+1',
    '1e3',
    '12a',
    '',
    ' 1',
    '9'.repeat(String(max).length + 1),
  ];
  return values.map((value) => {
    const name = `ExplicitHashKey ${JSON.stringify(value)} (range 0..${max})`;
    const expectation = !pattern.test(value)
      ? rejected(profile.validation.error, name)
      : BigInt(value) > max
        ? rejected(profile.errors.invalidArgument, name)
        : accepted;
    return one(name, expectation, { ...ONE, explicitHashKey: value }, send);
  });
}

/** Names that break the profile's StreamName pattern, from a pool filtered by the pattern itself. */
const NAME_CANDIDATES = [
  'bad name',
  'bad!name',
  'bad/name',
  'naïve',
  '-lead',
  'trail-',
  '9start',
  '_under',
  'a.b',
];

/** StreamName of 0, max, max+1 characters and outside the pattern; a stream that does not exist. */
export function streamNameCases(profile: Profile, send: OneRecord = asPutRecords): RequestCase[] {
  const r = profile.streamName;
  const pattern = fullMatch(r.pattern);
  const out: RequestCase[] = [];
  const withName = (name: string, expectation: Expectation, make: (env: CaseEnv) => string): RequestCase => ({
    name,
    expectation,
    request: (env) => send(make(env), ONE, env.wire),
  });
  if (r.minLength > 0) {
    const name = `a StreamName of 0 characters (limits ${r.minLength}..${r.maxLength})`;
    out.push(withName(name, rejected(profile.validation.error, name), () => ''));
  }
  // A 1-character name is not sent: it may be someone else's stream. The prefix keeps every name ours.
  const atMax = `a StreamName of ${r.maxLength} characters that no stream has`;
  out.push(
    withName(atMax, rejected(profile.errors.resourceNotFound, atMax), (env) =>
      padName(env.missingStream, r.maxLength),
    ),
  );
  const over = `a StreamName of ${r.maxLength + 1} characters (maximum ${r.maxLength})`;
  out.push(
    withName(over, rejected(profile.validation.error, over), (env) =>
      padName(env.missingStream, r.maxLength + 1),
    ),
  );
  for (const candidate of NAME_CANDIDATES.filter((c) => !pattern.test(c))) {
    const name = `StreamName ${JSON.stringify(candidate)}, outside the pattern ${r.patternAsDocumented}`;
    out.push(withName(name, rejected(profile.validation.error, name), () => candidate));
  }
  const missing = 'a stream that does not exist';
  out.push(withName(missing, rejected(profile.errors.resourceNotFound, missing), (env) => env.missingStream));
  return out;
}

function padName(base: string, length: number): string {
  return (base + 'x'.repeat(Math.max(0, length - base.length))).slice(0, length);
}

/** Missing or null members, members of the wrong type, and bodies that do not parse. */
export function shapeCases(profile: Profile): RequestCase[] {
  const v = profile.validation.error;
  const s = profile.errors.serialization;
  const record = (env: CaseEnv): Record<string, unknown> => ({
    PartitionKey: 'k',
    Data: blob(env.wire, bytesOf(1)),
  });
  const cases: [string, ErrorKind, (env: CaseEnv) => unknown, (readonly WireFormat[])?][] = [
    ['no Records member', v, (env) => ({ StreamName: env.stream })],
    ['Records null', v, (env) => ({ StreamName: env.stream, Records: null })],
    [
      'a record without PartitionKey',
      v,
      (env) => ({ StreamName: env.stream, Records: [{ Data: blob(env.wire, bytesOf(1)) }] }),
    ],
    [
      'a record with PartitionKey null',
      v,
      (env) => ({ StreamName: env.stream, Records: [{ ...record(env), PartitionKey: null }] }),
    ],
    ['a record without Data', v, (env) => ({ StreamName: env.stream, Records: [{ PartitionKey: 'k' }] })],
    ['StreamName as a number', s, (env) => ({ StreamName: 42, Records: [record(env)] })],
    ['Records as a string', s, (env) => ({ StreamName: env.stream, Records: 'records' })],
    ['Records as an object', s, (env) => ({ StreamName: env.stream, Records: { 0: record(env) } })],
    ['a record that is a number', s, (env) => ({ StreamName: env.stream, Records: [42] })],
    [
      'PartitionKey as a number',
      s,
      (env) => ({ StreamName: env.stream, Records: [{ ...record(env), PartitionKey: 42 }] }),
    ],
    [
      'PartitionKey as a list',
      s,
      (env) => ({ StreamName: env.stream, Records: [{ ...record(env), PartitionKey: ['k'] }] }),
    ],
    ['Data as a number', s, (env) => ({ StreamName: env.stream, Records: [{ ...record(env), Data: 42 }] })],
    [
      'ExplicitHashKey as a number',
      s,
      (env) => ({ StreamName: env.stream, Records: [{ ...record(env), ExplicitHashKey: 1 }] }),
    ],
    // behaviour.md 2.1 "Data encoding (JSON)": AWS decodes base64 strictly (KL-T, V-AWS).
    [
      'Data "abc" (base64 of a length not a multiple of 4)',
      s,
      (env) => ({ StreamName: env.stream, Records: [{ PartitionKey: 'k', Data: 'abc' }] }),
      ['json'],
    ],
    [
      'Data "ab$=" (not base64)',
      s,
      (env) => ({ StreamName: env.stream, Records: [{ PartitionKey: 'k', Data: 'ab$=' }] }),
      ['json'],
    ],
  ];
  const out = cases.map(([name, kind, make, wires]) => body(name, rejected(kind, name), make, wires));
  // A body that does not parse is answered before any operation (behaviour.md 1.2, "Malformed JSON").
  const unparsed = profile.protocol.malformedBody;
  if (unparsed?.kind !== 'error') return out;
  const malformed = 'a body that is not valid JSON';
  out.push({
    name: malformed,
    expectation: rejected(unparsed, malformed),
    wires: ['json'],
    request: (env) => ({
      operation: 'PutRecords',
      wire: env.wire,
      body: { StreamName: env.stream, Records: '(truncated JSON)' },
      rawBody: Buffer.from(`{"StreamName":"${env.stream}","Records":[`),
    }),
  });
  return out;
}

/** Every enumerated case of the profile for this wire. */
export function boundaryCases(profile: Profile, wire: WireFormat): RequestCase[] {
  return [
    ...recordCountCases(profile),
    ...dataSizeCases(profile),
    ...requestSizeCases(profile),
    ...partitionKeyCases(profile),
    ...explicitHashKeyCases(profile),
    ...streamNameCases(profile),
    ...shapeCases(profile),
  ].filter((c) => !c.wires || c.wires.includes(wire));
}
