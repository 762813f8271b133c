import fc from 'fast-check';
import type { ApiRequest } from '../client/exchange.ts';
import { blob } from '../client/kinesis-api.ts';
import type { Profile } from '../profiles/profile.ts';
import type { WireFormat } from '../protocol/wire.ts';
import { bytesOf } from './bytes.ts';
import { partitionKeyArb } from './keys.ts';

/** One record as plain data: what shrinks in a counterexample and what a report shows. */
export interface RecordSpec {
  readonly partitionKey: string;
  readonly dataBytes: number;
  readonly explicitHashKey?: string;
}

export interface BatchOptions {
  /**
   * Records per generated batch. Random batches stay small so that a run of them stays within a few shards'
   * documented write rate; the limits themselves are covered by the enumerated boundary cases.
   */
  readonly maxRecords?: number;
  /** Data bytes per generated record, for the same reason. */
  readonly maxDataBytes?: number;
}

const BATCH_DEFAULTS = { maxRecords: 24, maxDataBytes: 2048 } as const;

export function recordArb(profile: Profile, options: BatchOptions = {}): fc.Arbitrary<RecordSpec> {
  const l = profile.putRecords;
  const maxData = Math.min(options.maxDataBytes ?? BATCH_DEFAULTS.maxDataBytes, l.maxDataBytes);
  return fc.record(
    {
      partitionKey: partitionKeyArb(profile),
      dataBytes: fc.oneof(
        { weight: 3, arbitrary: fc.integer({ min: 0, max: 64 }) },
        fc.integer({ min: 0, max: maxData }),
      ),
      explicitHashKey: fc.bigInt({ min: 0n, max: l.maxHashKey }).map(String),
    },
    { requiredKeys: ['partitionKey', 'dataBytes'] },
  );
}

/** Valid batches: between the profile's minimum and a small count of records, keys and sizes mixed. */
export function batchArb(profile: Profile, options: BatchOptions = {}): fc.Arbitrary<RecordSpec[]> {
  const l = profile.putRecords;
  const max = Math.min(options.maxRecords ?? BATCH_DEFAULTS.maxRecords, l.maxRecords);
  return fc.array(recordArb(profile, options), { minLength: Math.max(l.minRecords, 1), maxLength: max });
}

/** A PutRecords request for these records, Data as the wire carries it. */
export function putRecordsRequest(
  stream: string,
  records: readonly RecordSpec[],
  wire: WireFormat,
): ApiRequest {
  return {
    operation: 'PutRecords',
    wire,
    body: {
      StreamName: stream,
      Records: records.map((r) => ({
        PartitionKey: r.partitionKey,
        Data: blob(wire, bytesOf(r.dataBytes)),
        ...(r.explicitHashKey !== undefined ? { ExplicitHashKey: r.explicitHashKey } : {}),
      })),
    },
  };
}

/** Request bytes as the seed counts them: decoded Data plus UTF-8 PartitionKey bytes. */
export function requestBytes(records: readonly RecordSpec[]): number {
  let total = 0;
  for (const r of records) total += r.dataBytes + Buffer.byteLength(r.partitionKey, 'utf8');
  return total;
}
