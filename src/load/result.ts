/**
 * The shape of `load.json`: one load run, named by target, scenario, seed, versions and machine. Written by
 * `kcs load` (Node runner) and by the k6 scripts' handleSummary, read by the HTML report and the baseline
 * comparison. Its JSON schema (ajv) lives beside it in `result-schema.ts`.
 */
export interface LatencySummary {
  /** Milliseconds. */
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly p999: number;
  readonly max: number;
  readonly mean: number;
}

export interface SecondSample {
  /** Seconds since the start of the measured phase. */
  readonly t: number;
  readonly requests: number;
  readonly records: number;
  readonly bytes: number;
  readonly recordErrors: number;
  readonly httpErrors: number;
  /** Latency of requests completed in this second (ms). */
  readonly p50: number;
  readonly p99: number;
}

export interface LoadScenario {
  /** 'open' (fixed arrival rate) or 'closed' (N requests in flight). */
  readonly model: 'open' | 'closed';
  /** Requests per second started (open model). */
  readonly rate?: number;
  /** Requests in flight (closed model). */
  readonly connections?: number;
  readonly durationMs: number;
  readonly recordsPerRequest: number;
  /** Data bytes per record: a fixed size or a distribution description. */
  readonly recordSize: string;
  /** Number of distinct partition keys, or 'hot-shard'. */
  readonly partitionKeys: string;
  readonly shards: number;
  readonly stream: string;
  readonly wire: 'json' | 'cbor';
  readonly seed: number;
  /** Load generators (worker threads) the run used; payloads are derived from the seed per generator. */
  readonly workers?: number;
  /** Per-record tags were written and read back (--verify). */
  readonly verify?: boolean;
}

export interface LoadResult {
  readonly kind: 'kcs-load';
  readonly version: 1;
  readonly tool: 'kcs' | 'k6';
  readonly target: { readonly endpoint: string; readonly embedded: boolean };
  readonly scenario: LoadScenario;
  readonly versions: Readonly<Record<string, string>>;
  readonly machine: {
    readonly cpuModel: string;
    readonly cores: number;
    readonly node: string;
    readonly os: string;
  };
  readonly startedAt: string;
  readonly endedAt: string;
  /** Set when the run was stopped early (SIGINT): the numbers cover the part that ran. */
  readonly interrupted?: boolean;
  /** Seconds from the start of the measured phase to the last completion: what the rates divide by. */
  readonly measuredSeconds?: number;
  readonly totals: {
    readonly requests: number;
    readonly records: number;
    /** Decoded Data bytes acknowledged. */
    readonly bytes: number;
    /** Per-record failures by ErrorCode (throttling is ProvisionedThroughputExceededException). */
    readonly recordErrors: Readonly<Record<string, number>>;
    /** Non-200 responses by status or `__type`, and transport failures as 'transport'. */
    readonly httpErrors: Readonly<Record<string, number>>;
    /** Requests not started because the generator fell behind the open-model schedule. */
    readonly dropped: number;
    /** The 'transport' failures of httpErrors by their error code (ECONNREFUSED, UND_ERR_HEADERS_TIMEOUT, ...). */
    readonly transportErrors?: Readonly<Record<string, number>>;
  };
  readonly rates: {
    readonly requestsPerSecond: number;
    readonly recordsPerSecond: number;
    readonly megabytesPerSecond: number;
  };
  /** Measured from the intended send time (open model), so coordinated omission cannot hide stalls. */
  readonly latencyMs: LatencySummary;
  /** Percentile distribution for the chart: [percentile, ms] pairs. */
  readonly percentiles: readonly (readonly [number, number])[];
  readonly timeSeries: readonly SecondSample[];
  /** Present with --verify: read-back of everything acknowledged. */
  readonly verification?: {
    readonly acknowledged: number;
    readonly found: number;
    readonly lost: number;
    readonly duplicated: number;
    readonly reordered: number;
    /** Records read back that the target never acknowledged (a failed or timed-out request that was written). */
    readonly unacknowledgedFound?: number;
  };
}
