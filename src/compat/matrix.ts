/**
 * compat.json: one row per check, one column per target, built from each target's report.json (after its
 * ledger), plus what the differential found. Pure: runCompat gathers the inputs, markdown.ts and html.ts
 * render the result.
 */
import type { CheckStatus } from '../report/check-result.ts';
import { oneLine } from '../report/markdown.ts';
import type { ExpectedFailureCategory, Report, Summary, Versions } from '../report/report.ts';
import { replayCommand } from '../report/replay.ts';
import type { ProfileName } from '../profiles/profile.ts';
import type { DifferentialFinding } from './differential.ts';
import type { TargetSpec } from './targets.ts';

/** One target's run. `report` is missing when the target could not be started or reached. */
export interface TargetRun {
  readonly spec: TargetSpec;
  readonly profile: ProfileName;
  readonly endpoint?: string;
  /** The emulator's package and version, when we started it. */
  readonly software?: string;
  /** The ledger applied, relative to the working directory. */
  readonly ledger?: string;
  /** `kcs check`'s exit status for this target (0, 1, 2 unusable, 130 interrupted). */
  readonly exitCode: number;
  readonly durationMs: number;
  readonly report?: Report;
  /** Why there is no report, or what went wrong around the run. */
  readonly problems: readonly string[];
  /** Where its report.json, report.md and junit.xml are, relative to the compat report directory. */
  readonly reportDir: string;
  /** Set when the target could not run here for a reason that is not its fault (its command is missing). */
  readonly skipped?: string;
}

export interface CompatCell {
  readonly status: CheckStatus;
  /** One line. */
  readonly reason?: string;
  /** For a failure or an expected failure: the anchor of its details (the minimal failing request). */
  readonly anchor?: string;
  readonly expected?: string;
  readonly received?: string;
  readonly curl?: string;
  readonly replay?: string;
  readonly expectedFailure?: { readonly category: ExpectedFailureCategory; readonly source: string };
}

/** A row per check, ordered by id. */
export interface CompatRow {
  readonly id: string;
  readonly title: string;
  readonly severity: string;
  /** By target name; a target that did not run this check has no cell. */
  readonly cells: Readonly<Record<string, CompatCell>>;
}

export interface CompatTarget {
  readonly name: string;
  readonly kind: TargetSpec['kind'];
  readonly endpoint?: string;
  readonly software?: string;
  readonly profile: ProfileName;
  readonly ledger?: string;
  readonly exitCode: number;
  readonly durationMs: number;
  readonly summary?: Summary;
  readonly problems: readonly string[];
  readonly reportDir: string;
  /** Why the target did not run at all (it does not count against the exit status). */
  readonly skipped?: string;
}

export interface CompatReport {
  readonly startedAt: string;
  readonly endedAt: string;
  readonly durationMs: number;
  readonly seed: number;
  readonly runs: number;
  readonly only?: readonly string[];
  readonly versions: Versions;
  readonly targets: readonly CompatTarget[];
  readonly checks: readonly CompatRow[];
  readonly differential: readonly DifferentialFinding[];
  /** Every target's run exited 0 (the ledgers allowing): 0; else the worst of 2, 1; 130 when interrupted. */
  readonly exitCode: number;
}

export interface MatrixInput {
  readonly startedAt: Date;
  readonly endedAt: Date;
  readonly seed: number;
  readonly runs: number;
  readonly only: readonly string[];
  readonly versions: Versions;
  readonly runsByTarget: readonly TargetRun[];
  readonly differential: readonly DifferentialFinding[];
  readonly interrupted: boolean;
}

/** An HTML id for a cell's details: stable across runs, so links into compat.md and compat.html hold. */
export function anchorOf(target: string, checkId: string): string {
  return `${target}--${checkId}`.toLowerCase().replace(/[^a-z0-9._-]+/g, '-');
}

/** Exit status of the whole comparison. The differential informs and never fails it. */
export function compatExitCode(runs: readonly Pick<TargetRun, 'exitCode'>[], interrupted: boolean): number {
  if (interrupted || runs.some((r) => r.exitCode === 130)) return 130;
  if (runs.some((r) => r.exitCode === 2)) return 2;
  return runs.some((r) => r.exitCode !== 0) ? 1 : 0;
}

export function buildMatrix(input: MatrixInput): CompatReport {
  const rows = new Map<
    string,
    { id: string; title: string; severity: string; cells: Record<string, CompatCell> }
  >();
  for (const run of input.runsByTarget) {
    const report = run.report;
    if (!report) continue;
    for (const check of report.checks) {
      let row = rows.get(check.id);
      if (!row) {
        row = { id: check.id, title: check.title, severity: check.severity, cells: {} };
        rows.set(check.id, row);
      }
      const failed = check.status === 'failed' || check.status === 'expected-failure';
      // An expected failure's reason opens with the ledger's source, which can be long: the cell shows the
      // category and what was received, the details the source.
      const why = check.expectedFailure
        ? `${check.expectedFailure.category}: ${check.received ?? check.reason ?? ''}`
        : check.reason;
      const reason = check.status === 'passed' ? undefined : oneLine(why, 160);
      row.cells[run.spec.name] = {
        status: check.status,
        ...(reason ? { reason } : {}),
        ...(failed
          ? {
              anchor: anchorOf(run.spec.name, check.id),
              ...(check.expected !== undefined ? { expected: check.expected } : {}),
              ...(check.received !== undefined ? { received: check.received } : {}),
              ...(check.curl !== undefined ? { curl: check.curl } : {}),
              replay: replayCommand(report, check.id),
              ...(check.expectedFailure ? { expectedFailure: check.expectedFailure } : {}),
            }
          : {}),
      };
    }
  }
  const targets = input.runsByTarget.map((run): CompatTarget => ({
    name: run.spec.name,
    kind: run.spec.kind,
    ...(run.endpoint !== undefined ? { endpoint: run.endpoint } : {}),
    ...(run.software !== undefined ? { software: run.software } : {}),
    profile: run.profile,
    ...(run.ledger !== undefined ? { ledger: run.ledger } : {}),
    exitCode: run.exitCode,
    durationMs: Math.round(run.durationMs),
    ...(run.report ? { summary: run.report.summary } : {}),
    problems: [...run.problems, ...(run.report?.problems ?? [])],
    reportDir: run.reportDir,
    ...(run.skipped !== undefined ? { skipped: run.skipped } : {}),
  }));
  return {
    startedAt: input.startedAt.toISOString(),
    endedAt: input.endedAt.toISOString(),
    durationMs: input.endedAt.getTime() - input.startedAt.getTime(),
    seed: input.seed,
    runs: input.runs,
    ...(input.only.length > 0 ? { only: [...input.only] } : {}),
    versions: input.versions,
    targets,
    // By id: the same order whatever order the suite files ran in, check families together.
    checks: [...rows.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
    differential: input.differential,
    exitCode: compatExitCode(input.runsByTarget, input.interrupted),
  };
}

/** "1 min 32 s", "8.4 s": how long a run took, for people. */
export function formatDuration(ms: number): string {
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)} min ${s % 60} s`;
}
