/**
 * Keeps reads of a shard under the target's read rate. A target is read at full speed until it refuses a
 * read (ProvisionedThroughputExceededException): from then on every shard is read at the documented rate,
 * a token bucket per shard holding a second's worth of calls. The reference server has no read limit and so
 * is read at full speed; AWS refuses a burst above its limit once, and is paced after that.
 */
import { setTimeout as delay } from 'node:timers/promises';

/**
 * AWS-LIM: "each shard can support up to five read transactions per second" (GetRecords; GetShardIterator
 * has the same per-shard rate). The profiles carry no read limits yet: this belongs in src/profiles.
 */
export const SHARD_READS_PER_SECOND = 5;

/** Time as the pacer sees it (injectable so tests need not sleep). */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

const REAL_CLOCK: Clock = { now: () => performance.now(), sleep: (ms) => delay(ms) };

export class ReadPacer {
  private paced = false;
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly perSecond: number = SHARD_READS_PER_SECOND,
    private readonly clock: Clock = REAL_CLOCK,
  ) {}

  /** The target refused a read: pace every shard from now on. */
  throttled(): void {
    this.paced = true;
  }

  /** Waits until a call to `shardId` keeps within the rate (once pacing is on), then counts it. */
  async take(shardId: string): Promise<void> {
    if (!this.paced) return;
    const rate = this.perSecond;
    const now = this.clock.now();
    const b = this.buckets.get(shardId) ?? { tokens: 0, at: now };
    b.tokens = Math.min(rate, b.tokens + ((now - b.at) / 1000) * rate);
    b.at = now;
    this.buckets.set(shardId, b);
    if (b.tokens < 1) {
      const waitMs = ((1 - b.tokens) / rate) * 1000;
      b.tokens = 1;
      b.at = now + waitMs;
      await this.clock.sleep(waitMs);
    }
    b.tokens -= 1;
  }
}
