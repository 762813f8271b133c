/**
 * PutRecords renders its JSON by hand on the hot path; it must be exactly what JSON.stringify gives for the
 * same result, whatever the entries (successes, failures with any message, with or without EncryptionType).
 */
import { fc, test } from '@fast-check/vitest';
import { expect } from 'vitest';
import { putRecords } from '../../src/server/operations/put-records.ts';

const success = fc.record({
  SequenceNumber: fc.bigInt({ min: 0n, max: 10n ** 56n }).map(String),
  ShardId: fc.integer({ min: 0, max: 999 }).map((i) => `shardId-${String(i).padStart(12, '0')}`),
});
const failure = fc.record({
  ErrorCode: fc.constantFrom('ProvisionedThroughputExceededException', 'InternalFailure'),
  ErrorMessage: fc.string({ unit: 'binary' }),
});

test.prop([
  fc.array(fc.oneof(success, failure), { maxLength: 40 }),
  fc.option(fc.constant('NONE'), { nil: undefined }),
])('renderJson equals JSON.stringify of the same result', (records, encryptionType) => {
  const failed = records.filter((r) => 'ErrorCode' in r).length;
  const result = {
    FailedRecordCount: failed,
    Records: records,
    ...(encryptionType ? { EncryptionType: encryptionType } : {}),
  };
  expect(putRecords.renderJson).toBeDefined();
  expect(putRecords.renderJson!(result)).toBe(JSON.stringify(result));
});
