import { describe, expect, it } from 'vitest';
import { RECORD_ERRORS } from '../../src/profiles/common.ts';
import { errorTypeOf, HTTP_ERROR_KEYS, judgePutRecords } from '../../src/load/outcome.ts';

const SENT = { records: 3, dataBytes: [10, 20, 30], totalDataBytes: 60 };
const ok = (i: number): Record<string, string> => ({
  SequenceNumber: `${i}`,
  ShardId: 'shardId-000000000000',
});
const THROTTLED = { ErrorCode: RECORD_ERRORS.throughputExceeded, ErrorMessage: 'Rate exceeded for shard' };

describe('judgePutRecords', () => {
  it('acknowledges every record of a clean answer', () => {
    expect(judgePutRecords(200, { FailedRecordCount: 0, Records: [ok(1), ok(2), ok(3)] }, SENT)).toEqual({
      status: 200,
      acknowledged: 3,
      acknowledgedBytes: 60,
    });
  });

  it('counts failed records by ErrorCode and leaves their bytes out', () => {
    const body = {
      FailedRecordCount: 2,
      Records: [THROTTLED, ok(2), { ErrorCode: RECORD_ERRORS.internalFailure, ErrorMessage: 'x' }],
    };
    expect(judgePutRecords(200, body, SENT)).toEqual({
      status: 200,
      acknowledged: 1,
      acknowledgedBytes: 20,
      recordErrors: { [RECORD_ERRORS.throughputExceeded]: 1, [RECORD_ERRORS.internalFailure]: 1 },
      failedIndexes: [0, 2],
    });
  });

  it('takes an ErrorCode without a message, and empty SequenceNumber fields, as YDB may send them', () => {
    const body = {
      FailedRecordCount: 3,
      Records: [0, 1, 2].map(() => ({ ErrorCode: 'ThrottlingException', SequenceNumber: '', ShardId: '' })),
    };
    expect(judgePutRecords(200, body, SENT)).toMatchObject({
      acknowledged: 0,
      recordErrors: { ThrottlingException: 3 },
    });
  });

  it('names a whole-request error by its __type without the namespace, else by its status', () => {
    expect(judgePutRecords(400, { __type: 'com.amazonaws.kinesis#ResourceNotFoundException' }, SENT)).toEqual(
      {
        status: 400,
        httpError: 'ResourceNotFoundException',
        acknowledged: 0,
        acknowledgedBytes: 0,
      },
    );
    expect(judgePutRecords(503, undefined, SENT).httpError).toBe('HTTP 503');
    expect(errorTypeOf({ __type: 'InvalidArgumentException' })).toBe('InvalidArgumentException');
  });

  it.each([
    ['no body', undefined],
    ['a result per record missing', { FailedRecordCount: 0, Records: [ok(1)] }],
    ['a result without a sequence number', { FailedRecordCount: 1, Records: [ok(1), {}, ok(3)] }],
  ])('calls a 200 with %s malformed', (_name, body) => {
    expect(judgePutRecords(200, body, SENT)).toMatchObject({
      httpError: HTTP_ERROR_KEYS.malformed,
      acknowledged: 0,
    });
  });
});
