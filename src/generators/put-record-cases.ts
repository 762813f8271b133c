/**
 * PutRecord's enumerated cases: its record at and around every limit PutRecords' record has (the same
 * vocabulary, from cases.ts), its own SequenceNumberForOrdering, its missing and mistyped members, each with
 * what the profile says must happen.
 */
import fc from 'fast-check';
import { blob } from '../client/kinesis-api.ts';
import type { ErrorKind, Profile } from '../profiles/profile.ts';
import type { WireFormat } from '../protocol/wire.ts';
import { bytesOf } from './bytes.ts';
import {
  dataSizeExpectation,
  dataSizes,
  explicitHashKeyCases,
  partitionKeyCases,
  rejected,
  streamNameCases,
  type CaseEnv,
  type RequestCase,
} from './cases.ts';
import { invalidRecordArb } from './invalid.ts';
import { asPutRecord, putRecordRequest } from './put-record.ts';

/**
 * Data of 0, max-1, max, max+1 bytes. A shard takes about 1 MiB a second (AWS-LIM), and PutRecord answers a
 * throttled write with an error (AWS-M PutRecord): the two largest records go to the first and the last
 * shard (ExplicitHashKey 0 and 2^128-1), and these cases are sent last.
 */
export function putRecordDataSizeCases(profile: Profile): RequestCase[] {
  const ends = ['0', String(profile.putRecords.maxHashKey)];
  return dataSizes(profile).map((n, i) => {
    const { name, expectation } = dataSizeExpectation(profile, n);
    const record = { partitionKey: 'k', dataBytes: n, explicitHashKey: ends[i % 2]! };
    return { name, expectation, request: (env) => putRecordRequest(env.stream, record, env.wire) };
  });
}

/**
 * KL-T putRecord (V-AWS historical): well-formed numbers AWS refuses as "ExclusiveMinimumSequenceNumber <n>
 * used in PutRecord on stream X under account Y is invalid." (sequence numbers of versions 0 and 4).
 */
const NOT_SEQUENCE_NUMBERS = [
  BigInt('0x20000000000000000000000000000000000000000000000'),
  BigInt('0x20000000000000000000000000000000000000000000004'),
].map(String);

/**
 * SequenceNumberForOrdering outside the model's pattern (one digit more than it allows, a leading zero, a
 * sign, non-digits, empty) and well-formed values that are no sequence number. At the pattern's own maximum
 * of digits a value is well-formed, and AWS's answer is recorded only for the two numbers above, so those
 * lengths are not judged. Where the target documents that it ignores the member, no case is judged.
 */
export function sequenceNumberForOrderingCases(profile: Profile): RequestCase[] {
  const r = profile.putRecord;
  if (!r.validatesSequenceNumberForOrdering) return [];
  const malformed = ['', '01', '-1', '+1', ' 1', '1e3', '12a', `1${'0'.repeat(r.sequenceNumberMaxDigits)}`];
  const cases = (values: readonly string[], kind: ErrorKind, why: string): RequestCase[] =>
    values.map((value) => {
      const name = `SequenceNumberForOrdering ${JSON.stringify(value.length > 24 ? `${value.slice(0, 12)}...(${value.length} digits)` : value)} (${why})`;
      return {
        name,
        expectation: rejected(kind, name),
        request: (env) => putRecordRequest(env.stream, { partitionKey: 'k', dataBytes: 1 }, env.wire, value),
      };
    });
  return [
    ...cases(malformed, profile.validation.error, `outside ${r.sequenceNumberPattern}`),
    ...cases(NOT_SEQUENCE_NUMBERS, profile.errors.invalidArgument, 'well-formed, but no sequence number'),
  ];
}

/** Missing or null required members (AWS-M PutRecordInput requires Data and PartitionKey), and wrong types. */
export function putRecordShapeCases(profile: Profile): RequestCase[] {
  const v = profile.validation.error;
  const s = profile.errors.serialization;
  const base = (env: CaseEnv): Record<string, unknown> => ({
    StreamName: env.stream,
    PartitionKey: 'k',
    Data: blob(env.wire, bytesOf(1)),
  });
  const without = (env: CaseEnv, member: string): Record<string, unknown> => {
    const body = base(env);
    delete body[member];
    return body;
  };
  const cases: [string, ErrorKind, (env: CaseEnv) => unknown, (readonly WireFormat[])?][] = [
    ['no PartitionKey', v, (env) => without(env, 'PartitionKey')],
    ['PartitionKey null', v, (env) => ({ ...base(env), PartitionKey: null })],
    ['no Data', v, (env) => without(env, 'Data')],
    ['Data null', v, (env) => ({ ...base(env), Data: null })],
    ['StreamName as a number', s, (env) => ({ ...base(env), StreamName: 42 })],
    ['PartitionKey as a number', s, (env) => ({ ...base(env), PartitionKey: 42 })],
    ['PartitionKey as a list', s, (env) => ({ ...base(env), PartitionKey: ['k'] })],
    ['Data as a number', s, (env) => ({ ...base(env), Data: 42 })],
    ['ExplicitHashKey as a number', s, (env) => ({ ...base(env), ExplicitHashKey: 1 })],
    ['SequenceNumberForOrdering as a number', s, (env) => ({ ...base(env), SequenceNumberForOrdering: 1 })],
    // behaviour.md 2.1 "Data encoding (JSON)": AWS decodes base64 strictly (KL-T, V-AWS).
    [
      'Data "abc" (base64 of a length not a multiple of 4)',
      s,
      (env) => ({ ...base(env), Data: 'abc' }),
      ['json'],
    ],
  ];
  return cases.map(([name, kind, make, wires]) => ({
    name,
    expectation: rejected(kind, name),
    ...(wires ? { wires } : {}),
    request: (env) => ({ operation: 'PutRecord', wire: env.wire, body: make(env) }),
  }));
}

/** Every enumerated PutRecord case of the profile for this wire; the largest records last (see above). */
export function putRecordCases(profile: Profile, wire: WireFormat): RequestCase[] {
  return [
    ...partitionKeyCases(profile, asPutRecord),
    ...explicitHashKeyCases(profile, asPutRecord),
    ...streamNameCases(profile, asPutRecord),
    ...sequenceNumberForOrderingCases(profile),
    ...putRecordShapeCases(profile),
    ...putRecordDataSizeCases(profile),
  ].filter((c) => !c.wires || c.wires.includes(wire));
}

/** How far past the pattern's digits the random SequenceNumberForOrdering values go. */
const SPREAD = 16;

/**
 * Random invalid PutRecord requests: its record just outside a limit (invalid.ts), or, where the target
 * validates it, a SequenceNumberForOrdering with too many digits or a leading zero.
 */
export function invalidPutRecordArb(profile: Profile): fc.Arbitrary<RequestCase> {
  const record = invalidRecordArb(profile, asPutRecord);
  const r = profile.putRecord;
  if (!r.validatesSequenceNumberForOrdering) return record;
  const digits = (min: number, max: number): fc.Arbitrary<string> =>
    fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: min, maxLength: max });
  const ordering = fc
    .oneof(
      fc
        .tuple(
          fc.constantFrom(...'123456789'),
          digits(r.sequenceNumberMaxDigits, r.sequenceNumberMaxDigits + SPREAD),
        )
        .map(([first, rest]) => first + rest),
      digits(1, r.sequenceNumberMaxDigits).map((rest) => `0${rest}`),
    )
    .map((value): RequestCase => {
      const name = `SequenceNumberForOrdering of ${value.length} digits starting ${value.slice(0, 2)} (outside ${r.sequenceNumberPattern})`;
      return {
        name,
        expectation: rejected(profile.validation.error, name),
        request: (env) => putRecordRequest(env.stream, { partitionKey: 'k', dataBytes: 1 }, env.wire, value),
      };
    });
  return fc.oneof(record, ordering);
}
