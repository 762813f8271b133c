/**
 * The commands of a model-based run as plain values: what fast-check generates and shrinks, and what a
 * failure prints. suites/lib/model-commands.ts turns each into a call and judges it against the model.
 */
import fc from 'fast-check';
import type { Profile } from '../profiles/profile.ts';
import { batchArb, recordArb, type RecordSpec } from './batch.ts';

export type IteratorType = 'LATEST' | 'AT_SEQUENCE_NUMBER' | 'AFTER_SEQUENCE_NUMBER';

export type ModelCommand =
  | { readonly kind: 'PutRecords'; readonly records: readonly RecordSpec[] }
  | { readonly kind: 'PutRecord'; readonly record: RecordSpec }
  /** `shard` and `record` pick by index, modulo what the model has. */
  | {
      readonly kind: 'GetShardIterator';
      readonly shard: number;
      readonly type: IteratorType;
      readonly record: number;
    }
  /** `iterator` picks one the run holds, by index modulo their number. */
  | { readonly kind: 'GetRecords'; readonly iterator: number; readonly limit: number }
  | { readonly kind: 'ListShards' };

export interface ModelCommandOptions {
  /** Records per PutRecords: small, so that long runs stay within a few shards' write rate. */
  readonly maxRecords?: number;
  readonly maxDataBytes?: number;
  /** Largest GetRecords Limit: small, so that reads page through the logs. */
  readonly maxLimit?: number;
}

const DEFAULTS = { maxRecords: 8, maxDataBytes: 256, maxLimit: 6 } as const;

/** Reads weigh most: they are where a model catches a lost, duplicated or reordered record. */
const WEIGHTS = { PutRecords: 3, PutRecord: 2, GetShardIterator: 2, GetRecords: 5, ListShards: 1 } as const;

/** The commands of a run, weighted, for `fc.commands`. */
export function modelCommandArb(
  profile: Profile,
  options: ModelCommandOptions = {},
): fc.Arbitrary<ModelCommand> {
  const sizes = {
    maxRecords: options.maxRecords ?? DEFAULTS.maxRecords,
    maxDataBytes: options.maxDataBytes ?? DEFAULTS.maxDataBytes,
  };
  const pick = fc.nat({ max: 1000 });
  return fc.oneof(
    {
      weight: WEIGHTS.PutRecords,
      arbitrary: batchArb(profile, sizes).map((records): ModelCommand => ({ kind: 'PutRecords', records })),
    },
    {
      weight: WEIGHTS.PutRecord,
      arbitrary: recordArb(profile, sizes).map((record): ModelCommand => ({ kind: 'PutRecord', record })),
    },
    {
      weight: WEIGHTS.GetShardIterator,
      arbitrary: fc
        .record({
          shard: pick,
          type: fc.constantFrom<IteratorType>('LATEST', 'AT_SEQUENCE_NUMBER', 'AFTER_SEQUENCE_NUMBER'),
          record: pick,
        })
        .map((c): ModelCommand => ({ kind: 'GetShardIterator', ...c })),
    },
    {
      weight: WEIGHTS.GetRecords,
      arbitrary: fc
        .record({
          iterator: pick,
          limit: fc.integer({
            min: 1,
            max: Math.min(options.maxLimit ?? DEFAULTS.maxLimit, profile.getRecords.maxLimit),
          }),
        })
        .map((c): ModelCommand => ({ kind: 'GetRecords', ...c })),
    },
    { weight: WEIGHTS.ListShards, arbitrary: fc.constant<ModelCommand>({ kind: 'ListShards' }) },
  );
}
