/**
 * PutRecord requests and the runs of writes the put-record suite sends: a single record is PutRecords'
 * record (batch.ts) sent on its own, and a run mixes PutRecord and PutRecords calls to one partition key,
 * PutRecord passing the sequence number of the record before it as SequenceNumberForOrdering (AWS-M
 * PutRecordInput: "set the SequenceNumberForOrdering of record n to the sequence number of record n-1").
 */
import fc from 'fast-check';
import type { ApiRequest } from '../client/exchange.ts';
import { blob } from '../client/kinesis-api.ts';
import type { Profile } from '../profiles/profile.ts';
import type { WireFormat } from '../protocol/wire.ts';
import type { RecordSpec } from './batch.ts';
import { bytesOf } from './bytes.ts';
import type { OneRecord } from './cases.ts';
import { partitionKeyArb } from './keys.ts';

/** A PutRecord request for this record, Data as the wire carries it. */
export function putRecordRequest(
  stream: string,
  record: RecordSpec,
  wire: WireFormat,
  sequenceNumberForOrdering?: string,
): ApiRequest {
  return {
    operation: 'PutRecord',
    wire,
    body: {
      StreamName: stream,
      PartitionKey: record.partitionKey,
      Data: blob(wire, bytesOf(record.dataBytes)),
      ...(record.explicitHashKey !== undefined ? { ExplicitHashKey: record.explicitHashKey } : {}),
      ...(sequenceNumberForOrdering !== undefined
        ? { SequenceNumberForOrdering: sequenceNumberForOrdering }
        : {}),
    },
  };
}

/** The single-record cases of cases.ts, sent as PutRecord. */
export const asPutRecord: OneRecord = (stream, record, wire) => putRecordRequest(stream, record, wire);

/** One call of a run: a PutRecord (ordered: with the previous record's sequence number), or a PutRecords. */
export type WriteStep =
  | { readonly operation: 'PutRecord'; readonly dataBytes: number; readonly ordered: boolean }
  | { readonly operation: 'PutRecords'; readonly dataBytes: readonly number[] };

/** Calls to one partition key, so to one shard: the order sequence numbers must keep is the call order. */
export interface WriteRun {
  readonly partitionKey: string;
  readonly steps: readonly WriteStep[];
}

/** Small runs and records: a run stays well within a shard's documented write rate. */
const RUN = { maxSteps: 8, maxBatch: 4, maxDataBytes: 256 } as const;

/** Runs of PutRecord and PutRecords calls, at least one of each. */
export function writeRunArb(profile: Profile): fc.Arbitrary<WriteRun> {
  const bytes = fc.integer({ min: 0, max: Math.min(RUN.maxDataBytes, profile.putRecords.maxDataBytes) });
  const batch = Math.min(RUN.maxBatch, profile.putRecords.maxRecords);
  const step: fc.Arbitrary<WriteStep> = fc.oneof(
    fc.record({ operation: fc.constant('PutRecord' as const), dataBytes: bytes, ordered: fc.boolean() }),
    fc.record({
      operation: fc.constant('PutRecords' as const),
      dataBytes: fc.array(bytes, { minLength: Math.max(1, profile.putRecords.minRecords), maxLength: batch }),
    }),
  );
  return fc.record({
    partitionKey: partitionKeyArb(profile),
    steps: fc
      .array(step, { minLength: 2, maxLength: RUN.maxSteps })
      .filter(
        (steps) =>
          steps.some((s) => s.operation === 'PutRecord') && steps.some((s) => s.operation === 'PutRecords'),
      ),
  });
}
