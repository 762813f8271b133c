/** Lifecycle exchanges built by hand: looks at a stream's status, writes and their answers. */
import type { Exchange } from '../../src/client/exchange.ts';
import type { OperationName } from '../../src/protocol/operations.ts';
import { exchange } from './fixtures.ts';

export const STREAM = 'kcs-t-life';
export const ARN = `arn:aws:kinesis:us-east-1:123456789012:stream/${STREAM}`;

export function call(operation: OperationName, body: unknown, status: number, answer: unknown): Exchange {
  return exchange({ operation, wire: 'json', body }, status, answer);
}

/** DescribeStreamSummary answered with this status (ARN as given). */
export function look(status: string, arn: string | null = ARN, name = STREAM): Exchange {
  return call('DescribeStreamSummary', { StreamName: name }, 200, {
    StreamDescriptionSummary: { StreamName: name, StreamStatus: status, ...(arn ? { StreamARN: arn } : {}) },
  });
}

export function notFound(
  operation: OperationName,
  message = `Stream ${STREAM} under account 123456789012 not found.`,
): Exchange {
  return call(operation, { StreamName: STREAM }, 400, { __type: 'ResourceNotFoundException', message });
}

export function written(operation: 'PutRecord' | 'PutRecords'): Exchange {
  const entry = { ShardId: 'shardId-000000000000', SequenceNumber: '1' };
  return call(
    operation,
    { StreamName: STREAM },
    200,
    operation === 'PutRecord' ? entry : { FailedRecordCount: 0, Records: [entry] },
  );
}

export const CREATED = call('CreateStream', { StreamName: STREAM, ShardCount: 1 }, 200, undefined);
