/**
 * compat.md: the targets with their counts, the matrix (a row per check, a column per target, each cell
 * linking to the minimal failing request), the details of every failure, and the differential's smallest
 * differing requests with both answers side by side.
 */
import { STATUS_LABELS } from '../report/markdown.ts';
import type { Answer, DifferentialFinding } from './differential.ts';
import { describeOutcome } from './differential.ts';
import { escapeHtml } from '../report/html-escape.ts';
import { formatDuration, type CompatCell, type CompatReport, type CompatTarget } from './matrix.ts';

function cellText(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function fence(text: string, lang = ''): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = '`'.repeat(longest + 1);
  return `${ticks}${lang}\n${text}\n${ticks}`;
}

export function targetSoftware(t: CompatTarget): string {
  if (t.skipped !== undefined) return `skipped: ${t.skipped}`;
  return t.software ?? (t.kind === 'url' ? 'given as a URL' : '');
}

/** `passed`, or `[expected failure](#anchor): reason`. */
export function cellMarkdown(cell: CompatCell | undefined): string {
  if (!cell) return 'not run';
  const label = STATUS_LABELS[cell.status];
  const linked = cell.anchor ? `[${label}](#${cell.anchor})` : label;
  return cell.reason ? `${linked}: ${cellText(cell.reason)}` : linked;
}

function count(t: CompatTarget, key: 'passed' | 'failed' | 'expectedFailures' | 'skipped'): string {
  return t.summary ? String(t.summary[key]) : '–';
}

export function targetsTable(report: CompatReport): string[] {
  const lines = [
    '| target | software | profile | ledger | passed | failed | expected failures | skipped | exit | took |',
    '| --- | --- | --- | --- | --: | --: | --: | --: | --: | --: |',
  ];
  for (const t of report.targets) {
    lines.push(
      `| ${t.name} | ${cellText(targetSoftware(t))} | ${t.profile} | ${t.ledger ? `\`${t.ledger}\`` : '–'} | ` +
        `${count(t, 'passed')} | ${count(t, 'failed')} | ${count(t, 'expectedFailures')} | ${count(t, 'skipped')} | ` +
        `${t.exitCode} | ${formatDuration(t.durationMs)} |`,
    );
  }
  return lines;
}

function header(report: CompatReport): string[] {
  const v = report.versions;
  return [
    '# kcs compat: Kinesis Data Streams conformance across targets',
    '',
    `The same seeded suite ran against every target, one after another, each judged by the profile it claims ` +
      `and with its ledger of known divergences. Exit status ${report.exitCode}.`,
    '',
    `- **Started:** ${report.startedAt}; **took:** ${formatDuration(report.durationMs)}`,
    `- **Seed:** ${report.seed}; **runs per property:** ${report.runs}${report.only ? `; **only:** ${report.only.join(', ')}` : ''}`,
    `- **Versions:** kcs ${v.kcs}, node ${v.node}, vitest ${v.vitest}, fast-check ${v['fast-check']}`,
    '',
  ];
}

function problems(report: CompatReport): string[] {
  const rows = report.targets.flatMap((t) => t.problems.map((p) => `- **${t.name}:** ${p}`));
  return rows.length > 0 ? ['### Problems (each fails its target)', '', ...rows, ''] : [];
}

function matrix(report: CompatReport): string[] {
  const names = report.targets.map((t) => t.name);
  return [
    '## Matrix',
    '',
    `| check | ${names.join(' | ')} |`,
    `| --- | ${names.map(() => '---').join(' | ')} |`,
    ...report.checks.map(
      (row) => `| \`${row.id}\` | ${names.map((n) => cellMarkdown(row.cells[n])).join(' | ')} |`,
    ),
    '',
  ];
}

function failureDetails(report: CompatReport): string[] {
  const out: string[] = [];
  for (const row of report.checks) {
    for (const t of report.targets) {
      const cell = row.cells[t.name];
      if (!cell?.anchor) continue;
      out.push(
        `<a id="${cell.anchor}"></a>`,
        '',
        `### ${t.name}: \`${row.id}\``,
        '',
        `${row.title} (${row.severity})`,
        '',
      );
      if (cell.expectedFailure)
        out.push(`- **Expected failure:** ${cell.expectedFailure.category} (${cell.expectedFailure.source})`);
      else out.push('- **FAILED**');
      if (cell.expected !== undefined) out.push(`- **Expected:** ${cell.expected}`);
      out.push(`- **Received:** ${cell.received ?? cell.reason ?? ''}`);
      if (cell.replay) out.push(`- **Replay:** \`${cell.replay}\``);
      out.push(`- **Full report:** \`${t.reportDir}/report.md\``, '');
      if (cell.curl) out.push('The minimal failing request:', '', fence(cell.curl, 'sh'), '');
    }
  }
  if (out.length === 0) return [];
  return [
    '## Failures',
    '',
    'Each with the smallest request that shows it. The emulators listened on ephemeral ports: to replay, start ' +
      'one and put its URL in place of the one shown.',
    '',
    ...out,
  ];
}

const VERDICT_LABELS = {
  same: 'no difference found',
  differs: 'DIFFERS',
  unstable: 'differed once, not when sent again',
  error: 'could not run',
  interrupted: 'interrupted',
} as const satisfies Record<DifferentialFinding['verdict'], string>;

export { VERDICT_LABELS };

export function diffAnchor(f: DifferentialFinding): string {
  return `diff--${f.target}--${f.baseline}--${f.family}`.toLowerCase().replace(/[^a-z0-9._-]+/g, '-');
}

function answerBlock(a: Answer): string {
  const head = [`HTTP ${a.status}`, a.contentType ? `content-type: ${a.contentType}` : 'no content-type'];
  const body = typeof a.body === 'string' ? a.body : JSON.stringify(a.body, null, 2);
  return `<pre>${escapeHtml(`${head.join('\n')}\n\n${body}`)}</pre>`;
}

/** Two answers side by side: an HTML table, which GitHub renders inside Markdown. */
export function sideBySide(f: DifferentialFinding): string[] {
  if (!f.answers) return [];
  const { baseline, target } = f.answers;
  return [
    '<table>',
    `<tr><th>${escapeHtml(f.baseline)}</th><th>${escapeHtml(f.target)}</th></tr>`,
    `<tr><td><code>${escapeHtml(describeOutcome(baseline.outcome))}</code></td><td><code>${escapeHtml(describeOutcome(target.outcome))}</code></td></tr>`,
    `<tr><td>${answerBlock(baseline)}</td><td>${answerBlock(target)}</td></tr>`,
    '</table>',
  ];
}

function differential(report: CompatReport): string[] {
  if (report.differential.length === 0) return [];
  const out = [
    '## Differential',
    '',
    'The same generated requests went to each target and to the first one; answers were compared on HTTP ' +
      'status, `__type`, and per entry the ShardId or ErrorCode (not on sequence numbers, request ids or ' +
      'messages). A difference is shrunk to the smallest request that still shows it, then sent once more to ' +
      'both. It says where two targets disagree; the matrix says which one the documentation backs.',
    '',
    '| target | baseline | requests | verdict | cases tried | shrinks | smallest differing request | answers (baseline / target) |',
    '| --- | --- | --- | --- | --: | --: | --- | --- |',
  ];
  for (const f of report.differential) {
    const verdict =
      f.verdict === 'differs'
        ? `[${VERDICT_LABELS[f.verdict]}](#${diffAnchor(f)})`
        : VERDICT_LABELS[f.verdict];
    const what = f.caseName ?? (f.error ? cellText(f.error) : '');
    const answers = f.answers
      ? `\`${describeOutcome(f.answers.baseline.outcome)}\` / \`${describeOutcome(f.answers.target.outcome)}\``
      : '';
    out.push(
      `| ${f.target} | ${f.baseline} | ${f.family} | ${verdict} | ${f.numRuns} | ${f.numShrinks} | ${cellText(what)} | ${cellText(answers)} |`,
    );
  }
  out.push('');
  for (const f of report.differential) {
    if (!f.answers) continue;
    out.push(
      `<a id="${diffAnchor(f)}"></a>`,
      '',
      `### ${f.target} vs ${f.baseline}: ${f.family}`,
      '',
      `${f.caseName ?? 'A request'}; seed ${f.seed}${f.path !== undefined ? `, path \`${f.path}\`` : ''}.`,
      '',
      fence(JSON.stringify(f.request, null, 2), 'json'),
      '',
      `Sent to ${f.target}:`,
      '',
      fence(f.answers.target.curl, 'sh'),
      '',
      ...sideBySide(f),
      '',
    );
  }
  return out;
}

export function renderCompatMarkdown(report: CompatReport): string {
  return [
    ...header(report),
    '## Targets',
    '',
    ...targetsTable(report),
    '',
    ...problems(report),
    ...matrix(report),
    ...failureDetails(report),
    ...differential(report),
  ].join('\n');
}
