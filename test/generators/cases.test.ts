import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { batchArb, requestBytes } from '../../src/generators/batch.ts';
import { burstBatches } from '../../src/generators/burst.ts';
import {
  boundaryCases,
  dataSizeCases,
  explicitHashKeyCases,
  partitionKeyCases,
  recordCountCases,
  requestSizeCases,
  streamNameCases,
  type CaseEnv,
} from '../../src/generators/cases.ts';
import { invalidRequestArb } from '../../src/generators/invalid.ts';
import { keyOfLength } from '../../src/generators/keys.ts';
import { PROFILES } from '../../src/profiles/index.ts';
import { lengthIn } from '../../src/protocol/key-length.ts';

const env: CaseEnv = { stream: 'kcs-t-s', missingStream: 'kcs-t-missing', wire: 'json' };
const records = (body: unknown) => (body as { Records: { PartitionKey: string; Data: string }[] }).Records;

describe.each(Object.values(PROFILES))('generators for $name', (profile) => {
  const l = profile.putRecords;

  test('record counts min-1, min, min+1, max-1, max, max+1, expectations by the profile', () => {
    const cases = recordCountCases(profile);
    const byCount = cases.map((c) => [records(c.request(env).body).length, c.expectation.kind]);
    expect(byCount).toEqual([
      [l.minRecords - 1, 'rejected'],
      [l.minRecords, 'accepted'],
      [l.minRecords + 1, 'accepted'],
      [l.maxRecords - 1, 'accepted'],
      [l.maxRecords, 'accepted'],
      [l.maxRecords + 1, 'rejected'],
    ]);
    expect(cases[0]!.expectation).toMatchObject({ type: profile.validation.error.type });
  });

  test('Data of 0, max-1, max, max+1 bytes', () => {
    const sizes = dataSizeCases(profile).map(
      (c) => Buffer.from(records(c.request(env).body)[0]!.Data, 'base64').length,
    );
    expect(sizes).toEqual([0, l.maxDataBytes - 1, l.maxDataBytes, l.maxDataBytes + 1]);
  });

  test('whole request at max-1, max, max+1 counting keys; over the limit only with the keys counted', () => {
    const cases = requestSizeCases(profile);
    const totals = cases.map((c) => {
      const rs = records(c.request(env).body);
      const data = rs.reduce((n, r) => n + Buffer.from(r.Data, 'base64').length, 0);
      const keys = rs.reduce((n, r) => n + Buffer.byteLength(r.PartitionKey), 0);
      for (const r of rs) expect(Buffer.from(r.Data, 'base64').length).toBeLessThanOrEqual(l.maxDataBytes);
      return { total: data + keys, data, kind: c.expectation.kind };
    });
    expect(totals.map((t) => [t.total, t.kind])).toEqual([
      [l.maxRequestBytes - 1, 'accepted'],
      [l.maxRequestBytes, 'accepted'],
      [l.maxRequestBytes + 1, 'rejected'],
    ]);
    expect(totals[2]!.data).toBeLessThanOrEqual(l.maxRequestBytes);
    expect(cases[2]!.expectation).toMatchObject({ type: profile.errors.invalidArgument.type });
  });

  test('partition keys at min-1, min, max, max+1 units, multi-byte and astral included', () => {
    const cases = partitionKeyCases(profile);
    for (const c of cases) {
      const key = records(c.request(env).body)[0]!.PartitionKey;
      const n = lengthIn(l.partitionKeyLengthUnit, key);
      expect(c.expectation.kind).toBe(
        n >= l.minPartitionKeyLength && n <= l.maxPartitionKeyLength ? 'accepted' : 'rejected',
      );
    }
    const keys = cases.map((c) => records(c.request(env).body)[0]!.PartitionKey);
    expect(
      keys.some((k) => k.includes('😀') && lengthIn(l.partitionKeyLengthUnit, k) === l.maxPartitionKeyLength),
    ).toBe(true);
    expect(
      keys.some(
        (k) => k.includes('é') && lengthIn(l.partitionKeyLengthUnit, k) === l.maxPartitionKeyLength + 1,
      ),
    ).toBe(true);
  });

  test('explicit hash keys: 2^128-1 accepted, 2^128 out of range, bad syntax a validation error', () => {
    const kinds = Object.fromEntries(
      explicitHashKeyCases(profile).map((c) => [
        (records(c.request(env).body)[0] as unknown as { ExplicitHashKey: string }).ExplicitHashKey,
        c.expectation.kind === 'rejected' ? c.expectation.type : 'accepted',
      ]),
    );
    expect(kinds[String(l.maxHashKey)]).toBe('accepted');
    expect(kinds['0']).toBe('accepted');
    expect(kinds[String(l.maxHashKey + 1n)]).toBe(profile.errors.invalidArgument.type);
    for (const bad of ['01', '-1', '', '12a']) expect(kinds[bad]).toBe(profile.validation.error.type);
  });

  test('stream names keep the run prefix except the empty and out-of-pattern ones', () => {
    const names = streamNameCases(profile).map(
      (c) => (c.request(env).body as { StreamName: string }).StreamName,
    );
    expect(names).toContain('');
    expect(
      names.some((n) => n.length === profile.streamName.maxLength && n.startsWith(env.missingStream)),
    ).toBe(true);
    expect(names.some((n) => n.length === profile.streamName.maxLength + 1)).toBe(true);
    const pattern = new RegExp(`^(?:${profile.streamName.pattern})$`);
    for (const n of names.filter((x) => !x.startsWith('kcs-'))) expect(pattern.test(n)).toBe(false);
  });

  test('CBOR cases carry Data as bytes and leave out the JSON-only ones', () => {
    const json = boundaryCases(profile, 'json');
    const cbor = boundaryCases(profile, 'cbor');
    expect(cbor.length).toBeLessThan(json.length);
    const data = records(dataSizeCases(profile)[1]!.request({ ...env, wire: 'cbor' }).body)[0]!
      .Data as unknown;
    expect(data).toBeInstanceOf(Uint8Array);
  });

  test('random batches are valid and small; random invalid cases are outside a limit', () => {
    fc.assert(
      fc.property(batchArb(profile), (batch) => {
        expect(batch.length).toBeGreaterThanOrEqual(l.minRecords);
        expect(batch.length).toBeLessThanOrEqual(l.maxRecords);
        expect(requestBytes(batch)).toBeLessThanOrEqual(l.maxRequestBytes);
        for (const r of batch) {
          const n = lengthIn(l.partitionKeyLengthUnit, r.partitionKey);
          expect(n).toBeGreaterThanOrEqual(l.minPartitionKeyLength);
          expect(n).toBeLessThanOrEqual(l.maxPartitionKeyLength);
          if (r.explicitHashKey !== undefined)
            expect(BigInt(r.explicitHashKey)).toBeLessThanOrEqual(l.maxHashKey);
        }
      }),
      { seed: 42, numRuns: 100 },
    );
    fc.assert(
      fc.property(invalidRequestArb(profile), (c) => {
        expect(c.expectation.kind).toBe('rejected');
        expect(c.request(env).operation).toBe('PutRecords');
      }),
      { seed: 42, numRuns: 100 },
    );
  });

  test('the burst exceeds one shard’s documented records per second, on one hash key', () => {
    const burst = burstBatches(profile);
    expect(burst.reduce((n, b) => n + b.length, 0)).toBeGreaterThan(
      profile.shardWriteLimits.recordsPerSecond,
    );
    expect(new Set(burst.flat().map((r) => r.explicitHashKey))).toEqual(new Set(['0']));
  });
});

describe('keyOfLength', () => {
  test('is exact in every unit', () => {
    for (const unit of ['utf16', 'codepoints', 'bytes'] as const)
      for (const char of ['a', 'é', '😀'])
        for (const n of [0, 1, 2, 3, 255, 256, 257])
          expect(lengthIn(unit, keyOfLength(unit, n, char))).toBe(n);
  });
});
