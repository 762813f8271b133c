import type { Profile } from '../../profiles/profile.ts';
import { Stream, type StreamMode, type StreamSettings } from './stream.ts';

/** How long each lifecycle transition takes (AWS: seconds to minutes; kinesalite: 500 ms each). */
export interface LifecycleDelays {
  /** CREATING -> ACTIVE */
  readonly createMs: number;
  /** DELETING -> gone */
  readonly deleteMs: number;
  /** UPDATING -> ACTIVE (SplitShard, MergeShards, UpdateShardCount) */
  readonly updateMs: number;
}

/**
 * All streams of the server. Lifecycle transitions (CREATING -> ACTIVE, DELETING -> gone, UPDATING ->
 * ACTIVE) run on timers of the configured delays; a delay of 0 makes them happen before the next request
 * is served.
 */
export class StreamStore {
  private readonly streams = new Map<string, Stream>();
  /** Transitions waiting for their delay, by timer. */
  private readonly pending = new Map<NodeJS.Timeout, () => void>();

  constructor(
    readonly profile: Profile,
    readonly settings: StreamSettings,
    private readonly delays: LifecycleDelays,
  ) {}

  get(name: string): Stream | undefined {
    return this.streams.get(name);
  }

  names(): string[] {
    return [...this.streams.keys()].sort();
  }

  /** Open shards of every stream not being deleted: what the account's shard limit counts. */
  totalShards(): number {
    let n = 0;
    for (const s of this.streams.values()) if (s.status !== 'DELETING') n += s.openShards.length;
    return n;
  }

  create(name: string, shardCount: number, nowMs: number, mode: StreamMode = 'PROVISIONED'): Stream {
    const stream = new Stream(name, shardCount, this.profile, this.settings, nowMs, mode);
    this.streams.set(name, stream);
    this.after(this.delays.createMs, () => {
      if (stream.status === 'CREATING') stream.status = 'ACTIVE';
    });
    return stream;
  }

  delete(stream: Stream): void {
    stream.status = 'DELETING';
    this.after(this.delays.deleteMs, () => {
      if (this.streams.get(stream.name) !== stream) return;
      this.streams.delete(stream.name);
      for (const shard of stream.shards) shard.release();
    });
  }

  /**
   * A resharding: the stream is UPDATING until `change` runs (after the update delay), then ACTIVE. Writes
   * meanwhile go to the shards open before it (AWS-M: "Read and write operations continue to work while
   * the stream is in the UPDATING state"; KL-T splitShard routes a PutRecord during UPDATING to the parent).
   * A stream deleted meanwhile is not changed.
   */
  reshard(stream: Stream, change: (nowMs: number) => void): void {
    stream.status = 'UPDATING';
    this.after(this.delays.updateMs, () => {
      if (stream.status !== 'UPDATING') return;
      change(Date.now());
      stream.status = 'ACTIVE';
    });
  }

  /**
   * Apply age-based retention to every shard and report the memory budget's last trims (called periodically
   * by the server).
   */
  trim(nowMs: number): void {
    for (const stream of this.streams.values()) for (const shard of stream.shards) shard.trim(nowMs);
    this.settings.retention.budget?.flushReport(nowMs);
  }

  /**
   * Completes every transition still waiting for its delay, now, in the order they were started: for a
   * test (or an embedding program) that holds a stream in CREATING, UPDATING or DELETING and then wants
   * it settled without waiting.
   */
  finishTransitions(): void {
    for (const [t, fn] of [...this.pending]) {
      clearTimeout(t);
      this.pending.delete(t);
      fn();
    }
  }

  close(): void {
    for (const t of this.pending.keys()) clearTimeout(t);
    this.pending.clear();
  }

  /** Runs `fn` now when `ms` <= 0, so the transition is done before the next request, else on a timer. */
  private after(ms: number, fn: () => void): void {
    if (ms <= 0) {
      fn();
      return;
    }
    const t = setTimeout(() => {
      this.pending.delete(t);
      fn();
    }, ms);
    t.unref();
    this.pending.set(t, fn);
  }
}
