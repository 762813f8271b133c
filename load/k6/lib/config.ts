/**
 * The k6 scripts' configuration, read from `__ENV` (k6 -e NAME=value, or the environment). PURE: the
 * environment is passed in, so the same parsing runs under vitest. Limits come from the profile and defaults
 * from LOAD_DEFAULTS, as `kcs load` takes them; units are parsed by the same functions as its flags.
 */
import { parseDuration, parseInteger, parseSize } from '../../../src/cli/units.ts';
import { UsageError } from '../../../src/errors.ts';
import { LOAD_DEFAULTS } from '../../../src/load/defaults.ts';
import type { PartitionKeySpec, RecordSize, WireFormat } from '../../../src/load/payload.ts';
import { largestRecordSize } from '../../../src/load/payload.ts';
import { EndpointError, parseEndpoint, type Endpoint } from '../../../src/protocol/endpoint.ts';
import type { SigningCredentials } from '../../../src/load/request.ts';
import { DEFAULT_PROFILE, getProfile, isProfileName, type Profile } from '../../../src/profiles/index.ts';

export type Env = Readonly<Record<string, string | undefined>>;

/** Every variable the scripts read, with what it means: the README's table is checked against this. */
export const ENV_VARS = {
  ENDPOINT: 'target URL, e.g. http://127.0.0.1:4567 (default) or https://kinesis.us-east-1.amazonaws.com',
  STREAM: 'stream name (default kcs-load-k6-<SEED>)',
  CREATE_STREAM: '1: setup() creates the stream (an existing one is used as it is) and waits until ACTIVE',
  DELETE_STREAM: '1 (default when setup() created it): teardown() deletes the stream',
  SHARDS: `shard count for CREATE_STREAM (default ${LOAD_DEFAULTS.shards})`,
  RATE: 'requests started per second: the constant rate, or the peak of ramp and spike (default 100)',
  START_RATE: 'ramp: the rate at the start (default 1)',
  BASE_RATE: 'spike: the rate before and after the spike (default RATE / 10)',
  DURATION: `measured phase, e.g. 30s or 2m (default ${LOAD_DEFAULTS.durationMs / 1000}s)`,
  HOLD: 'ramp: how long to stay at RATE after the ramp (default 0s)',
  RISE: 'spike: how long the jump from BASE_RATE to RATE takes, and back (default 1s)',
  RECORDS_PER_REQUEST: `records per PutRecords (default ${LOAD_DEFAULTS.recordsPerRequest})`,
  RECORD_SIZE: `data bytes per record: 100, 1KiB or uniform:100-1000 (default ${LOAD_DEFAULTS.recordSizeBytes})`,
  PARTITION_KEYS: `distinct partition keys, or hot-shard (default ${LOAD_DEFAULTS.partitionKeys})`,
  WIRE: 'json (default) or cbor',
  SEED: `payload seed (default ${LOAD_DEFAULTS.seed})`,
  PROFILE: `limits to validate against: yds (default) or aws`,
  BODIES: 'distinct request bodies pre-generated per VU (default 8)',
  PRE_ALLOCATED_VUS: 'VUs k6 starts with (default: enough for RATE at 100 ms per request)',
  MAX_VUS: 'VUs k6 may add when requests slow down (default 4 x PRE_ALLOCATED_VUS)',
  TIMEOUT: `per-request timeout (default ${LOAD_DEFAULTS.requestTimeoutMs / 1000}s)`,
  MAX_FAILED: 'threshold: largest share of failed PutRecords requests, 0..1 (default 0.01)',
  P99_MS: 'threshold: p(99) request latency in ms (default: none)',
  MAX_THROTTLED: 'threshold: most throttled records (default: none)',
  AWS_ACCESS_KEY_ID: 'signs requests with SigV4 when set',
  AWS_SECRET_ACCESS_KEY: 'the secret for AWS_ACCESS_KEY_ID',
  AWS_SESSION_TOKEN: 'temporary credentials',
  AWS_REGION: `signing region (default ${LOAD_DEFAULTS.region})`,
  SUMMARY: 'where handleSummary writes load.json (default load.json; stdout: to stdout; empty: not written)',
  HTML: 'where handleSummary writes the HTML report (default load.html; empty: not written)',
  K6_VERSION: 'recorded in load.json versions (k6 does not tell the script its version)',
  KCS_MACHINE: 'recorded in load.json machine.cpuModel, e.g. "c6i.4xlarge" (k6 cannot see the CPU)',
  KCS_CORES: 'recorded in load.json machine.cores (default 1: load.json requires a count, k6 cannot see it)',
} as const;

export type EnvName = keyof typeof ENV_VARS;

export interface K6Config {
  readonly endpointUrl: string;
  readonly endpoint: Endpoint;
  readonly stream: string;
  readonly createStream: boolean;
  readonly deleteStream: boolean | undefined;
  readonly shards: number;
  readonly rate: number;
  readonly startRate: number;
  readonly baseRate: number;
  readonly durationMs: number;
  readonly holdMs: number;
  readonly riseMs: number;
  readonly recordsPerRequest: number;
  readonly recordSize: RecordSize;
  readonly partitionKeys: PartitionKeySpec;
  readonly wire: WireFormat;
  readonly seed: number;
  readonly profile: Profile;
  readonly bodies: number;
  readonly preAllocatedVUs: number;
  readonly maxVUs: number;
  readonly timeoutMs: number;
  readonly maxFailed: number;
  readonly p99Ms: number | undefined;
  readonly maxThrottled: number | undefined;
  readonly credentials: SigningCredentials | undefined;
  readonly region: string;
  readonly summaryPath: string;
  readonly htmlPath: string;
  readonly k6Version: string;
  readonly machine: string;
  readonly cores: number;
}

const DEFAULT_ENDPOINT = 'http://127.0.0.1:4567';
const DEFAULT_RATE = 100;
const DEFAULT_BODIES = 8;
const MAX_BODIES = 1024;
const DEFAULT_MAX_FAILED = 0.01;
/** Pre-allocate VUs for requests of this length: an arrival-rate executor drops iterations when none is free. */
const ASSUMED_REQUEST_MS = 100;

/** Runs one of the CLI's unit parsers, naming the variable instead of a flag in its message. */
function parsed<T>(name: EnvName, text: string, parse: (flag: string, text: string) => T): T {
  try {
    return parse(name, text);
  } catch (err) {
    if (err instanceof UsageError)
      throw new UsageError(`${name}=${text}: ${err.message.replace(/^--\S+: /, '')}`);
    throw err;
  }
}

function rateOf(name: EnvName, text: string): number {
  const n = Number(text.replace(/\/s$/, ''));
  if (!(n > 0) || n > LOAD_DEFAULTS.maxRate)
    throw new UsageError(`${name}=${text}: expected requests per second from 0 to ${LOAD_DEFAULTS.maxRate}`);
  return n;
}

function flag(name: EnvName, text: string | undefined): boolean | undefined {
  if (text === undefined || text === '') return undefined;
  if (/^(1|true|yes)$/i.test(text)) return true;
  if (/^(0|false|no)$/i.test(text)) return false;
  throw new UsageError(`${name}=${text}: expected 1 or 0`);
}

function recordSizeOf(text: string): RecordSize {
  const m = /^uniform:([^-]+)-(.+)$/.exec(text.trim());
  if (m) {
    const min = parsed('RECORD_SIZE', m[1]!, parseSize);
    const max = parsed('RECORD_SIZE', m[2]!, parseSize);
    if (min > max)
      throw new UsageError(`RECORD_SIZE=${text}: the minimum ${min} is above the maximum ${max}`);
    return { kind: 'uniform', min, max };
  }
  return { kind: 'fixed', bytes: parsed('RECORD_SIZE', text, parseSize) };
}

/** Reads and validates the configuration; throws UsageError (k6 then stops before any VU starts). */
export function configFromEnv(env: Env): K6Config {
  const get = (name: EnvName): string | undefined => {
    const v = env[name];
    return v === undefined || v.trim() === '' ? undefined : v.trim();
  };
  const profileName = get('PROFILE') ?? DEFAULT_PROFILE;
  if (!isProfileName(profileName)) throw new UsageError(`PROFILE=${profileName}: expected yds or aws`);
  const profile = getProfile(profileName);
  const limits = profile.putRecords;

  const endpointUrl = get('ENDPOINT') ?? DEFAULT_ENDPOINT;
  let endpoint: Endpoint;
  try {
    endpoint = parseEndpoint(endpointUrl);
  } catch (err) {
    if (!(err instanceof EndpointError)) throw err;
    throw new UsageError(`ENDPOINT=${endpointUrl}: ${err.message} (expected a URL like ${DEFAULT_ENDPOINT})`);
  }

  const int = (name: EnvName, fallback: number, min: number, max?: number): number => {
    const text = get(name);
    return text === undefined ? fallback : parsed(name, text, (f, t) => parseInteger(f, t, min, max));
  };
  const duration = (name: EnvName, fallback: number): number => {
    const text = get(name);
    return text === undefined ? fallback : parsed(name, text, parseDuration);
  };

  const seed = int('SEED', LOAD_DEFAULTS.seed, 0, 2 ** 32 - 1);
  const shards = int('SHARDS', LOAD_DEFAULTS.shards, 1, LOAD_DEFAULTS.maxShards);
  const rateText = get('RATE');
  const rate = rateText === undefined ? DEFAULT_RATE : rateOf('RATE', rateText);
  const startRateText = get('START_RATE');
  const baseRateText = get('BASE_RATE');
  const durationMs = duration('DURATION', LOAD_DEFAULTS.durationMs);
  if (durationMs < LOAD_DEFAULTS.minDurationMs || durationMs > LOAD_DEFAULTS.maxDurationMs)
    throw new UsageError(
      `DURATION: must be between ${LOAD_DEFAULTS.minDurationMs}ms and ${LOAD_DEFAULTS.maxDurationMs / 60_000}m`,
    );

  const recordsPerRequest = int(
    'RECORDS_PER_REQUEST',
    LOAD_DEFAULTS.recordsPerRequest,
    limits.minRecords,
    limits.maxRecords,
  );
  const sizeText = get('RECORD_SIZE');
  const recordSize: RecordSize =
    sizeText === undefined ? { kind: 'fixed', bytes: LOAD_DEFAULTS.recordSizeBytes } : recordSizeOf(sizeText);
  const largest = largestRecordSize(recordSize);
  if (largest > limits.maxDataBytes)
    throw new UsageError(`RECORD_SIZE: at most ${limits.maxDataBytes} bytes per record, got ${largest}`);

  const keysText = get('PARTITION_KEYS');
  const partitionKeys: PartitionKeySpec =
    keysText === 'hot-shard'
      ? { kind: 'hot-shard', count: LOAD_DEFAULTS.hotShardKeys, shards }
      : {
          kind: 'count',
          count: int('PARTITION_KEYS', LOAD_DEFAULTS.partitionKeys, 1, LOAD_DEFAULTS.maxPartitionKeys),
        };
  const keyBytes = `pk-${LOAD_DEFAULTS.maxPartitionKeys}`.length;
  if (recordsPerRequest * (largest + keyBytes) > limits.maxRequestBytes)
    throw new UsageError(
      `RECORDS_PER_REQUEST x RECORD_SIZE: a request may carry at most ${limits.maxRequestBytes} bytes of data ` +
        `and keys; ${recordsPerRequest} records of up to ${largest} bytes would not fit`,
    );

  const wireText = get('WIRE') ?? LOAD_DEFAULTS.wire;
  if (wireText !== 'json' && wireText !== 'cbor')
    throw new UsageError(`WIRE=${wireText}: expected json or cbor`);

  const preAllocatedVUs = int(
    'PRE_ALLOCATED_VUS',
    Math.min(LOAD_DEFAULTS.maxConnections, Math.max(2, Math.ceil((rate * ASSUMED_REQUEST_MS) / 1000))),
    1,
    LOAD_DEFAULTS.maxConnections,
  );
  const maxFailedText = get('MAX_FAILED');
  const maxFailed = maxFailedText === undefined ? DEFAULT_MAX_FAILED : Number(maxFailedText);
  if (!(maxFailed >= 0 && maxFailed <= 1)) throw new UsageError(`MAX_FAILED=${maxFailedText}: expected 0..1`);
  const p99Text = get('P99_MS');
  const p99Ms = p99Text === undefined ? undefined : Number(p99Text);
  if (p99Ms !== undefined && !(p99Ms > 0)) throw new UsageError(`P99_MS=${p99Text}: expected milliseconds`);

  const accessKeyId = get('AWS_ACCESS_KEY_ID');
  const secretAccessKey = get('AWS_SECRET_ACCESS_KEY');
  if ((accessKeyId === undefined) !== (secretAccessKey === undefined))
    throw new UsageError('AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY: set both or neither');
  const sessionToken = get('AWS_SESSION_TOKEN');
  const credentials =
    accessKeyId !== undefined && secretAccessKey !== undefined
      ? { accessKeyId, secretAccessKey, ...(sessionToken !== undefined ? { sessionToken } : {}) }
      : undefined;

  return {
    endpointUrl,
    endpoint,
    stream: get('STREAM') ?? `${LOAD_DEFAULTS.streamPrefix}k6-${seed}`,
    createStream: flag('CREATE_STREAM', get('CREATE_STREAM')) ?? false,
    deleteStream: flag('DELETE_STREAM', get('DELETE_STREAM')),
    shards,
    rate,
    startRate: startRateText === undefined ? 1 : rateOf('START_RATE', startRateText),
    baseRate:
      baseRateText === undefined ? Math.max(1, Math.round(rate / 10)) : rateOf('BASE_RATE', baseRateText),
    durationMs,
    holdMs: duration('HOLD', 0),
    riseMs: duration('RISE', 1000),
    recordsPerRequest,
    recordSize,
    partitionKeys,
    wire: wireText,
    seed,
    profile,
    bodies: int('BODIES', DEFAULT_BODIES, 1, MAX_BODIES),
    preAllocatedVUs,
    maxVUs: int('MAX_VUS', Math.min(LOAD_DEFAULTS.maxConnections, preAllocatedVUs * 4), preAllocatedVUs),
    timeoutMs: duration('TIMEOUT', LOAD_DEFAULTS.requestTimeoutMs),
    maxFailed,
    p99Ms,
    maxThrottled: get('MAX_THROTTLED') === undefined ? undefined : int('MAX_THROTTLED', 0, 0),
    credentials,
    region: get('AWS_REGION') ?? LOAD_DEFAULTS.region,
    summaryPath: env['SUMMARY'] === undefined ? 'load.json' : env['SUMMARY'].trim(),
    htmlPath: env['HTML'] === undefined ? 'load.html' : env['HTML'].trim(),
    k6Version: get('K6_VERSION') ?? 'unknown',
    machine: get('KCS_MACHINE') ?? 'unknown (k6 cannot see the CPU)',
    cores: int('KCS_CORES', 1, 1),
  };
}
