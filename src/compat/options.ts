/**
 * What a `kcs compat` run takes: one defaults object and one resolver, shared by the command line and the
 * programmatic `runCompat`.
 */
import { join } from 'node:path';
import { AREA_NAMES, isAreaName, type AreaName } from '../check/areas.ts';
import { CHECK_DEFAULTS, CHECK_ID, MAX_RUNS, MAX_SEED } from '../check/options.ts';
import { UsageError } from '../errors.ts';
import { PACKAGE_ROOT } from '../package-info.ts';
import { isProfileName, PROFILES } from '../profiles/index.ts';
import type { ProfileName } from '../profiles/profile.ts';
import { DIFF_DEFAULTS } from './differential.ts';
import { DEFAULT_TARGETS, parseTarget, type TargetSpec } from './targets.ts';

export const COMPAT_DEFAULTS = {
  targets: DEFAULT_TARGETS,
  // What the emulators claim to be; the reference server is run with it too, so columns compare.
  profile: 'aws',
  region: CHECK_DEFAULTS.region,
  runs: CHECK_DEFAULTS.runs,
  reportDir: 'reports/compat',
  // The ledgers this package ships: the known divergences of each emulator, checked against behaviour.md.
  ledgerDir: join(PACKAGE_ROOT, 'compat', 'ledgers'),
  diffRuns: DIFF_DEFAULTS.runs,
} as const;

export interface CompatOptions {
  readonly targets: readonly TargetSpec[];
  /** For the reference server and targets given as a bare URL; emulators use the profile they claim. */
  readonly profile: ProfileName;
  readonly region: string;
  /** undefined: drawn at random (and printed, and written to compat.json). */
  readonly seed?: number;
  readonly runs: number;
  readonly only: readonly string[];
  /** Run only the suites of these areas on every target (empty: all). */
  readonly areas: readonly AreaName[];
  readonly reportDir: string;
  /** Where `<target>.json` ledgers are looked up. */
  readonly ledgerDir: string;
  /** Differential runs per request family and pair; 0 skips the differential. */
  readonly diffRuns: number;
}

/** What a caller gives `runCompat`: any subset; targets may be written as on the command line. */
export type CompatInput = Partial<Omit<CompatOptions, 'targets'>> & {
  /** `reference`, an emulator's name, `NAME=URL` or a URL, or a parsed TargetSpec. */
  readonly targets?: readonly (string | TargetSpec)[];
};

function integer(name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max)
    throw new UsageError(`--${name}: expected an integer from ${min} to ${max}, got ${String(value)}`);
  return value;
}

/** Fills in the defaults and checks every value; problems are UsageErrors naming the flag. */
export function resolveCompatOptions(input: CompatInput = {}): CompatOptions {
  const targets = (input.targets ?? COMPAT_DEFAULTS.targets).map((t) =>
    typeof t === 'string' ? parseTarget(t) : t,
  );
  if (targets.length === 0) throw new UsageError('--targets: no target given');
  const names = targets.map((t) => t.name);
  const duplicate = names.find((n, i) => names.indexOf(n) !== i);
  if (duplicate !== undefined) throw new UsageError(`--targets: '${duplicate}' is given twice`);
  const profile = input.profile ?? COMPAT_DEFAULTS.profile;
  if (!isProfileName(profile))
    throw new UsageError(
      `--profile: expected one of ${Object.keys(PROFILES).join(', ')}, got '${String(profile)}'`,
    );
  const only = [...new Set(input.only ?? [])];
  for (const id of only) if (!CHECK_ID.test(id)) throw new UsageError(`--only: not a check id: '${id}'`);
  const areas = [...new Set(input.areas ?? [])];
  for (const area of areas)
    if (!isAreaName(area))
      throw new UsageError(`--area: expected one of ${AREA_NAMES.join(', ')}, got '${String(area)}'`);
  const region = input.region ?? COMPAT_DEFAULTS.region;
  if (!/^[a-z0-9-]+$/.test(region)) throw new UsageError(`--region: not a region name: '${region}'`);
  const reportDir = input.reportDir ?? COMPAT_DEFAULTS.reportDir;
  if (reportDir === '') throw new UsageError('--report-dir must not be empty');
  const ledgerDir = input.ledgerDir ?? COMPAT_DEFAULTS.ledgerDir;
  if (ledgerDir === '') throw new UsageError('--ledger-dir must not be empty');
  return {
    targets,
    profile,
    region,
    ...(input.seed !== undefined ? { seed: integer('seed', input.seed, 0, MAX_SEED) } : {}),
    runs: integer('runs', input.runs ?? COMPAT_DEFAULTS.runs, 1, MAX_RUNS),
    only,
    areas,
    reportDir,
    ledgerDir,
    diffRuns: integer('diff-runs', input.diffRuns ?? COMPAT_DEFAULTS.diffRuns, 0, MAX_RUNS),
  };
}
