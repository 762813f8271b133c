/**
 * Work for concurrent writers: each writer sends its batches one after another while the others do the
 * same. Keys are drawn from a small pool so that every writer hits every shard.
 */
import fc from 'fast-check';
import type { Profile } from '../profiles/profile.ts';
import type { RecordSpec } from './batch.ts';

export interface WriterPlan {
  readonly writer: string;
  readonly calls: readonly (readonly RecordSpec[])[];
}

export interface ConcurrentOptions {
  readonly writers: number;
  readonly callsPerWriter: number;
  /** Records per call, at most. */
  readonly maxRecords: number;
  readonly maxDataBytes: number;
}

/** Few enough keys that the writers collide on every shard, enough that they spread. */
const KEY_POOL = 32;

export function writersArb(profile: Profile, options: ConcurrentOptions): fc.Arbitrary<WriterPlan[]> {
  const l = profile.putRecords;
  const record = fc.record({
    partitionKey: fc.nat({ max: KEY_POOL - 1 }).map((k) => `key-${k}`),
    dataBytes: fc.integer({ min: 0, max: Math.min(options.maxDataBytes, l.maxDataBytes) }),
  });
  const batch = fc.array(record, {
    minLength: Math.max(l.minRecords, 1),
    maxLength: Math.min(options.maxRecords, l.maxRecords),
  });
  return fc.tuple(
    ...Array.from({ length: options.writers }, (_, w) =>
      fc
        .array(batch, { minLength: options.callsPerWriter, maxLength: options.callsPerWriter })
        .map((calls): WriterPlan => ({ writer: `w${w}`, calls })),
    ),
  );
}
