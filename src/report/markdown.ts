/**
 * report.md: the run's header, a summary table, and for each failure what was expected, what came back and
 * the curl line that replays the request.
 */
import type { CheckStatus } from './check-result.ts';
import type { Report, ReportCheck } from './report.ts';
import { replayCommand } from './replay.ts';

export const STATUS_LABELS = {
  passed: 'passed',
  failed: 'FAILED',
  skipped: 'skipped',
  'expected-failure': 'expected failure',
} as const satisfies Record<CheckStatus, string>;

/** The first line of a text, capped: table cells and terminal rows hold one line. */
export function oneLine(text: string | undefined, max = 120): string {
  const line = (text ?? '').split('\n', 1)[0]!.trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|');
}

function fence(text: string, lang = ''): string {
  // A fence longer than any backtick run inside keeps the block intact.
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = '`'.repeat(longest + 1);
  return `${ticks}${lang}\n${text}\n${ticks}`;
}

function details(report: Report, c: ReportCheck): string {
  const lines = [`### ${c.id}`, '', `${c.title} (${c.severity}${c.source ? `; ${c.source}` : ''})`, ''];
  if (c.expectedFailure)
    lines.push(`Expected failure: ${c.expectedFailure.category} (${c.expectedFailure.source})`, '');
  if (c.expected !== undefined) lines.push(`- **Expected:** ${c.expected}`);
  lines.push(`- **Received:** ${c.received ?? oneLine(c.reason, 500)}`);
  if (c.seed !== undefined)
    lines.push(`- **Seed:** ${c.seed}${c.path !== undefined ? `, path \`${c.path}\`` : ''}`);
  lines.push(`- **Replay:** \`${replayCommand(report, c.id)}\``, '');
  if (c.curl) lines.push(fence(c.curl, 'sh'), '');
  if (c.response !== undefined)
    lines.push('Response:', '', fence(JSON.stringify(c.response, null, 2), 'json'), '');
  return lines.join('\n');
}

export function renderMarkdown(report: Report): string {
  const s = report.summary;
  const header = [
    '# kcs check report',
    '',
    `- **Target:** ${report.target.name}${report.target.embedded ? ` (${report.target.endpoint})` : ''}, region ${report.target.region}`,
    `- **Profile:** ${report.profile}; **wire:** ${report.wire}; **seed:** ${report.seed}; **runs:** ${report.runs}${report.only ? `; **only:** ${report.only.join(', ')}` : ''}${report.areas ? `; **areas:** ${report.areas.join(', ')}` : ''}`,
    `- **Versions:** kcs ${report.versions.kcs}, node ${report.versions.node}, vitest ${report.versions.vitest}, fast-check ${report.versions['fast-check']}`,
    `- **Started:** ${report.startedAt}; **ended:** ${report.endedAt}`,
    `- **Result:** ${s.passed} passed, ${s.failed} failed, ${s.expectedFailures} expected failures, ${s.skipped} skipped`,
    '',
  ];
  if (report.problems.length > 0) {
    header.push('## Problems', '', ...report.problems.map((p) => `- ${p}`), '');
  }
  const table = [
    '## Checks',
    '',
    '| check | result | reason |',
    '| --- | --- | --- |',
    ...report.checks.map((c) => `| \`${c.id}\` | ${STATUS_LABELS[c.status]} | ${cell(oneLine(c.reason))} |`),
    '',
  ];
  const failures = report.checks.filter((c) => c.status === 'failed' || c.status === 'expected-failure');
  const body = failures.length > 0 ? ['## Failures', '', ...failures.map((c) => details(report, c))] : [];
  return [...header, ...table, ...body].join('\n');
}
