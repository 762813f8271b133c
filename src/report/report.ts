/**
 * report.json: what a run checked, against what, and how to replay it. Built from plain data (the outcomes
 * the collector read from vitest, after the expected-failures ledger) and validated against
 * `report-schema.ts` before it is written.
 */
import type { Severity } from '../checks/check.ts';
import type { ProfileName } from '../profiles/profile.ts';
import type { WireFormat } from '../protocol/wire.ts';
import type { CheckStatus } from './check-result.ts';

/** What a failed check recorded: the shrunk counterexample and how to replay it. */
export interface FailureDetail {
  readonly expected?: string;
  readonly received?: string;
  readonly request?: unknown;
  readonly response?: unknown;
  readonly curl?: string;
  readonly seed?: number;
  readonly path?: string;
}

/** One check as vitest ran it, before the expected-failures ledger is applied. */
export interface CheckOutcome {
  readonly id: string;
  readonly title: string;
  readonly severity: Severity;
  readonly source?: string;
  readonly status: 'passed' | 'failed' | 'skipped';
  readonly durationMs: number;
  /** Skipped: why. Failed: the failure in one line. */
  readonly reason?: string;
  readonly failure?: FailureDetail;
}

export type ExpectedFailureCategory = 'unsupported-feature' | 'known-bug' | 'allowed-variance';

/** One check in report.json: the outcome with its final status and the failure fields flattened. */
export interface ReportCheck extends FailureDetail {
  readonly id: string;
  readonly title: string;
  readonly severity: Severity;
  readonly source?: string;
  readonly status: CheckStatus;
  readonly durationMs: number;
  readonly reason?: string;
  /** For an expected failure: the ledger entry that covered it. */
  readonly expectedFailure?: { readonly category: ExpectedFailureCategory; readonly source: string };
}

export interface ReportTarget {
  readonly endpoint: string;
  readonly embedded: boolean;
  /** "embedded reference server" or the endpoint itself. */
  readonly name: string;
  readonly region: string;
}

export interface Versions {
  readonly kcs: string;
  readonly node: string;
  readonly vitest: string;
  readonly 'fast-check': string;
}

export interface Summary {
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
  readonly expectedFailures: number;
}

export interface Report {
  readonly target: ReportTarget;
  readonly profile: ProfileName;
  readonly wire: WireFormat;
  readonly seed: number;
  readonly runs: number;
  /** The --only filter, when one was given. */
  readonly only?: readonly string[];
  /** The --area filter, when one was given. */
  readonly areas?: readonly string[];
  readonly versions: Versions;
  readonly startedAt: string;
  readonly endedAt: string;
  readonly summary: Summary;
  readonly checks: readonly ReportCheck[];
  /**
   * What makes the run fail beyond the checks themselves: stale or expired expected-failure entries, suite
   * files that did not load, errors outside any check, an interrupted run.
   */
  readonly problems: readonly string[];
}

export const EMBEDDED_TARGET_NAME = 'embedded reference server';

export interface ReportInput {
  readonly target: Omit<ReportTarget, 'name'>;
  readonly profile: ProfileName;
  readonly wire: WireFormat;
  readonly seed: number;
  readonly runs: number;
  readonly only?: readonly string[];
  readonly areas?: readonly string[];
  readonly versions: Versions;
  readonly startedAt: Date;
  readonly endedAt: Date;
  readonly checks: readonly ReportCheck[];
  readonly problems: readonly string[];
}

export function summarize(checks: readonly ReportCheck[]): Summary {
  const count = (status: CheckStatus): number => checks.filter((c) => c.status === status).length;
  return {
    passed: count('passed'),
    failed: count('failed'),
    skipped: count('skipped'),
    expectedFailures: count('expected-failure'),
  };
}

export function buildReport(input: ReportInput): Report {
  return {
    target: {
      ...input.target,
      name: input.target.embedded ? EMBEDDED_TARGET_NAME : input.target.endpoint,
    },
    profile: input.profile,
    wire: input.wire,
    seed: input.seed,
    runs: input.runs,
    ...(input.only && input.only.length > 0 ? { only: [...input.only] } : {}),
    ...(input.areas && input.areas.length > 0 ? { areas: [...input.areas] } : {}),
    versions: input.versions,
    startedAt: input.startedAt.toISOString(),
    endedAt: input.endedAt.toISOString(),
    summary: summarize(input.checks),
    checks: input.checks.map((c) => toJsonSafe(c) as ReportCheck),
    problems: [...input.problems],
  };
}

/** 0 when every check passed or failed as the ledger expected and nothing else went wrong, else 1. */
export function exitCodeOf(report: Pick<Report, 'checks' | 'problems'>): 0 | 1 {
  return report.checks.some((c) => c.status === 'failed') || report.problems.length > 0 ? 1 : 0;
}

/**
 * Requests and responses recorded by the suites are plain data but may hold bigints (hash keys) and bytes
 * (CBOR blobs): JSON has neither, so bigints become decimal strings and bytes base64 `{ base64 }` objects.
 */
export function toJsonSafe(value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Uint8Array) return { base64: Buffer.from(value).toString('base64') };
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(toJsonSafe);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = toJsonSafe(v);
    return out;
  }
  if (typeof value === 'function' || typeof value === 'symbol') return undefined;
  return value;
}
