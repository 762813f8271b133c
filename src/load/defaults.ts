/**
 * Every default and every safety cap of `kcs load` in one object (as autocannon's defaultOptions).
 * The API limits (records per request, bytes) are not here: they come from the profile.
 */
export const LOAD_DEFAULTS = {
  durationMs: 10_000,
  /** Closed model: requests in flight when neither --rate nor --connections is given. */
  connections: 16,
  recordsPerRequest: 100,
  recordSizeBytes: 100,
  partitionKeys: 1000,
  /** Keys searched for --partition-keys hot-shard: all route to the first shard. */
  hotShardKeys: 100,
  shards: 4,
  wire: 'json',
  seed: 1,
  region: 'us-east-1',
  reportDir: 'reports/load',
  /** --baseline without --max-regression. */
  maxRegressionPct: 10,
  streamPrefix: 'kcs-load-',
  /**
   * The embedded server runs without per-shard write limits, so a default run measures the tool and the
   * server: with them, 16 requests in flight of 100 records drive 4 shards (4,000 records/s) far past their
   * capacity and the run measures throttling (`--throttle on` asks for that).
   */
  embeddedThrottle: false,
  /** Above this share of throttled records, the summary leads with the stream capacity that bound the run. */
  throttleBoundShare: 0.1,

  // Bounds: every run stops by itself.
  maxDurationMs: 10 * 60_000,
  minDurationMs: 100,
  /** Requests in one run, whatever the duration. */
  maxRequests: 10_000_000,
  maxRate: 100_000,
  maxConnections: 4096,
  maxWorkers: 64,
  maxShards: 1000,
  maxPartitionKeys: 1_000_000,
  /** Open model: requests in flight at most; a request due beyond it is dropped (and counted). */
  maxInFlight: 1024,
  /** A request without an answer after this long is a transport failure. */
  requestTimeoutMs: 10_000,
  /** After the measured phase, in-flight requests get this long to finish. */
  drainTimeoutMs: 15_000,
  /** Idle keep-alive connections of a generator's pool stay open this long (longer than any pause of a run). */
  keepAliveMs: 60_000,
  /** How often a generator reports the seconds that have ended. */
  sampleFlushMs: 250,

  // Generation.
  /** Distinct pre-generated bodies per generator, and the memory they may take. */
  bodiesPerGenerator: 64,
  bodyPoolBytes: 64 * 1024 * 1024,

  // Setup and read-back.
  /** Waiting for a created stream to become ACTIVE. */
  streamActiveTimeoutMs: 120_000,
  /** Control-plane calls (CreateStream, GetRecords, ...). */
  controlTimeoutMs: 30_000,
  /** Reading the stream back for --verify. */
  verifyTimeoutMs: 5 * 60_000,
  /** The embedded server must print its address within this. */
  embeddedStartTimeoutMs: 30_000,
} as const;
