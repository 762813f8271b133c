import type { ProfileName } from '../profiles/profile.ts';
import { DEFAULT_PROFILE, getProfile } from '../profiles/index.ts';

export type AuthOptions =
  | { readonly mode: 'none' }
  | {
      readonly mode: 'sigv4';
      /** accessKeyId -> secretAccessKey */
      readonly credentials: ReadonlyMap<string, string>;
      /** When set, requests must be signed for this region. */
      readonly region?: string;
    };

export interface ServerOptions {
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  profile?: ProfileName;
  /** CREATING -> ACTIVE after this many ms (AWS: seconds; 0 makes streams usable at once). */
  createStreamDelayMs?: number;
  /** DELETING -> gone after this many ms. */
  deleteStreamDelayMs?: number;
  /** UPDATING -> ACTIVE after this many ms (SplitShard, MergeShards, UpdateShardCount). */
  updateStreamDelayMs?: number;
  /** Per-shard write limits; `false` switches throttling off. Defaults to the profile's documented limits. */
  shardWriteLimits?: false | { bytesPerSecond?: number; recordsPerSecond?: number; burstSeconds?: number };
  /** Fraction (0..1) of records failed with InternalFailure, drawn from `seed`. */
  failRate?: number;
  seed?: number;
  /** Records older than this are trimmed (AWS default retention: 24 h). */
  retentionMs?: number;
  /**
   * Bytes (data + keys) kept per shard; the oldest are trimmed beyond it. A cap per shard inside the memory
   * budget, not a bound on memory: `maxMemoryBytes` is.
   */
  retentionBytesPerShard?: number;
  /**
   * What every kept record of every stream may cost together (store/memory-budget.ts: Data, keys, offsets and
   * per-segment overhead, in slabs); the oldest records across all shards are trimmed beyond it.
   */
  maxMemoryBytes?: number;
  /** Open shards across all streams (LimitExceededException beyond it). */
  shardLimit?: number;
  accountId?: string;
  region?: string;
  auth?: AuthOptions;
  /** Write one line per request to this function (the CLI's --log). */
  log?: (line: string) => void;
  /** Operational notices: the memory budget's trim summary, at most one line per 10 s (kcs serve: stderr). */
  notice?: (line: string) => void;
}

export type ResolvedServerOptions = Required<Omit<ServerOptions, 'shardWriteLimits' | 'log' | 'notice'>> & {
  shardWriteLimits: false | { bytesPerSecond: number; recordsPerSecond: number; burstSeconds: number };
  log: ((line: string) => void) | undefined;
  notice: ((line: string) => void) | undefined;
};

/** One defaults object: every default of the server in one place. */
export const SERVER_DEFAULTS = {
  host: '127.0.0.1',
  port: 4567,
  profile: DEFAULT_PROFILE,
  createStreamDelayMs: 0,
  deleteStreamDelayMs: 0,
  updateStreamDelayMs: 0,
  failRate: 0,
  seed: 1,
  // AWS-M RetentionPeriodHours: 24 by default.
  retentionMs: 24 * 3_600_000,
  // 64 MiB per shard: about a minute of a shard's full write rate, enough to read back a load run. What
  // bounds memory is maxMemoryBytes (with 200 shards this cap alone would allow 12.5 GiB).
  retentionBytesPerShard: 64 * 1024 * 1024,
  // 512 MiB for kept records: with the server's own working set under full load (about 230 MiB more RSS,
  // bench:server-memory) well inside the 7 GiB of the smallest GitHub-hosted runner, leaving the job its room.
  maxMemoryBytes: 512 * 1024 * 1024,
  // AWS-LIM: the default shard quota is 200 in most regions (500 in a few).
  shardLimit: 200,
  // kinesalite and kinesis-mock use this account id (behaviour.md 4.4).
  accountId: '000000000000',
  region: 'us-east-1',
  // Above the steady rate a bucket holds one second of traffic: the "small burst".
  burstSeconds: 1,
} as const;

/**
 * The smallest budget `kcs serve --max-memory` takes: below it the budget could not keep a few of the largest
 * requests (5 MiB in both profiles) beside a slab for each of a handful of shards, and a bare number is more
 * likely a mistaken unit ("512" meant as MiB) than a wish.
 */
export const MIN_MAX_MEMORY_BYTES = 16 * 1024 * 1024;

export function resolveServerOptions(options: ServerOptions = {}): ResolvedServerOptions {
  const profile = options.profile ?? SERVER_DEFAULTS.profile;
  const limits = getProfile(profile).shardWriteLimits;
  const swl = options.shardWriteLimits;
  const failRate = options.failRate ?? SERVER_DEFAULTS.failRate;
  if (!(failRate >= 0 && failRate <= 1))
    throw new RangeError(`failRate must be between 0 and 1, got ${failRate}`);
  const maxMemoryBytes = options.maxMemoryBytes ?? SERVER_DEFAULTS.maxMemoryBytes;
  if (!(maxMemoryBytes > 0)) throw new RangeError(`maxMemoryBytes must be positive, got ${maxMemoryBytes}`);
  return {
    host: options.host ?? SERVER_DEFAULTS.host,
    port: options.port ?? SERVER_DEFAULTS.port,
    profile,
    createStreamDelayMs: options.createStreamDelayMs ?? SERVER_DEFAULTS.createStreamDelayMs,
    deleteStreamDelayMs: options.deleteStreamDelayMs ?? SERVER_DEFAULTS.deleteStreamDelayMs,
    updateStreamDelayMs: options.updateStreamDelayMs ?? SERVER_DEFAULTS.updateStreamDelayMs,
    shardWriteLimits:
      swl === false
        ? false
        : {
            bytesPerSecond: swl?.bytesPerSecond ?? limits.bytesPerSecond,
            recordsPerSecond: swl?.recordsPerSecond ?? limits.recordsPerSecond,
            burstSeconds: swl?.burstSeconds ?? SERVER_DEFAULTS.burstSeconds,
          },
    failRate,
    seed: options.seed ?? SERVER_DEFAULTS.seed,
    retentionMs: options.retentionMs ?? SERVER_DEFAULTS.retentionMs,
    retentionBytesPerShard: options.retentionBytesPerShard ?? SERVER_DEFAULTS.retentionBytesPerShard,
    maxMemoryBytes,
    shardLimit: options.shardLimit ?? SERVER_DEFAULTS.shardLimit,
    accountId: options.accountId ?? SERVER_DEFAULTS.accountId,
    region: options.region ?? SERVER_DEFAULTS.region,
    auth: options.auth ?? { mode: 'none' },
    log: options.log,
    notice: options.notice,
  };
}
