import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { CaseEnv } from '../../src/generators/cases.ts';
import {
  invalidPutRecordArb,
  putRecordCases,
  putRecordDataSizeCases,
  sequenceNumberForOrderingCases,
} from '../../src/generators/put-record-cases.ts';
import { putRecordRequest, writeRunArb } from '../../src/generators/put-record.ts';
import { PROFILES } from '../../src/profiles/index.ts';
import { fullMatch } from '../../src/protocol/full-match.ts';
import { decodeCbor, encodeCbor } from '../../src/protocol/wire.ts';

const env: CaseEnv = { stream: 'kcs-t-s', missingStream: 'kcs-t-missing', wire: 'json' };
type Body = {
  StreamName?: unknown;
  PartitionKey?: unknown;
  Data?: string;
  ExplicitHashKey?: string;
  SequenceNumberForOrdering?: string;
};
const bodyOf = (c: { request(env: CaseEnv): { body: unknown } }) => c.request(env).body as Body;

describe('putRecordRequest', () => {
  test('one record as the body; SequenceNumberForOrdering only when given; Data per wire', () => {
    const json = putRecordRequest(
      's',
      { partitionKey: 'k', dataBytes: 3, explicitHashKey: '7' },
      'json',
      '42',
    );
    expect(json).toMatchObject({
      operation: 'PutRecord',
      body: { StreamName: 's', PartitionKey: 'k', ExplicitHashKey: '7', SequenceNumberForOrdering: '42' },
    });
    expect(Buffer.from((json.body as Body).Data!, 'base64')).toHaveLength(3);
    const cbor = putRecordRequest('s', { partitionKey: 'k', dataBytes: 2 }, 'cbor');
    const decoded = decodeCbor(encodeCbor(cbor.body)) as Record<string, unknown>;
    expect(decoded['Data']).toBeInstanceOf(Uint8Array);
    expect(decoded).not.toHaveProperty('SequenceNumberForOrdering');
  });
});

describe.each(Object.values(PROFILES))('PutRecord cases for $name', (profile) => {
  const l = profile.putRecords;

  test('every case is a PutRecord; the largest records come last, at both ends of the hash range', () => {
    const cases = putRecordCases(profile, 'json');
    expect(cases.every((c) => c.request(env).operation === 'PutRecord')).toBe(true);
    const sizes = putRecordDataSizeCases(profile).map((c) => ({
      bytes: Buffer.from(bodyOf(c).Data!, 'base64').length,
      key: bodyOf(c).ExplicitHashKey,
      kind: c.expectation.kind,
    }));
    expect(sizes).toEqual([
      { bytes: 0, key: '0', kind: 'accepted' },
      { bytes: l.maxDataBytes - 1, key: String(l.maxHashKey), kind: 'accepted' },
      { bytes: l.maxDataBytes, key: '0', kind: 'accepted' },
      { bytes: l.maxDataBytes + 1, key: String(l.maxHashKey), kind: 'rejected' },
    ]);
    expect(cases.slice(-4).map((c) => c.name)).toEqual(putRecordDataSizeCases(profile).map((c) => c.name));
  });

  test("PutRecords' record limits carry over: key lengths, hash keys and stream names", () => {
    const names = putRecordCases(profile, 'json').map((c) => c.name);
    expect(names.some((n) => n.includes(`PartitionKey of ${l.maxPartitionKeyLength + 1}`))).toBe(true);
    expect(names).toContain(`ExplicitHashKey "${l.maxHashKey + 1n}" (range 0..${l.maxHashKey})`);
    expect(names).toContain(
      `a StreamName of ${profile.streamName.maxLength + 1} characters (maximum ${profile.streamName.maxLength})`,
    );
  });

  test('missing required members and wrong types; base64 text only over JSON', () => {
    const cases = putRecordCases(profile, 'json');
    const noKey = cases.find((c) => c.name === 'no PartitionKey')!;
    expect(bodyOf(noKey)).not.toHaveProperty('PartitionKey');
    expect(noKey.expectation).toMatchObject({ type: profile.validation.error.type });
    expect(cases.find((c) => c.name === 'SequenceNumberForOrdering as a number')!.expectation).toMatchObject({
      type: profile.errors.serialization.type,
    });
    expect(putRecordCases(profile, 'cbor').some((c) => c.name.startsWith('Data "abc"'))).toBe(false);
  });
});

describe('SequenceNumberForOrdering cases', () => {
  const aws = PROFILES.aws;
  const pattern = fullMatch(aws.putRecord.sequenceNumberPattern);

  test('aws: outside the pattern (one digit over its maximum included) is a ValidationException', () => {
    const cases = sequenceNumberForOrderingCases(aws);
    const malformed = cases.filter(
      (c) => c.expectation.kind === 'rejected' && c.expectation.type === 'ValidationException',
    );
    const values = malformed.map((c) => bodyOf(c).SequenceNumberForOrdering!);
    expect(values.every((v) => !pattern.test(v))).toBe(true);
    expect(values.map((v) => v.length)).toContain(aws.putRecord.sequenceNumberMaxDigits + 1);
    // The maximum itself is well-formed: the pattern is what sets n.
    expect(pattern.test(`1${'0'.repeat(aws.putRecord.sequenceNumberMaxDigits - 1)}`)).toBe(true);
  });

  test('aws: well-formed values that are no sequence number are an InvalidArgumentException', () => {
    const wellFormed = sequenceNumberForOrderingCases(aws).filter((c) =>
      pattern.test(bodyOf(c).SequenceNumberForOrdering!),
    );
    expect(wellFormed).toHaveLength(2);
    for (const c of wellFormed)
      expect(c.expectation).toMatchObject({ type: 'InvalidArgumentException', status: 400 });
  });

  test('yds: the member is documented as ignored, so no case is judged', () => {
    expect(sequenceNumberForOrderingCases(PROFILES.yds)).toEqual([]);
  });

  test('random invalid requests: every one refused, SequenceNumberForOrdering ones outside the pattern', () => {
    for (const profile of Object.values(PROFILES)) {
      for (const c of fc.sample(invalidPutRecordArb(profile), { seed: 3, numRuns: 200 })) {
        const body = bodyOf(c);
        expect(c.expectation.kind).toBe('rejected');
        expect(c.request(env).operation).toBe('PutRecord');
        if (body.SequenceNumberForOrdering !== undefined) {
          expect(profile.putRecord.validatesSequenceNumberForOrdering).toBe(true);
          expect(pattern.test(body.SequenceNumberForOrdering)).toBe(false);
        }
      }
    }
  });
});

describe('writeRunArb', () => {
  test('runs mix PutRecord and PutRecords, one partition key, small records', () => {
    for (const run of fc.sample(writeRunArb(PROFILES.aws), { seed: 5, numRuns: 100 })) {
      const ops = new Set(run.steps.map((s) => s.operation));
      expect(ops).toEqual(new Set(['PutRecord', 'PutRecords']));
      expect(run.partitionKey.length).toBeGreaterThan(0);
    }
  });
});
