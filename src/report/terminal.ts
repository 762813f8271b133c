/**
 * What `kcs check` prints: one line per finished check while it runs, then a summary table, the setup calls
 * and problems that fail the run, and the seed with the command that replays a check.
 */
import { oneLine, setupSummary, STATUS_LABELS } from './markdown.ts';
import type { CheckOutcome, Report } from './report.ts';
import { replayCommand } from './replay.ts';

const PROGRESS_LABELS = { passed: 'pass', failed: 'FAIL', skipped: 'skip' } as const satisfies Record<
  CheckOutcome['status'],
  string
>;

export function progressLine(outcome: CheckOutcome): string {
  const ms = `${Math.round(outcome.durationMs)} ms`;
  const why = outcome.status === 'passed' ? '' : `  ${oneLine(outcome.reason, 100)}`;
  return `${PROGRESS_LABELS[outcome.status]}  ${outcome.id}  ${ms}${why}`;
}

export function summaryText(report: Report, files: readonly string[]): string {
  const rows = report.checks.map((c) => [c.id, STATUS_LABELS[c.status], oneLine(c.reason, 100)] as const);
  const idWidth = Math.max('check'.length, ...rows.map((r) => r[0].length));
  const statusWidth = Math.max('result'.length, ...rows.map((r) => r[1].length));
  const line = (a: string, b: string, c: string): string =>
    `${a.padEnd(idWidth)}  ${b.padEnd(statusWidth)}  ${c}`.trimEnd();
  const out = [
    '',
    line('check', 'result', 'reason'),
    line('-'.repeat(idWidth), '-'.repeat(statusWidth), '------'),
  ];
  out.push(...rows.map((r) => line(...r)));
  const s = report.summary;
  out.push(
    '',
    `${s.passed} passed, ${s.failed} failed, ${s.expectedFailures} expected failures, ${s.skipped} skipped ` +
      `against ${report.target.name}${report.target.embedded ? ` (${report.target.endpoint})` : ''} ` +
      `[profile ${report.profile}, wire ${report.wire}]`,
  );
  for (const f of report.setupFailures)
    out.push(
      `setup failure: ${oneLine(`${f.call} ${f.problem}`, 200)}${f.checks.length > 0 ? ` (kept ${f.checks.length} check${f.checks.length === 1 ? '' : 's'} from running)` : ''}`,
    );
  for (const p of report.problems) out.push(`problem: ${p}`);
  if (report.setupFailures.length > 0)
    out.push(
      `setup failed: ${setupSummary(report)}; the reports show each call, what was sent and what came back`,
    );
  const failed = report.checks.find((c) => c.status === 'failed') ?? report.checks[0];
  out.push(`seed ${report.seed}; replay a check with: ${replayCommand(report, failed?.id ?? 'CHECK-ID')}`);
  if (files.length > 0) out.push(`reports: ${files.join(', ')}`);
  return `${out.join('\n')}\n`;
}
