/**
 * Sends writes and records them as WriteCalls: the records with their bytes, and the exchange, or the reason
 * there is none (a timeout or a broken connection is a record that may have been written, not a crash).
 */
import type { ApiRequest } from '../../src/client/exchange.ts';
import { blob, type KinesisApi } from '../../src/client/kinesis-api.ts';
import type { SentRecord, WriteCall } from '../../src/checks/write-history.ts';
import { TransportError } from '../../src/errors.ts';

export function putRecordsRequest(
  api: KinesisApi,
  stream: string,
  records: readonly SentRecord[],
): ApiRequest {
  return {
    operation: 'PutRecords',
    wire: api.wire,
    body: { StreamName: stream, Records: records.map((r) => entry(api, r)) },
  };
}

export function putRecordRequest(api: KinesisApi, stream: string, record: SentRecord): ApiRequest {
  return { operation: 'PutRecord', wire: api.wire, body: { StreamName: stream, ...entry(api, record) } };
}

function entry(api: KinesisApi, r: SentRecord): Record<string, unknown> {
  return {
    PartitionKey: r.partitionKey,
    Data: blob(api.wire, r.data),
    ...(r.explicitHashKey !== undefined ? { ExplicitHashKey: r.explicitHashKey } : {}),
  };
}

export async function recordWrite(
  api: KinesisApi,
  writer: string,
  request: ApiRequest,
  records: readonly SentRecord[],
): Promise<WriteCall> {
  const operation = request.operation === 'PutRecord' ? 'PutRecord' : 'PutRecords';
  try {
    return { writer, operation, records, exchange: await api.send(request) };
  } catch (err) {
    if (!(err instanceof TransportError)) throw err;
    return { writer, operation, records, transportError: err.message };
  }
}

/** Sends the calls one after another, as one writer. */
export async function writeInOrder(
  api: KinesisApi,
  stream: string,
  writer: string,
  batches: readonly (readonly SentRecord[])[],
  into: WriteCall[] = [],
): Promise<WriteCall[]> {
  for (const records of batches)
    into.push(await recordWrite(api, writer, putRecordsRequest(api, stream, records), records));
  return into;
}
