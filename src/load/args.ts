/**
 * `kcs load` arguments -> LoadOptions. Pure and tested (test/load/args.test.ts); bad input is a UsageError
 * with one line that names the flag.
 */
import { UsageError } from '../errors.ts';
import { DEFAULT_PROFILE, getProfile } from '../profiles/index.ts';
import type { WireFormat } from '../protocol/wire.ts';
import { parseFlags, stringFlag, type OptionSpecs } from '../cli/parse.ts';
import { parseChoice, parseDuration, parseInteger, parseSize } from '../cli/units.ts';
import { LOAD_DEFAULTS } from './defaults.ts';
import { parseEndpoint } from './request.ts';
import { largestRecordSize, RECORD_TAG_BYTES, type PartitionKeySpec, type RecordSize } from './payload.ts';

export interface LoadOptions {
  /** Undefined: start the reference server on loopback and load it. */
  readonly endpoint?: string;
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

const OPTIONS = {
  endpoint: { type: 'string' },
  duration: { type: 'string' },
  rate: { type: 'string' },
  connections: { type: 'string' },
  'records-per-request': { type: 'string' },
  'record-size': { type: 'string' },
  'partition-keys': { type: 'string' },
  shards: { type: 'string' },
  stream: { type: 'string' },
  wire: { type: 'string' },
  seed: { type: 'string' },
  'report-dir': { type: 'string' },
  baseline: { type: 'string' },
  'max-regression': { type: 'string' },
  verify: { type: 'boolean' },
  workers: { type: 'string' },
  'max-requests': { type: 'string' },
  'max-in-flight': { type: 'string' },
  timeout: { type: 'string' },
  region: { type: 'string' },
  'access-key-id': { type: 'string' },
  'secret-access-key': { type: 'string' },
  throttle: { type: 'string' },
  quiet: { type: 'boolean', short: 'q' },
  help: { type: 'boolean', short: 'h' },
} satisfies OptionSpecs;

/** "200", "200/s", "1.5/s": requests started per second. */
export function parseRate(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(?:\/s)?$/.exec(text.trim());
  const n = m ? Number(m[1]) : NaN;
  if (!(n > 0) || n > LOAD_DEFAULTS.maxRate)
    throw new UsageError(
      `--rate: expected requests per second like 200/s (up to ${LOAD_DEFAULTS.maxRate}), got '${text}'`,
    );
  return n;
}

/** "100", "1KiB", "uniform:100-1000", "uniform:1KiB-64KiB". */
export function parseRecordSize(text: string): RecordSize {
  const m = /^uniform:([^-]+)-(.+)$/.exec(text.trim());
  if (m) {
    const min = parseSize('record-size', m[1]!);
    const max = parseSize('record-size', m[2]!);
    if (min > max) throw new UsageError(`--record-size: the minimum ${min} is above the maximum ${max}`);
    return { kind: 'uniform', min, max };
  }
  if (text.includes(':'))
    throw new UsageError(
      `--record-size: expected a size like 100 or 1KiB, or uniform:MIN-MAX, got '${text}'`,
    );
  return { kind: 'fixed', bytes: parseSize('record-size', text) };
}

export function parsePartitionKeys(text: string, shards: number): PartitionKeySpec {
  if (text.trim() === 'hot-shard') return { kind: 'hot-shard', count: LOAD_DEFAULTS.hotShardKeys, shards };
  return { kind: 'count', count: parseInteger('partition-keys', text, 1, LOAD_DEFAULTS.maxPartitionKeys) };
}

/** "10", "10%", "2.5": a percentage. */
export function parsePercent(flag: string, text: string): number {
  const m = /^(\d+(?:\.\d+)?)%?$/.exec(text.trim());
  if (!m) throw new UsageError(`--${flag}: expected a percentage like 10 or 10%, got '${text}'`);
  return Number(m[1]);
}

/** Pure: argv after `load` (and the environment, for the region) -> options, or 'help'. */
export function parseLoadArgs(
  args: readonly string[],
  env: Readonly<Record<string, string | undefined>> = {},
): LoadOptions | 'help' {
  const { values, positionals } = parseFlags(args, OPTIONS);
  if (values['help']) return 'help';
  if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
  const str = (name: string): string | undefined => stringFlag(values, name);
  const limits = getProfile(DEFAULT_PROFILE).putRecords;

  const endpoint = str('endpoint');
  if (endpoint !== undefined && !parseEndpoint(endpoint))
    throw new UsageError(`--endpoint: expected a URL like http://127.0.0.1:4567, got '${endpoint}'`);

  const durationText = str('duration');
  const durationMs =
    durationText === undefined ? LOAD_DEFAULTS.durationMs : parseDuration('duration', durationText);
  if (durationMs < LOAD_DEFAULTS.minDurationMs || durationMs > LOAD_DEFAULTS.maxDurationMs)
    throw new UsageError(
      `--duration: must be between ${LOAD_DEFAULTS.minDurationMs}ms and ${LOAD_DEFAULTS.maxDurationMs / 60_000}m, got '${durationText}'`,
    );

  const rateText = str('rate');
  const connectionsText = str('connections');
  if (rateText !== undefined && connectionsText !== undefined)
    throw new UsageError('--rate (open model) and --connections (closed model) cannot be combined');
  const rate = rateText === undefined ? undefined : parseRate(rateText);
  const connections =
    rate !== undefined
      ? undefined
      : connectionsText === undefined
        ? LOAD_DEFAULTS.connections
        : parseInteger('connections', connectionsText, 1, LOAD_DEFAULTS.maxConnections);

  const rprText = str('records-per-request');
  const recordsPerRequest =
    rprText === undefined
      ? LOAD_DEFAULTS.recordsPerRequest
      : parseInteger('records-per-request', rprText, limits.minRecords, limits.maxRecords);

  const sizeText = str('record-size');
  const recordSize: RecordSize =
    sizeText === undefined
      ? { kind: 'fixed', bytes: LOAD_DEFAULTS.recordSizeBytes }
      : parseRecordSize(sizeText);
  const largest = largestRecordSize(recordSize);
  if (largest > limits.maxDataBytes)
    throw new UsageError(`--record-size: at most ${limits.maxDataBytes} bytes per record, got ${largest}`);

  const shards =
    str('shards') === undefined
      ? LOAD_DEFAULTS.shards
      : parseInteger('shards', str('shards')!, 1, LOAD_DEFAULTS.maxShards);
  const partitionKeys =
    str('partition-keys') === undefined
      ? ({ kind: 'count', count: LOAD_DEFAULTS.partitionKeys } as const)
      : parsePartitionKeys(str('partition-keys')!, shards);
  // Keys are at most `hot-<n>` / `pk-<n>`: a few ASCII bytes each, counted as the limit counts them.
  const keyBytes = `pk-${LOAD_DEFAULTS.maxPartitionKeys}`.length;
  if (recordsPerRequest * (largest + keyBytes) > limits.maxRequestBytes)
    throw new UsageError(
      `--records-per-request x --record-size: a request may carry at most ${limits.maxRequestBytes} bytes ` +
        `of data and keys, ${recordsPerRequest} records of up to ${largest} bytes would not fit`,
    );

  const verify = values['verify'] === true;
  const smallest = recordSize.kind === 'fixed' ? recordSize.bytes : recordSize.min;
  if (verify && smallest < RECORD_TAG_BYTES)
    throw new UsageError(`--verify: records must be at least ${RECORD_TAG_BYTES} bytes to carry their tag`);

  const stream = str('stream');
  if (stream !== undefined && stream.length === 0) throw new UsageError('--stream: expected a stream name');

  const baseline = str('baseline');
  const regressionText = str('max-regression');
  if (regressionText !== undefined && baseline === undefined)
    throw new UsageError('--max-regression needs --baseline FILE');

  if (str('max-in-flight') !== undefined && rate === undefined)
    throw new UsageError('--max-in-flight applies to the open model (--rate) only');
  const timeoutText = str('timeout');
  const requestTimeoutMs =
    timeoutText === undefined ? LOAD_DEFAULTS.requestTimeoutMs : parseDuration('timeout', timeoutText);
  if (requestTimeoutMs < 1) throw new UsageError('--timeout: must be at least 1ms');

  const accessKeyId = str('access-key-id');
  const secretAccessKey = str('secret-access-key');
  if ((accessKeyId === undefined) !== (secretAccessKey === undefined))
    throw new UsageError('--access-key-id and --secret-access-key go together');
  if (accessKeyId !== undefined && endpoint === undefined)
    throw new UsageError('--access-key-id applies to --endpoint only (the embedded server needs none)');
  const region = str('region') ?? env['AWS_REGION'] ?? env['AWS_DEFAULT_REGION'] ?? LOAD_DEFAULTS.region;
  if (!/^[a-z0-9-]+$/.test(region)) throw new UsageError(`--region: not a region name: '${region}'`);

  const throttleText = str('throttle');
  if (throttleText !== undefined && endpoint !== undefined)
    throw new UsageError('--throttle applies to the embedded server only, not to --endpoint');

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
    ...(stream !== undefined ? { stream } : {}),
    wire:
      str('wire') === undefined
        ? LOAD_DEFAULTS.wire
        : parseChoice('wire', str('wire')!, ['json', 'cbor'] as const),
    seed: str('seed') === undefined ? LOAD_DEFAULTS.seed : parseInteger('seed', str('seed')!, 0, 2 ** 32 - 1),
    reportDir: str('report-dir') ?? LOAD_DEFAULTS.reportDir,
    ...(baseline !== undefined ? { baseline } : {}),
    maxRegressionPct:
      regressionText === undefined
        ? LOAD_DEFAULTS.maxRegressionPct
        : parsePercent('max-regression', regressionText),
    verify,
    ...(str('workers') !== undefined
      ? { workers: parseInteger('workers', str('workers')!, 1, LOAD_DEFAULTS.maxWorkers) }
      : {}),
    maxRequests:
      str('max-requests') === undefined
        ? LOAD_DEFAULTS.maxRequests
        : parseInteger('max-requests', str('max-requests')!, 1, LOAD_DEFAULTS.maxRequests),
    maxInFlight:
      str('max-in-flight') === undefined
        ? LOAD_DEFAULTS.maxInFlight
        : parseInteger('max-in-flight', str('max-in-flight')!, 1, LOAD_DEFAULTS.maxConnections),
    requestTimeoutMs,
    region,
    ...(accessKeyId !== undefined && secretAccessKey !== undefined ? { accessKeyId, secretAccessKey } : {}),
    embeddedThrottle:
      throttleText === undefined
        ? LOAD_DEFAULTS.embeddedThrottle
        : parseChoice('throttle', throttleText, ['on', 'off'] as const) === 'on',
    quiet: values['quiet'] === true,
  };
}
