/**
 * A token bucket: `ratePerSecond` tokens flow in, up to `capacity`. A shard has two (bytes and records),
 * for AWS's per-shard write limit of 1 MiB/s or 1,000 records/s (AWS-LIM).
 */
export class TokenBucket {
  private tokens: number;
  private updatedMs: number;

  constructor(
    private readonly ratePerSecond: number,
    private readonly capacity: number,
    nowMs: number,
  ) {
    this.tokens = capacity;
    this.updatedMs = nowMs;
  }

  /** Refills for the time since the last call; cheap enough to call once per request. */
  refill(nowMs: number): void {
    if (nowMs <= this.updatedMs) return;
    this.tokens = Math.min(
      this.capacity,
      this.tokens + ((nowMs - this.updatedMs) / 1000) * this.ratePerSecond,
    );
    this.updatedMs = nowMs;
  }

  available(): number {
    return this.tokens;
  }

  take(amount: number): void {
    this.tokens -= amount;
  }
}
