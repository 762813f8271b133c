/**
 * Random requests just outside a documented limit, each with the error the profile documents for it. The
 * exact boundaries are enumerated in cases.ts; these explore a little further out and shrink to the
 * boundary when a target gets one wrong.
 */
import fc from 'fast-check';
import type { ErrorKind, Profile } from '../profiles/profile.ts';
import { putRecordsRequest, type RecordSpec } from './batch.ts';
import { asPutRecords, rejected, type OneRecord, type RequestCase } from './cases.ts';
import { KEY_CHARS, keyOfLength } from './keys.ts';

/** How far past a limit the random cases go. */
const SPREAD = 16;

function recordsCase(name: string, kind: ErrorKind, specs: readonly RecordSpec[]): RequestCase {
  return {
    name,
    expectation: rejected(kind, name),
    request: (env) => putRecordsRequest(env.stream, specs, env.wire),
  };
}

/** Random invalid PutRecords requests: single records outside a limit, and too many records. */
export function invalidRequestArb(profile: Profile): fc.Arbitrary<RequestCase> {
  const l = profile.putRecords;
  const tooMany = fc.integer({ min: l.maxRecords + 1, max: l.maxRecords + SPREAD }).map((n) =>
    recordsCase(
      `Records of ${n} entries (maximum ${l.maxRecords})`,
      profile.validation.error,
      Array.from({ length: n }, (_, i) => ({ partitionKey: `k${i}`, dataBytes: 0 })),
    ),
  );
  const { longKey, bigHashKey, leadingZero, longName } = outsideRecordLimits(profile, asPutRecords);
  return fc.oneof(longKey, bigHashKey, leadingZero, tooMany, longName);
}

/**
 * Random single records just outside a limit (PartitionKey length, ExplicitHashKey range and syntax,
 * StreamName length), sent as `send` frames one record: a one-record PutRecords, or PutRecord.
 */
export function invalidRecordArb(profile: Profile, send: OneRecord): fc.Arbitrary<RequestCase> {
  const { longKey, bigHashKey, leadingZero, longName } = outsideRecordLimits(profile, send);
  return fc.oneof(longKey, bigHashKey, leadingZero, longName);
}

interface RecordArbs {
  readonly longKey: fc.Arbitrary<RequestCase>;
  readonly bigHashKey: fc.Arbitrary<RequestCase>;
  readonly leadingZero: fc.Arbitrary<RequestCase>;
  readonly longName: fc.Arbitrary<RequestCase>;
}

function outsideRecordLimits(profile: Profile, send: OneRecord): RecordArbs {
  const l = profile.putRecords;
  const recordCase = (name: string, kind: ErrorKind, record: RecordSpec): RequestCase => ({
    name,
    expectation: rejected(kind, name),
    request: (env) => send(env.stream, record, env.wire),
  });
  const unit = l.partitionKeyLengthUnit;
  const v = profile.validation.error;
  const longKey = fc
    .tuple(
      fc.integer({ min: l.maxPartitionKeyLength + 1, max: l.maxPartitionKeyLength + SPREAD }),
      fc.constantFrom(...KEY_CHARS),
    )
    .map(([n, char]) =>
      recordCase(
        `a PartitionKey of ${n} ${unit} units of '${char}' (maximum ${l.maxPartitionKeyLength})`,
        v,
        { partitionKey: keyOfLength(unit, n, char), dataBytes: 1 },
      ),
    );
  const digits = String(l.maxHashKey).length;
  const bigHashKey = fc.bigInt({ min: l.maxHashKey + 1n, max: 10n ** BigInt(digits) - 1n }).map((k) =>
    recordCase(`ExplicitHashKey ${k} (maximum ${l.maxHashKey})`, profile.errors.invalidArgument, {
      partitionKey: 'k',
      dataBytes: 1,
      explicitHashKey: String(k),
    }),
  );
  const leadingZero = fc.bigInt({ min: 0n, max: l.maxHashKey }).map((k) =>
    recordCase(`ExplicitHashKey "0${k}" (a leading zero)`, v, {
      partitionKey: 'k',
      dataBytes: 1,
      explicitHashKey: `0${k}`,
    }),
  );
  const r = profile.streamName;
  const longName = fc.integer({ min: r.maxLength + 1, max: r.maxLength + SPREAD }).map((n): RequestCase => {
    const name = `a StreamName of ${n} characters (maximum ${r.maxLength})`;
    const record = { partitionKey: 'k', dataBytes: 1 };
    return {
      name,
      expectation: rejected(v, name),
      request: (env) => send((env.missingStream + 'x'.repeat(n)).slice(0, n), record, env.wire),
    };
  });
  return { longKey, bigHashKey, leadingZero, longName };
}
