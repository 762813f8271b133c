/**
 * report.md: the run's header, the setup calls that broke their contract, a summary table, and for each failed
 * check every distinct failure: what was expected, what came back (the whole answer), the curl line and the
 * fast-check path that replay it.
 */
import type { CheckStatus } from './check-result.ts';
import { bodyCaption, responseText, type ResponseView } from './exchange-view.ts';
import type { Report, ReportCheck, ReportFailure, ReportSetupFailure } from './report.ts';
import { replayCommand } from './replay.ts';

export const STATUS_LABELS = {
  passed: 'passed',
  failed: 'FAILED',
  skipped: 'skipped',
  'expected-failure': 'expected failure',
} as const satisfies Record<CheckStatus, string>;

/** `2 setup calls broke their contract; 11 checks could not run`: the one-line verdict on a run's setup. */
export function setupSummary(report: Pick<Report, 'setupFailures'>): string {
  const calls = report.setupFailures.length;
  const blocked = new Set(report.setupFailures.flatMap((f) => f.checks)).size;
  return `${calls} setup call${calls === 1 ? '' : 's'} broke ${calls === 1 ? 'its' : 'their'} contract; ${blocked} check${blocked === 1 ? '' : 's'} could not run`;
}

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

function failureDetails(f: ReportFailure, n: number, total: number): string[] {
  const lines = [`#### Failure ${n} of ${total}${f.case !== undefined ? `: ${f.case}` : ''}`, ''];
  if (f.expectedFailure)
    lines.push(`- **Expected failure:** ${f.expectedFailure.category} (${f.expectedFailure.source})`);
  if (f.expected !== undefined) lines.push(`- **Expected:** ${f.expected}`);
  lines.push(`- **Received:** ${f.received ?? ''}`);
  if (f.signature !== undefined) lines.push(`- **Distinct by:** ${f.signature}`);
  if (f.seed !== undefined)
    lines.push(
      `- **fast-check:** seed ${f.seed}${f.path !== undefined ? `, path \`${f.path}\` (\`fc.assert(property, { seed: ${f.seed}, path: '${f.path}' })\`)` : ''}`,
    );
  lines.push('');
  if (f.request !== undefined)
    lines.push('Request:', '', fence(JSON.stringify(f.request, null, 2), 'json'), '');
  if (f.curl) lines.push(fence(f.curl, 'sh'), '');
  if (f.response !== undefined) lines.push(...responseBlock(f.response));
  return lines;
}

/** A failure past the report's cap in one line: its case, what was received, and the ledger entry covering it. */
export function briefLine(f: ReportFailure): string {
  const covered = f.expectedFailure ? ` (expected failure: ${f.expectedFailure.category})` : '';
  return `${f.case !== undefined ? `${f.case}: ` : ''}${f.received ?? ''}${covered}`;
}

function responseBlock(response: ResponseView): string[] {
  return [`Response (${bodyCaption(response.body)}):`, '', fence(responseText(response), 'http'), ''];
}

function details(report: Report, c: ReportCheck): string {
  const lines = [`### ${c.id}`, '', `${c.title} (${c.severity}${c.source ? `; ${c.source}` : ''})`, ''];
  if (c.status === 'expected-failure' && c.expectedFailure)
    lines.push(`Expected failure: ${c.expectedFailure.category} (${c.expectedFailure.source})`, '');
  lines.push(`- **Result:** ${STATUS_LABELS[c.status]}: ${oneLine(c.reason, 500)}`);
  lines.push(`- **Replay:** \`${replayCommand(report, c.id)}\``);
  const more = c.moreFailures ?? [];
  if (c.searchNote !== undefined) lines.push(`- **Search:** ${c.searchNote}`);
  lines.push('');
  const failures = c.failures ?? [];
  failures.forEach((f, i) => lines.push(...failureDetails(f, i + 1, failures.length)));
  if (more.length > 0)
    lines.push(
      `#### ${more.length} more distinct failures, in brief`,
      '',
      ...more.map((f) => `- ${briefLine(f)}`),
      '',
    );
  return lines.join('\n');
}

function setupDetails(f: ReportSetupFailure, n: number): string {
  const lines = [`### ${n}. ${f.call}`, '', f.problem, ''];
  lines.push(
    f.checks.length > 0
      ? `Checks that could not run: ${f.checks.map((c) => `\`${c}\``).join(', ')}.`
      : 'No check depended on it (it came after them).',
    '',
  );
  if (f.request !== undefined)
    lines.push('Request:', '', fence(JSON.stringify(f.request, null, 2), 'json'), '');
  if (f.curl) lines.push(fence(f.curl, 'sh'), '');
  lines.push(...(f.response !== undefined ? responseBlock(f.response) : ['No answer came.', '']));
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
    `- **Result:** ${s.passed} passed, ${s.failed} failed, ${s.expectedFailures} expected failures, ${s.skipped} skipped${report.setupFailures.length > 0 ? `; ${setupSummary(report)}` : ''}`,
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
  const setup =
    report.setupFailures.length > 0
      ? [
          '## Setup failures',
          '',
          'Calls the suite makes to prepare its checks, answered outside their contract:',
          '',
          ...report.setupFailures.map((f, i) => setupDetails(f, i + 1)),
        ]
      : [];
  const failures = report.checks.filter((c) => c.status === 'failed' || c.status === 'expected-failure');
  const body = failures.length > 0 ? ['## Failures', '', ...failures.map((c) => details(report, c))] : [];
  return [...header, ...setup, ...table, ...body].join('\n');
}
