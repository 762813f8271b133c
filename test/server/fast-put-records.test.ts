/**
 * The PutRecords fast path must agree with the generic engine: whenever it answers, it answers exactly what
 * the generic engine returns, and it never accepts a request the generic engine rejects (it returns
 * undefined, and the generic engine words the error). Random bodies mix valid requests with every kind of
 * departure the limits and types allow, for both profiles and both wire formats.
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { PROFILES } from '../../src/profiles/index.ts';
import { putRecords } from '../../src/server/operations/put-records.ts';
import { fastPutRecordsInput } from '../../src/server/validation/fast-put-records.ts';
import { validateInput } from '../../src/server/validation/validate.ts';

const anyValue = fc.oneof(
  fc.constant(null),
  fc.integer(),
  fc.boolean(),
  fc.string(),
  fc.constant([]),
  fc.constant({}),
);

function bodyArb(wire: 'json' | 'cbor', maxRecords: number) {
  const data =
    wire === 'json'
      ? fc.oneof(
          {
            weight: 6,
            arbitrary: fc.uint8Array({ maxLength: 40 }).map((b) => Buffer.from(b).toString('base64')),
          },
          {
            weight: 1,
            arbitrary: fc.constantFrom('abc', 'ab!=', 'ab-_', 'QQ=A', 'QQ==QUFB', 'QR==', '===='),
          },
          {
            // Near-base64 text: padding anywhere, base64url and foreign characters.
            weight: 2,
            arbitrary: fc
              .array(fc.constantFrom('A', 'Q', 'z', '+', '/', '=', '-', '_', '!', ' '), { maxLength: 12 })
              .map((chars) => chars.join('')),
          },
          { weight: 1, arbitrary: anyValue },
        )
      : fc.oneof(
          { weight: 6, arbitrary: fc.uint8Array({ maxLength: 40 }) },
          { weight: 1, arbitrary: anyValue },
        );
  const key = fc.oneof(
    { weight: 6, arbitrary: fc.string({ minLength: 1, maxLength: 8 }) },
    {
      weight: 1,
      arbitrary: fc.constantFrom('', 'k'.repeat(256), 'k'.repeat(257), '😀'.repeat(128), '😀'.repeat(129)),
    },
    { weight: 1, arbitrary: anyValue },
  );
  const ehk = fc.oneof(
    { weight: 4, arbitrary: fc.constant(undefined) },
    { weight: 2, arbitrary: fc.bigInt({ min: 0n, max: 1n << 129n }).map(String) },
    { weight: 1, arbitrary: fc.constantFrom('', '01', '+1', '-1', 'abc', null) },
  );
  const record = fc.oneof(
    {
      weight: 8,
      arbitrary: fc.record(
        { PartitionKey: key, Data: data, ExplicitHashKey: ehk },
        { requiredKeys: ['PartitionKey', 'Data'] },
      ),
    },
    { weight: 1, arbitrary: anyValue },
  );
  const records = fc.oneof(
    { weight: 8, arbitrary: fc.array(record, { maxLength: 6 }) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(maxRecords, maxRecords + 1).map((n) =>
        Array.from({ length: n }, () => ({
          PartitionKey: 'k',
          Data: wire === 'json' ? '' : new Uint8Array(),
        })),
      ),
    },
    { weight: 1, arbitrary: anyValue },
  );
  const streamName = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom('s', 'stream-1', 'a'.repeat(128)) },
    { weight: 1, arbitrary: fc.constantFrom('', 'a'.repeat(129), '-x', 'x-', 'a_b', 'a.b') },
    { weight: 1, arbitrary: anyValue },
  );
  return fc.record(
    {
      StreamName: streamName,
      Records: records,
      StreamARN: fc.constant('arn:aws:kinesis:us-east-1:000000000000:stream/s'),
    },
    { requiredKeys: [] },
  );
}

for (const profile of Object.values(PROFILES)) {
  const shape = putRecords.shape(profile);
  for (const wire of ['json', 'cbor'] as const) {
    describe(`${profile.name} over ${wire}`, () => {
      test.prop([bodyArb(wire, profile.putRecords.maxRecords)], { numRuns: 400 })(
        'the fast path answers exactly as the generic engine, or leaves the request to it',
        (body) => {
          const fast = fastPutRecordsInput(body, profile, wire);
          let generic: unknown;
          let rejected = false;
          try {
            generic = validateInput(body, shape, profile, wire);
          } catch {
            rejected = true;
          }
          if (rejected) expect(fast).toBeUndefined();
          else if (fast !== undefined) expect(fast).toEqual(generic);
        },
      );
    });
  }
}

describe('the fast path takes the common request', () => {
  test('a valid batch, with and without ExplicitHashKey, is taken and equals the generic result', () => {
    const profile = PROFILES.yds;
    const body = {
      StreamName: 'stream-1',
      Records: [
        { PartitionKey: 'a', Data: 'aGVsbG8=' },
        { PartitionKey: 'é😀', Data: '', ExplicitHashKey: '0' },
      ],
    };
    const fast = fastPutRecordsInput(body, profile, 'json');
    expect(fast).toBeDefined();
    expect(fast).toEqual(validateInput(body, putRecords.shape(profile), profile, 'json'));
  });
});
