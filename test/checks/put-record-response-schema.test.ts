import { describe, expect, test } from 'vitest';
import { putRecordResponseSchema } from '../../src/checks/put-record-response-schema.ts';
import { aws, context, exchange, yds } from './fixtures.ts';
import { putRecordAnswer, putRecordRequest } from './put-record-fixtures.ts';

const request = putRecordRequest({ PartitionKey: 'a' });
const judge = (body: unknown, status = 200, profile = yds) =>
  putRecordResponseSchema.judge(context(profile, exchange(request, status, body)));
const ok = (profile = yds) => putRecordAnswer('shardId-000000000000', '0', profile);

describe('put-record.response-schema', () => {
  test('passes a correct answer in each profile, and a correct error body', () => {
    expect(judge(ok())).toBeUndefined();
    expect(judge(ok(aws), 200, aws)).toBeUndefined();
    expect(judge({ __type: 'ValidationException', message: 'x' }, 400, aws)).toBeUndefined();
  });

  test('fails an answer without ShardId or without SequenceNumber', () => {
    const { ShardId: _, ...noShard } = ok();
    const { SequenceNumber: __, ...noSequence } = ok();
    expect(judge(noShard)?.received).toMatch(/ShardId/);
    expect(judge(noSequence)?.received).toMatch(/SequenceNumber/);
  });

  test('fails a SequenceNumber outside the model pattern: a leading zero, a number, 130 digits', () => {
    expect(judge({ ...ok(), SequenceNumber: '0123' })?.received).toMatch(/SequenceNumber/);
    expect(judge({ ...ok(), SequenceNumber: 5 })).toBeDefined();
    expect(judge({ ...ok(), SequenceNumber: `1${'0'.repeat(129)}` })).toBeDefined();
    expect(judge({ ...ok(), SequenceNumber: `1${'0'.repeat(128)}` })).toBeUndefined();
  });

  test('EncryptionType per profile: required NONE for yds; absent, NONE or KMS for aws', () => {
    const { EncryptionType: _, ...bare } = ok();
    expect(judge(bare)?.received).toMatch(/EncryptionType/);
    expect(judge({ ...bare, EncryptionType: 'KMS' })).toBeDefined();
    expect(judge(bare, 200, aws)).toBeUndefined();
    expect(judge({ ...bare, EncryptionType: 'NONE' }, 200, aws)).toBeUndefined();
    expect(judge({ ...bare, EncryptionType: 'ENCRYPTION_UNDEFINED' }, 200, aws)).toBeDefined();
  });

  test('fails a PutRecords-shaped answer to PutRecord', () => {
    expect(judge({ FailedRecordCount: 0, Records: [ok()] })).toBeDefined();
  });

  test('fails an error body without __type, an empty one and an undecodable one', () => {
    expect(judge({ message: 'bad' }, 400)?.received).toMatch(/__type/);
    expect(judge(undefined, 500)?.received).toMatch(/empty body/);
    const broken = { ...exchange(request, 200, undefined), decodeError: 'invalid JSON' };
    expect(putRecordResponseSchema.judge(context(yds, broken))?.received).toMatch(/undecodable/);
  });

  test('does not judge another operation', () => {
    const other = exchange({ ...request, operation: 'PutRecords' }, 200, {});
    expect(putRecordResponseSchema.judge(context(yds, other))).toBeUndefined();
  });
});
