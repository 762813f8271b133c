/**
 * What a `kcs check` run takes: one defaults object and one resolver, shared by the command line (which
 * turns flags into a CheckInput) and the programmatic `runCheck` (which takes one directly).
 */
import { UsageError } from '../errors.ts';
import { DEFAULT_PROFILE, isProfileName, PROFILES } from '../profiles/index.ts';
import type { ProfileName } from '../profiles/profile.ts';
import { EndpointError, parseEndpoint, type Endpoint } from '../protocol/endpoint.ts';
import type { WireFormat } from '../protocol/wire.ts';
import type { Ledger } from '../report/expected-failures.ts';
import { AREA_NAMES, isAreaName, type AreaName } from './areas.ts';

export const CHECK_DEFAULTS = {
  profile: DEFAULT_PROFILE,
  region: 'us-east-1',
  runs: 20,
  wire: 'json',
  reportDir: 'reports',
  // The suite creates at most this many shards at a time on a real endpoint (they cost money there).
  maxShards: 8,
} as const satisfies Partial<CheckOptions>;

/** fast-check seeds are 32-bit; kept below 2^31 so they read the same in every tool. */
export const MAX_SEED = 2 ** 31 - 1;
export const MAX_RUNS = 1_000_000;
export const MAX_SHARDS_CAP = 100_000;

/** A check id: the registry's dotted kebab-case words (`put-records.failed-count-matches`). */
export const CHECK_ID = /^[a-z0-9][a-z0-9-]*(\.[a-z0-9][a-z0-9-]*)*$/;
const REGION = /^[a-z0-9-]+$/;

/** A run as the engine needs it: every default filled in, every value checked. */
export interface CheckOptions {
  /** undefined: the embedded reference server, started in-process for the run. */
  readonly endpoint?: Endpoint;
  readonly profile: ProfileName;
  readonly region: string;
  readonly wire: WireFormat;
  /** undefined: drawn at random (and printed, and written to report.json). */
  readonly seed?: number;
  /** fast-check runs per property. */
  readonly runs: number;
  /** Run only these check ids (empty: all). */
  readonly only: readonly string[];
  /** Run only the suites of these areas (empty: all). */
  readonly areas: readonly AreaName[];
  /** The expected-failures ledger: a file to read, or the ledger itself. */
  readonly expectFailures?: string | Ledger;
  /** Where report.json, report.md, report.html and junit.xml go. */
  readonly reportDir: string;
  readonly accessKeyId?: string;
  readonly secretAccessKey?: string;
  /** The suite refuses to hold more shards than this at a time. */
  readonly maxShards: number;
}

/** What a caller gives `runCheck`: any subset of the options; the endpoint may be a URL string. */
export type CheckInput = Partial<Omit<CheckOptions, 'endpoint'>> & { readonly endpoint?: string | Endpoint };

function integer(name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max)
    throw new UsageError(`${name}: expected an integer from ${min} to ${max}, got ${String(value)}`);
  return value;
}

/** Fills in the defaults and checks every value; problems are UsageErrors naming the option. */
export function resolveCheckOptions(
  input: CheckInput = {},
  env: NodeJS.ProcessEnv = process.env,
): CheckOptions {
  const profile = input.profile ?? CHECK_DEFAULTS.profile;
  if (!isProfileName(profile))
    throw new UsageError(
      `profile: expected one of ${Object.keys(PROFILES).join(', ')}, got '${String(profile)}'`,
    );
  const wire = input.wire ?? CHECK_DEFAULTS.wire;
  if (wire !== 'json' && wire !== 'cbor')
    throw new UsageError(`wire: expected json or cbor, got '${String(wire)}'`);
  let endpoint: Endpoint | undefined;
  try {
    endpoint = typeof input.endpoint === 'string' ? parseEndpoint(input.endpoint) : input.endpoint;
  } catch (err) {
    if (err instanceof EndpointError) throw new UsageError(`endpoint: ${err.message}`);
    throw err;
  }
  const region = input.region ?? env['AWS_REGION'] ?? env['AWS_DEFAULT_REGION'] ?? CHECK_DEFAULTS.region;
  if (!REGION.test(region)) throw new UsageError(`region: not a region name: '${region}'`);
  const only = [...new Set(input.only ?? [])];
  for (const id of only) if (!CHECK_ID.test(id)) throw new UsageError(`only: not a check id: '${id}'`);
  const areas = [...new Set(input.areas ?? [])];
  for (const area of areas)
    if (!isAreaName(area))
      throw new UsageError(`area: expected one of ${AREA_NAMES.join(', ')}, got '${String(area)}'`);
  const { accessKeyId, secretAccessKey } = input;
  if ((accessKeyId === undefined) !== (secretAccessKey === undefined))
    throw new UsageError('accessKeyId and secretAccessKey go together');
  if (accessKeyId === '' || secretAccessKey === '') throw new UsageError('credentials must not be empty');
  const reportDir = input.reportDir ?? CHECK_DEFAULTS.reportDir;
  if (reportDir === '') throw new UsageError('reportDir: must not be empty');
  if (input.expectFailures === '') throw new UsageError('expectFailures: must not be empty');
  return {
    ...(endpoint !== undefined ? { endpoint } : {}),
    profile,
    region,
    wire,
    ...(input.seed !== undefined ? { seed: integer('seed', input.seed, 0, MAX_SEED) } : {}),
    runs: integer('runs', input.runs ?? CHECK_DEFAULTS.runs, 1, MAX_RUNS),
    only,
    areas,
    ...(input.expectFailures !== undefined ? { expectFailures: input.expectFailures } : {}),
    reportDir,
    ...(accessKeyId !== undefined && secretAccessKey !== undefined ? { accessKeyId, secretAccessKey } : {}),
    maxShards: integer('maxShards', input.maxShards ?? CHECK_DEFAULTS.maxShards, 1, MAX_SHARDS_CAP),
  };
}
