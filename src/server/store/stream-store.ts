import type { Profile } from '../../profiles/profile.ts';
import { Stream, type StreamSettings } from './stream.ts';

/**
 * All streams of the server. Lifecycle transitions (CREATING -> ACTIVE, DELETING -> gone) run on timers
 * of the configured delays; a delay of 0 makes them happen before the next request is served.
 */
export class StreamStore {
  private readonly streams = new Map<string, Stream>();
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    readonly profile: Profile,
    readonly settings: StreamSettings,
    private readonly delays: { readonly createMs: number; readonly deleteMs: number },
  ) {}

  get(name: string): Stream | undefined {
    return this.streams.get(name);
  }

  names(): string[] {
    return [...this.streams.keys()].sort();
  }

  totalShards(): number {
    let n = 0;
    for (const s of this.streams.values()) if (s.status !== 'DELETING') n += s.shards.length;
    return n;
  }

  create(name: string, shardCount: number, nowMs: number): Stream {
    const stream = new Stream(name, shardCount, this.profile, this.settings, nowMs);
    this.streams.set(name, stream);
    if (this.delays.createMs <= 0) stream.status = 'ACTIVE';
    else
      this.later(this.delays.createMs, () => {
        if (stream.status === 'CREATING') stream.status = 'ACTIVE';
      });
    return stream;
  }

  delete(stream: Stream): void {
    stream.status = 'DELETING';
    const remove = (): void => {
      if (this.streams.get(stream.name) !== stream) return;
      this.streams.delete(stream.name);
      for (const shard of stream.shards) shard.release();
    };
    if (this.delays.deleteMs <= 0) remove();
    else this.later(this.delays.deleteMs, remove);
  }

  /**
   * Apply age-based retention to every shard and report the memory budget's last trims (called periodically
   * by the server).
   */
  trim(nowMs: number): void {
    for (const stream of this.streams.values()) for (const shard of stream.shards) shard.trim(nowMs);
    this.settings.retention.budget?.flushReport(nowMs);
  }

  close(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  private later(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    t.unref();
    this.timers.add(t);
  }
}
