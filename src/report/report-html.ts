/**
 * report.html: report.md as one self-contained page (inline CSS, no script, nothing fetched; the
 * Content-Security-Policy says so to the browser): the summary, a row per check, the setup calls that broke
 * their contract, and every distinct failure folded in a <details> with its request, replay lines and the
 * target's whole answer. Every string from a target or the command line is escaped.
 */
import { bodyCaption, responseText, type ResponseView } from './exchange-view.ts';
import { escapeHtml as h } from './html-escape.ts';
import { briefLine, setupSummary, STATUS_LABELS } from './markdown.ts';
import {
  exitCodeOf,
  type Report,
  type ReportCheck,
  type ReportFailure,
  type ReportSetupFailure,
} from './report.ts';
import { replayCommand } from './replay.ts';

const STYLE = `
body { font: 14px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 80rem; padding: 0 1rem; color: #1b1f24; }
h1 { font-size: 1.5rem; } h2 { margin-top: 2rem; border-bottom: 1px solid #d0d7de; } h3 { margin-top: 1.5rem; }
table { border-collapse: collapse; margin: .5rem 0; } th, td { border: 1px solid #d0d7de; padding: .3rem .5rem; vertical-align: top; text-align: left; }
td.n { text-align: right; } code, pre { font: 12px/1.4 ui-monospace, monospace; }
pre { background: #f6f8fa; padding: .5rem; overflow-x: auto; white-space: pre-wrap; word-break: break-all; margin: .25rem 0 .75rem; }
.passed { background: #dafbe1; } .failed { background: #ffd8d3; } .skipped { background: #eaeef2; } .expected-failure { background: #fff1c2; }
details { border: 1px solid #d0d7de; border-radius: 4px; margin: .5rem 0; padding: .25rem .75rem; }
details > summary { cursor: pointer; font-weight: 600; }
.caption { font-size: 12px; color: #424a53; margin: .5rem 0 0; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; } dt { font-weight: 600; } dd { margin: 0; }
`;

/** An HTML id for a check's section. */
export function checkAnchor(id: string): string {
  return `check-${id.toLowerCase().replace(/[^a-z0-9._-]+/g, '-')}`;
}

function pre(text: string): string {
  return `<pre>${h(text)}</pre>`;
}

function response(view: ResponseView | undefined): string {
  if (view === undefined) return '<p class="caption">No answer came.</p>';
  return `<p class="caption">Response (${h(bodyCaption(view.body))}):</p>${pre(responseText(view))}`;
}

function request(value: unknown, curl: string | undefined): string {
  return (
    (value !== undefined ? `<p class="caption">Request:</p>${pre(JSON.stringify(value, null, 2))}` : '') +
    (curl ? `<p class="caption">Replay with curl:</p>${pre(curl)}` : '')
  );
}

function item(term: string, value: string): string {
  return `<dt>${h(term)}</dt><dd>${value}</dd>`;
}

function failure(report: Report, c: ReportCheck, f: ReportFailure, n: number, total: number): string {
  const title = `Failure ${n} of ${total}${f.case !== undefined ? `: ${f.case}` : ''}`;
  const facts = [
    f.expectedFailure
      ? item('Expected failure', h(`${f.expectedFailure.category} (${f.expectedFailure.source})`))
      : '',
    f.expected !== undefined ? item('Expected', h(f.expected)) : '',
    item('Received', h(f.received ?? '')),
    f.signature !== undefined ? item('Distinct by', h(f.signature)) : '',
    item('Replay', `<code>${h(replayCommand(report, c.id))}</code>`),
    f.seed !== undefined
      ? item(
          'fast-check',
          `seed ${f.seed}${f.path !== undefined ? `, path <code>${h(f.path)}</code>: <code>${h(`fc.assert(property, { seed: ${f.seed}, path: '${f.path}' })`)}</code>` : ''}`,
        )
      : '',
  ];
  return (
    `<details${n === 1 ? ' open' : ''}><summary>${h(title)}</summary><dl>${facts.join('')}</dl>` +
    `${request(f.request, f.curl)}${f.response !== undefined ? response(f.response) : ''}</details>`
  );
}

function checkSection(report: Report, c: ReportCheck): string {
  const failures = c.failures ?? [];
  const more = c.moreFailures ?? [];
  const notes = [
    c.status === 'expected-failure' && c.expectedFailure
      ? `<p><b>Expected failure:</b> ${h(`${c.expectedFailure.category} (${c.expectedFailure.source})`)}</p>`
      : '',
    c.searchNote !== undefined ? `<p>${h(c.searchNote)}.</p>` : '',
  ];
  const brief =
    more.length > 0
      ? `<details><summary>${more.length} more distinct failures, in brief</summary><ul>${more.map((f) => `<li>${h(briefLine(f))}</li>`).join('')}</ul></details>`
      : '';
  return (
    `<section id="${h(checkAnchor(c.id))}"><h3><code>${h(c.id)}</code>: ${h(STATUS_LABELS[c.status])}</h3>` +
    `<p>${h(c.title)} (${h(c.severity)}${c.source ? `; ${h(c.source)}` : ''})</p>` +
    `<p><b>Replay the check:</b> <code>${h(replayCommand(report, c.id))}</code></p>${notes.join('')}` +
    failures.map((f, i) => failure(report, c, f, i + 1, failures.length)).join('') +
    `${brief}</section>`
  );
}

function setupSection(f: ReportSetupFailure, n: number): string {
  const blocked =
    f.checks.length > 0
      ? `<p>Checks that could not run: ${f.checks.map((c) => `<code>${h(c)}</code>`).join(', ')}.</p>`
      : '<p>No check depended on it (it came after them).</p>';
  return (
    `<details open><summary>${n}. ${h(f.call)}</summary><p>${h(f.problem)}</p>${blocked}` +
    `${request(f.request, f.curl)}${response(f.response)}</details>`
  );
}

function checksTable(report: Report): string {
  const rows = report.checks.map((c) => {
    const failed = c.status === 'failed' || c.status === 'expected-failure';
    const label = h(STATUS_LABELS[c.status]);
    const count = (c.failures?.length ?? 0) + (c.moreFailures?.length ?? 0);
    return (
      `<tr><th><code>${h(c.id)}</code></th>` +
      `<td class="${c.status}">${failed ? `<a href="#${h(checkAnchor(c.id))}">${label}</a>` : label}</td>` +
      `<td class="n">${failed ? count : ''}</td><td>${h(c.reason ?? '')}</td></tr>`
    );
  });
  return (
    '<h2>Checks</h2><table><tr><th>check</th><th>result</th><th>failures</th><th>reason</th></tr>' +
    `${rows.join('')}</table>`
  );
}

export function renderReportHtml(report: Report): string {
  const s = report.summary;
  const v = report.versions;
  const t = report.target;
  const failed = report.checks.filter((c) => c.status === 'failed' || c.status === 'expected-failure');
  const setup =
    report.setupFailures.length > 0
      ? '<h2>Setup failures</h2><p>Calls the suite makes to prepare its checks, answered outside their contract:</p>' +
        report.setupFailures.map((f, i) => setupSection(f, i + 1)).join('')
      : '';
  const problems =
    report.problems.length > 0
      ? `<h2>Problems</h2><ul>${report.problems.map((p) => `<li>${h(p)}</li>`).join('')}</ul>`
      : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>kcs check: ${h(t.name)}</title>
<style>${STYLE}</style></head><body>
<h1>kcs check: ${h(t.name)}</h1>
<p><b>Result:</b> ${s.passed} passed, ${s.failed} failed, ${s.expectedFailures} expected failures, ${s.skipped} skipped${report.setupFailures.length > 0 ? `; ${h(setupSummary(report))}` : ''}; exit status ${exitCodeOf(report)}.</p>
<ul><li><b>Target:</b> ${h(t.name)}${t.embedded ? ` (${h(t.endpoint)})` : ''}, region ${h(t.region)}</li>
<li><b>Profile:</b> ${h(report.profile)}; <b>wire:</b> ${h(report.wire)}; <b>seed:</b> ${report.seed}; <b>runs:</b> ${report.runs}${report.only ? `; <b>only:</b> ${h(report.only.join(', '))}` : ''}</li>
<li><b>Versions:</b> kcs ${h(v.kcs)}, node ${h(v.node)}, vitest ${h(v.vitest)}, fast-check ${h(v['fast-check'])}</li>
<li><b>Started:</b> ${h(report.startedAt)}; <b>ended:</b> ${h(report.endedAt)}</li></ul>
${problems}
${setup}
${checksTable(report)}
${failed.length > 0 ? `<h2>Failures</h2><p>Each distinct failure with the smallest request that shows it, how to replay it, and what the target answered.</p>${failed.map((c) => checkSection(report, c)).join('')}` : ''}
</body></html>
`;
}
