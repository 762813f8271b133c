/**
 * Calls that drive shards past the documented write limit (bytes per second in one call, records per second
 * across calls) while other records of the same batches go to idle shards, interleaved so that records to
 * idle shards follow failed ones. Sent back to back, faster than a shard refills. Records are routed with
 * ExplicitHashKey to the ranges ListShards reported.
 */
import type { ShardRange } from '../checks/check.ts';
import type { Profile } from '../profiles/profile.ts';
import type { RecordSpec } from './batch.ts';

export interface ThrottleScenario {
  readonly calls: readonly (readonly RecordSpec[])[];
  /** Takes more bytes than a second's limit in the first call. */
  readonly hotBytes: string;
  /** Takes more records than a second's limit over the other calls. */
  readonly hotRecords: string;
  /** Take at most half of a second's limit over the whole scenario. */
  readonly idle: readonly string[];
}

/** How far past a second's limit the hot shards are driven. */
const OVERLOAD = 2;
/** One record in this many of the records calls goes to an idle shard. */
const IDLE_EVERY = 10;
/** Data bytes of the small records (room for the tag RecordTagger writes). */
const SMALL_DATA_BYTES = 48;
/** The bytes call's records: a request holds this many of them at least. */
const BIG_RECORDS_PER_REQUEST = 8;

/** Needs two shards at least: the hot ones are the first (one shard may be both), the last ones stay idle. */
export function throttleScenario(profile: Profile, shards: readonly ShardRange[]): ThrottleScenario {
  if (shards.length < 2) throw new RangeError('a throttling scenario needs two shards: one hot, one idle');
  const l = profile.putRecords;
  const limits = profile.shardWriteLimits;
  const hotBytes = shards[0]!;
  const hotRecords = shards.length >= 3 ? shards[1]! : shards[0]!;
  const idle = shards.filter((s) => s !== hotBytes && s !== hotRecords);
  const ehk = (s: ShardRange): string => String(s.startingHashKey);
  let nextIdle = 0;
  const idleRecord = (tag: string): RecordSpec => ({
    partitionKey: `idle-${tag}`,
    dataBytes: SMALL_DATA_BYTES,
    explicitHashKey: ehk(idle[nextIdle++ % idle.length]!),
  });

  // One call over the byte limit: big records to one shard, each followed by a small one to an idle shard.
  const big = Math.min(l.maxDataBytes, Math.floor(l.maxRequestBytes / BIG_RECORDS_PER_REQUEST));
  const bigCount = Math.min(
    Math.ceil((OVERLOAD * limits.bytesPerSecond) / big),
    BIG_RECORDS_PER_REQUEST - 1,
    Math.floor(l.maxRecords / 2),
  );
  const bytesCall: RecordSpec[] = [];
  for (let i = 0; i < bigCount; i++) {
    bytesCall.push({ partitionKey: `hot-bytes-${i}`, dataBytes: big, explicitHashKey: ehk(hotBytes) });
    bytesCall.push(idleRecord(`b${i}`));
  }

  // Calls over the record limit together: full batches, nine in ten records to one shard.
  const hotPerCall = l.maxRecords - Math.floor(l.maxRecords / IDLE_EVERY);
  const recordCalls = Math.ceil((OVERLOAD * limits.recordsPerSecond) / hotPerCall);
  const calls: RecordSpec[][] = [bytesCall];
  for (let c = 0; c < recordCalls; c++) {
    calls.push(
      Array.from({ length: l.maxRecords }, (_, i) =>
        i % IDLE_EVERY === IDLE_EVERY - 1
          ? idleRecord(`r${c}-${i}`)
          : {
              partitionKey: `hot-records-${c}-${i}`,
              dataBytes: SMALL_DATA_BYTES,
              explicitHashKey: ehk(hotRecords),
            },
      ),
    );
  }
  return {
    calls,
    hotBytes: hotBytes.shardId,
    hotRecords: hotRecords.shardId,
    idle: idle.map((s) => s.shardId),
  };
}
