/**
 * Random requests just outside a documented limit, each with the error the profile documents for it. The
 * exact boundaries are enumerated in cases.ts; these explore a little further out and shrink to the
 * boundary when a target gets one wrong.
 */
import fc from 'fast-check';
import type { Expectation } from '../checks/check.ts';
import type { ErrorKind, Profile } from '../profiles/profile.ts';
import { putRecordsRequest, type RecordSpec } from './batch.ts';
import type { RequestCase } from './cases.ts';
import { KEY_CHARS, keyOfLength } from './keys.ts';

/** How far past a limit the random cases go. */
const SPREAD = 16;

const rejected = (kind: ErrorKind, reason: string): Expectation => ({
  kind: 'rejected',
  status: kind.status,
  type: kind.type,
  reason,
});

function recordsCase(name: string, kind: ErrorKind, specs: readonly RecordSpec[]): RequestCase {
  return {
    name,
    expectation: rejected(kind, name),
    request: (env) => putRecordsRequest(env.stream, specs, env.wire),
  };
}

export function invalidRequestArb(profile: Profile): fc.Arbitrary<RequestCase> {
  const l = profile.putRecords;
  const unit = l.partitionKeyLengthUnit;
  const v = profile.validation.error;
  const longKey = fc
    .tuple(
      fc.integer({ min: l.maxPartitionKeyLength + 1, max: l.maxPartitionKeyLength + SPREAD }),
      fc.constantFrom(...KEY_CHARS),
    )
    .map(([n, char]) =>
      recordsCase(
        `a PartitionKey of ${n} ${unit} units of '${char}' (maximum ${l.maxPartitionKeyLength})`,
        v,
        [{ partitionKey: keyOfLength(unit, n, char), dataBytes: 1 }],
      ),
    );
  const digits = String(l.maxHashKey).length;
  const bigHashKey = fc
    .bigInt({ min: l.maxHashKey + 1n, max: 10n ** BigInt(digits) - 1n })
    .map((k) =>
      recordsCase(`ExplicitHashKey ${k} (maximum ${l.maxHashKey})`, profile.errors.invalidArgument, [
        { partitionKey: 'k', dataBytes: 1, explicitHashKey: String(k) },
      ]),
    );
  const leadingZero = fc
    .bigInt({ min: 0n, max: l.maxHashKey })
    .map((k) =>
      recordsCase(`ExplicitHashKey "0${k}" (a leading zero)`, v, [
        { partitionKey: 'k', dataBytes: 1, explicitHashKey: `0${k}` },
      ]),
    );
  const tooMany = fc.integer({ min: l.maxRecords + 1, max: l.maxRecords + SPREAD }).map((n) =>
    recordsCase(
      `Records of ${n} entries (maximum ${l.maxRecords})`,
      v,
      Array.from({ length: n }, (_, i) => ({ partitionKey: `k${i}`, dataBytes: 0 })),
    ),
  );
  const r = profile.streamName;
  const longName = fc.integer({ min: r.maxLength + 1, max: r.maxLength + SPREAD }).map((n): RequestCase => {
    const name = `a StreamName of ${n} characters (maximum ${r.maxLength})`;
    return {
      name,
      expectation: rejected(v, name),
      request: (env) =>
        putRecordsRequest(
          (env.missingStream + 'x'.repeat(n)).slice(0, n),
          [{ partitionKey: 'k', dataBytes: 1 }],
          env.wire,
        ),
    };
  });
  return fc.oneof(longKey, bigHashKey, leadingZero, tooMany, longName);
}
