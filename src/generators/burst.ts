import type { Profile } from '../profiles/profile.ts';
import type { RecordSpec } from './batch.ts';

/**
 * Batches that together exceed one shard's documented write rate (records per second), all aimed at the
 * shard holding hash key 0: a target that throttles answers some records with a per-record error, which is
 * how the checks on failed entries see real failures. Sent back to back, so the shard cannot refill.
 */
export function burstBatches(profile: Profile): RecordSpec[][] {
  const l = profile.putRecords;
  const batches = Math.ceil(profile.shardWriteLimits.recordsPerSecond / l.maxRecords) + 1;
  const batch = Array.from({ length: l.maxRecords }, (_, i) => ({
    partitionKey: `burst${i}`,
    dataBytes: 1,
    explicitHashKey: '0',
  }));
  return Array.from({ length: batches }, () => batch);
}
