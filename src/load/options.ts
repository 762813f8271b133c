/**
 * What a `kcs load` run takes: the resolved options, the input a caller may give (any subset, typed), and
 * the one resolver that fills in LOAD_DEFAULTS and checks every value and combination. The command line
 * (args.ts) turns flags into a LoadInput; the programmatic `runLoad` takes one directly.
 */
import { UsageError } from '../errors.ts';
import { DEFAULT_PROFILE, getProfile } from '../profiles/index.ts';
import { EndpointError, parseEndpoint, type Endpoint } from '../protocol/endpoint.ts';
import type { WireFormat } from '../protocol/wire.ts';
import { LOAD_DEFAULTS } from './defaults.ts';
import { largestRecordSize, RECORD_TAG_BYTES, type PartitionKeySpec, type RecordSize } from './payload.ts';

export interface LoadOptions {
  /** Undefined: start the reference server on loopback and load it. */
  readonly endpoint?: Endpoint;
  readonly durationMs: number;
  readonly model: 'open' | 'closed';
  /** Open model: requests started per second. */
  readonly rate?: number;
  /** Closed model: requests in flight. */
  readonly connections?: number;
  readonly recordsPerRequest: number;
  readonly recordSize: RecordSize;
  readonly partitionKeys: PartitionKeySpec;
  readonly shards: number;
  /** Undefined: a new stream `kcs-load-<random>`, deleted at the end. */
  readonly stream?: string;
  readonly wire: WireFormat;
  readonly seed: number;
  readonly reportDir: string;
  readonly baseline?: string;
  readonly maxRegressionPct: number;
  readonly verify: boolean;
  /** Undefined: as many as the cores allow. */
  readonly workers?: number;
  readonly maxRequests: number;
  readonly maxInFlight: number;
  readonly requestTimeoutMs: number;
  readonly region: string;
  /** Explicit credentials; otherwise the standard AWS chain with --endpoint (dummy ones when it finds none). */
  readonly accessKeyId?: string;
  readonly secretAccessKey?: string;
  /** Embedded server only: keep its per-shard write limits. */
  readonly embeddedThrottle: boolean;
  readonly quiet: boolean;
}

/** What a caller gives `runLoad`: any subset of the options, in plain types. */
export interface LoadInput {
  /** A URL or a parsed endpoint; undefined: the embedded reference server. */
  readonly endpoint?: string | Endpoint;
  readonly durationMs?: number;
  /** Open model: requests started per second (excludes `connections`). */
  readonly rate?: number;
  /** Closed model: requests in flight (the default model). */
  readonly connections?: number;
  readonly recordsPerRequest?: number;
  /** Data bytes per record, or a distribution. */
  readonly recordSize?: number | RecordSize;
  /** Distinct keys, or `hot-shard` (keys that all route to the first shard). */
  readonly partitionKeys?: number | 'hot-shard';
  readonly shards?: number;
  readonly stream?: string;
  readonly wire?: WireFormat;
  readonly seed?: number;
  readonly reportDir?: string;
  readonly baseline?: string;
  readonly maxRegressionPct?: number;
  readonly verify?: boolean;
  readonly workers?: number;
  readonly maxRequests?: number;
  readonly maxInFlight?: number;
  readonly requestTimeoutMs?: number;
  readonly region?: string;
  readonly accessKeyId?: string;
  readonly secretAccessKey?: string;
  /** Embedded server only: keep its per-shard write limits. */
  readonly throttle?: boolean;
  readonly quiet?: boolean;
}

function integer(flag: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value)) throw new UsageError(`--${flag}: expected a whole number, got ${value}`);
  if (value < min || value > max)
    throw new UsageError(`--${flag}: must be between ${min} and ${max}, got ${value}`);
  return value;
}

/** Fills in the defaults and checks every value and combination; problems are one-line UsageErrors. */
export function resolveLoadOptions(
  input: LoadInput = {},
  env: Readonly<Record<string, string | undefined>> = process.env,
): LoadOptions {
  const D = LOAD_DEFAULTS;
  const limits = getProfile(DEFAULT_PROFILE).putRecords;

  let endpoint: Endpoint | undefined;
  try {
    endpoint = typeof input.endpoint === 'string' ? parseEndpoint(input.endpoint) : input.endpoint;
  } catch (err) {
    if (err instanceof EndpointError) throw new UsageError(`--endpoint: ${err.message}`);
    throw err;
  }

  const durationMs = input.durationMs ?? D.durationMs;
  if (!(durationMs >= D.minDurationMs && durationMs <= D.maxDurationMs))
    throw new UsageError(
      `--duration: must be between ${D.minDurationMs}ms and ${D.maxDurationMs / 60_000}m, got ${durationMs}ms`,
    );

  if (input.rate !== undefined && input.connections !== undefined)
    throw new UsageError('--rate (open model) and --connections (closed model) cannot be combined');
  const rate = input.rate;
  if (rate !== undefined && !(rate > 0 && rate <= D.maxRate))
    throw new UsageError(`--rate: expected requests per second above 0 and up to ${D.maxRate}, got ${rate}`);
  const connections =
    rate !== undefined
      ? undefined
      : integer('connections', input.connections ?? D.connections, 1, D.maxConnections);

  const recordsPerRequest = integer(
    'records-per-request',
    input.recordsPerRequest ?? D.recordsPerRequest,
    limits.minRecords,
    limits.maxRecords,
  );
  const recordSize: RecordSize =
    input.recordSize === undefined
      ? { kind: 'fixed', bytes: D.recordSizeBytes }
      : typeof input.recordSize === 'number'
        ? { kind: 'fixed', bytes: input.recordSize }
        : input.recordSize;
  const smallest = recordSize.kind === 'fixed' ? recordSize.bytes : recordSize.min;
  const largest = largestRecordSize(recordSize);
  if (!Number.isInteger(smallest) || !Number.isInteger(largest) || smallest < 0)
    throw new UsageError('--record-size: sizes are whole numbers of bytes');
  if (recordSize.kind === 'uniform' && recordSize.min > recordSize.max)
    throw new UsageError(
      `--record-size: the minimum ${recordSize.min} is above the maximum ${recordSize.max}`,
    );
  if (largest > limits.maxDataBytes)
    throw new UsageError(`--record-size: at most ${limits.maxDataBytes} bytes per record, got ${largest}`);

  const shards = integer('shards', input.shards ?? D.shards, 1, D.maxShards);
  const partitionKeys: PartitionKeySpec =
    input.partitionKeys === 'hot-shard'
      ? { kind: 'hot-shard', count: D.hotShardKeys, shards }
      : {
          kind: 'count',
          count: integer('partition-keys', input.partitionKeys ?? D.partitionKeys, 1, D.maxPartitionKeys),
        };
  // Keys are at most `hot-<n>` / `pk-<n>`: a few ASCII bytes each, counted as the limit counts them.
  const keyBytes = `pk-${D.maxPartitionKeys}`.length;
  if (recordsPerRequest * (largest + keyBytes) > limits.maxRequestBytes)
    throw new UsageError(
      `--records-per-request x --record-size: a request may carry at most ${limits.maxRequestBytes} bytes ` +
        `of data and keys, ${recordsPerRequest} records of up to ${largest} bytes would not fit`,
    );

  const verify = input.verify ?? false;
  if (verify && smallest < RECORD_TAG_BYTES)
    throw new UsageError(`--verify: records must be at least ${RECORD_TAG_BYTES} bytes to carry their tag`);
  if (input.stream !== undefined && input.stream.length === 0)
    throw new UsageError('--stream: expected a stream name');
  if (input.maxRegressionPct !== undefined && input.baseline === undefined)
    throw new UsageError('--max-regression needs --baseline FILE');
  const maxRegressionPct = input.maxRegressionPct ?? D.maxRegressionPct;
  if (!(maxRegressionPct >= 0))
    throw new UsageError(`--max-regression: expected a percentage, got ${maxRegressionPct}`);
  if (input.maxInFlight !== undefined && rate === undefined)
    throw new UsageError('--max-in-flight applies to the open model (--rate) only');
  const requestTimeoutMs = input.requestTimeoutMs ?? D.requestTimeoutMs;
  if (!(requestTimeoutMs >= 1)) throw new UsageError('--timeout: must be at least 1ms');

  const { accessKeyId, secretAccessKey } = input;
  if ((accessKeyId === undefined) !== (secretAccessKey === undefined))
    throw new UsageError('--access-key-id and --secret-access-key go together');
  if (accessKeyId !== undefined && endpoint === undefined)
    throw new UsageError('--access-key-id applies to --endpoint only (the embedded server needs none)');
  const region = input.region ?? env['AWS_REGION'] ?? env['AWS_DEFAULT_REGION'] ?? D.region;
  if (!/^[a-z0-9-]+$/.test(region)) throw new UsageError(`--region: not a region name: '${region}'`);
  if (input.throttle !== undefined && endpoint !== undefined)
    throw new UsageError('--throttle applies to the embedded server only, not to --endpoint');
  const wire = input.wire ?? D.wire;
  if (wire !== 'json' && wire !== 'cbor')
    throw new UsageError(`--wire: expected json or cbor, got '${String(wire)}'`);

  return {
    ...(endpoint !== undefined ? { endpoint } : {}),
    durationMs,
    model: rate !== undefined ? 'open' : 'closed',
    ...(rate !== undefined ? { rate } : {}),
    ...(connections !== undefined ? { connections } : {}),
    recordsPerRequest,
    recordSize,
    partitionKeys,
    shards,
    ...(input.stream !== undefined ? { stream: input.stream } : {}),
    wire,
    seed: integer('seed', input.seed ?? D.seed, 0, 2 ** 32 - 1),
    reportDir: input.reportDir ?? D.reportDir,
    ...(input.baseline !== undefined ? { baseline: input.baseline } : {}),
    maxRegressionPct,
    verify,
    ...(input.workers !== undefined ? { workers: integer('workers', input.workers, 1, D.maxWorkers) } : {}),
    maxRequests: integer('max-requests', input.maxRequests ?? D.maxRequests, 1, D.maxRequests),
    maxInFlight: integer('max-in-flight', input.maxInFlight ?? D.maxInFlight, 1, D.maxConnections),
    requestTimeoutMs,
    region,
    ...(accessKeyId !== undefined && secretAccessKey !== undefined ? { accessKeyId, secretAccessKey } : {}),
    embeddedThrottle: input.throttle ?? D.embeddedThrottle,
    quiet: input.quiet ?? false,
  };
}
