import { describe, expect, test } from 'vitest';
import { responseSchema } from '../../src/checks/response-schema.ts';
import { aws, context, correctResult, exchange, putRecordsRequest, yds } from './fixtures.ts';

const records = [{ PartitionKey: 'a' }, { PartitionKey: 'b' }];
const request = putRecordsRequest(records);
const ok = (profile = yds): Record<string, unknown> =>
  correctResult(profile, records, () => 'shardId-000000000000');
const judge = (body: unknown, status = 200, profile = yds) =>
  responseSchema.judge(context(profile, exchange(request, status, body)));

describe('put-records.response-schema', () => {
  test('passes a correct result and a correct error body', () => {
    expect(judge(ok())).toBeUndefined();
    expect(judge(ok(aws), 200, aws)).toBeUndefined();
    expect(judge({ __type: 'ValidationException', message: 'x' }, 400)).toBeUndefined();
    expect(judge({ __type: 'SerializationException', Message: 'x' }, 400)).toBeUndefined();
  });

  test('fails a result without FailedRecordCount', () => {
    const { FailedRecordCount: _, ...body } = ok();
    expect(judge(body)?.received).toMatch(/FailedRecordCount/);
  });

  test('fails a negative or fractional FailedRecordCount', () => {
    expect(judge({ ...ok(), FailedRecordCount: -1 })).toBeDefined();
    expect(judge({ ...ok(), FailedRecordCount: 0.5 })).toBeDefined();
  });

  test('fails a SequenceNumber that is not a decimal string', () => {
    const body = ok();
    const entries = body['Records'] as Record<string, unknown>[];
    expect(
      judge({ ...body, Records: [{ ...entries[0], SequenceNumber: '0123' }, entries[1]] })?.received,
    ).toMatch(/SequenceNumber/);
    expect(judge({ ...body, Records: [{ ...entries[0], SequenceNumber: 5 }, entries[1]] })).toBeDefined();
  });

  test('fails explicit nulls in an entry (AWS omits absent members)', () => {
    const body = ok();
    const entries = body['Records'] as Record<string, unknown>[];
    expect(judge({ ...body, Records: [{ ...entries[0], ErrorCode: null }, entries[1]] })?.received).toMatch(
      /ErrorCode/,
    );
  });

  test('EncryptionType per profile: required NONE for yds, optional for aws', () => {
    const { EncryptionType: _, ...bare } = ok();
    expect(judge(bare)?.received).toMatch(/EncryptionType/);
    expect(judge({ ...ok(), EncryptionType: 'KMS' })).toBeDefined();
    expect(judge(bare, 200, aws)).toBeUndefined();
    expect(judge({ ...bare, EncryptionType: 'KMS' }, 200, aws)).toBeUndefined();
    expect(judge({ ...bare, EncryptionType: 'ENCRYPTION_UNDEFINED' }, 200, aws)).toBeDefined();
  });

  test('fails an error body without __type, an empty error body, and an undecodable body', () => {
    expect(judge({ message: 'bad' }, 400)?.received).toMatch(/__type/);
    expect(judge(undefined, 500)?.received).toMatch(/empty body/);
    const broken = { ...exchange(request, 200, undefined), decodeError: 'invalid JSON: Unexpected token' };
    expect(responseSchema.judge(context(yds, broken))?.received).toMatch(/undecodable/);
  });

  test('records who it is: id, severity, a source', () => {
    const f = judge({ message: 'bad' }, 400)!;
    expect(f).toMatchObject({ checkId: 'put-records.response-schema', severity: 'must' });
    expect(responseSchema.source).toMatch(/seed/);
  });
});
