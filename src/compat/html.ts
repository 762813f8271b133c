/**
 * compat.html: compat.md as one self-contained page (inline CSS, no script, nothing fetched; the
 * Content-Security-Policy says so to the browser). Every string from a target or the command line is escaped.
 */
import { STATUS_LABELS } from '../report/markdown.ts';
import type { CheckStatus } from '../report/check-result.ts';
import { describeOutcome, type Answer, type DifferentialFinding } from './differential.ts';
import { escapeHtml as h } from '../report/html-escape.ts';
import { diffAnchor, targetSoftware, VERDICT_LABELS } from './markdown.ts';
import { formatDuration, type CompatCell, type CompatReport } from './matrix.ts';

const STYLE = `
body { font: 14px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 88rem; padding: 0 1rem; color: #1b1f24; }
h1 { font-size: 1.5rem; } h2 { margin-top: 2rem; border-bottom: 1px solid #d0d7de; } h3 { margin-top: 1.5rem; }
table { border-collapse: collapse; margin: .5rem 0; } th, td { border: 1px solid #d0d7de; padding: .3rem .5rem; vertical-align: top; text-align: left; }
td.n { text-align: right; } code, pre { font: 12px/1.4 ui-monospace, monospace; }
pre { background: #f6f8fa; padding: .5rem; overflow-x: auto; white-space: pre-wrap; word-break: break-all; margin: 0; }
.passed { background: #dafbe1; } .failed { background: #ffd8d3; } .skipped { background: #eaeef2; }
.expected-failure { background: #fff1c2; } .not-run { color: #6e7781; }
.reason { display: block; font-size: 12px; color: #424a53; }
.side { display: grid; grid-template-columns: 1fr 1fr; gap: .5rem; }
`;

function statusClass(status: CheckStatus): string {
  return status;
}

function cellHtml(cell: CompatCell | undefined): string {
  if (!cell) return '<td class="not-run">not run</td>';
  const label = h(STATUS_LABELS[cell.status]);
  const linked = cell.anchor ? `<a href="#${h(cell.anchor)}">${label}</a>` : label;
  const reason = cell.reason ? `<span class="reason">${h(cell.reason)}</span>` : '';
  return `<td class="${statusClass(cell.status)}">${linked}${reason}</td>`;
}

function targets(report: CompatReport): string {
  const n = (v: number | undefined): string => `<td class="n">${v === undefined ? '–' : v}</td>`;
  const rows = report.targets.map(
    (t) =>
      `<tr><th>${h(t.name)}</th><td>${h(targetSoftware(t))}</td><td>${h(t.profile)}</td>` +
      `<td>${t.ledger ? `<code>${h(t.ledger)}</code>` : '–'}</td>${n(t.summary?.passed)}${n(t.summary?.failed)}` +
      `${n(t.summary?.expectedFailures)}${n(t.summary?.skipped)}${n(t.exitCode)}<td class="n">${h(formatDuration(t.durationMs))}</td></tr>`,
  );
  const problems = report.targets.flatMap((t) =>
    t.problems.map((p) => `<li><b>${h(t.name)}:</b> ${h(p)}</li>`),
  );
  return (
    '<h2>Targets</h2><table><tr><th>target</th><th>software</th><th>profile</th><th>ledger</th><th>passed</th>' +
    '<th>failed</th><th>expected failures</th><th>skipped</th><th>exit</th><th>took</th></tr>' +
    rows.join('') +
    '</table>' +
    (problems.length > 0 ? `<h3>Problems (each fails its target)</h3><ul>${problems.join('')}</ul>` : '')
  );
}

function matrix(report: CompatReport): string {
  const names = report.targets.map((t) => t.name);
  const rows = report.checks.map(
    (row) =>
      `<tr><th><code>${h(row.id)}</code><span class="reason">${h(row.title)}</span></th>` +
      names.map((n) => cellHtml(row.cells[n])).join('') +
      '</tr>',
  );
  return `<h2>Matrix</h2><table><tr><th>check</th>${names.map((n) => `<th>${h(n)}</th>`).join('')}</tr>${rows.join('')}</table>`;
}

function failures(report: CompatReport): string {
  const out: string[] = [];
  for (const row of report.checks) {
    for (const t of report.targets) {
      const cell = row.cells[t.name];
      if (!cell?.anchor) continue;
      const status = cell.expectedFailure
        ? `Expected failure: ${cell.expectedFailure.category} (${cell.expectedFailure.source})`
        : 'FAILED';
      out.push(
        `<h3 id="${h(cell.anchor)}">${h(t.name)}: <code>${h(row.id)}</code></h3>`,
        `<p>${h(row.title)} (${h(row.severity)})</p><ul><li><b>${h(status)}</b></li>`,
        cell.expected !== undefined ? `<li><b>Expected:</b> ${h(cell.expected)}</li>` : '',
        `<li><b>Received:</b> ${h(cell.received ?? cell.reason ?? '')}</li>`,
        cell.replay ? `<li><b>Replay:</b> <code>${h(cell.replay)}</code></li>` : '',
        `<li><b>Full report:</b> <code>${h(t.reportDir)}/report.md</code></li></ul>`,
        cell.curl ? `<p>The minimal failing request:</p><pre>${h(cell.curl)}</pre>` : '',
      );
    }
  }
  return out.length > 0
    ? `<h2>Failures</h2><p>Each with the smallest request that shows it. The emulators listened on ephemeral ports: to replay, start one and put its URL in place of the one shown.</p>${out.join('')}`
    : '';
}

function answer(a: Answer): string {
  const body = typeof a.body === 'string' ? a.body : JSON.stringify(a.body, null, 2);
  return `<pre>${h(`HTTP ${a.status}\n${a.contentType ? `content-type: ${a.contentType}` : 'no content-type'}\n\n${body}`)}</pre>`;
}

function differential(findings: readonly DifferentialFinding[]): string {
  if (findings.length === 0) return '';
  const rows = findings.map((f) => {
    const verdict = h(VERDICT_LABELS[f.verdict]);
    return (
      `<tr><td>${h(f.target)}</td><td>${h(f.baseline)}</td><td>${h(f.family)}</td>` +
      `<td class="${f.verdict === 'differs' ? 'failed' : f.verdict === 'same' ? 'passed' : 'skipped'}">` +
      `${f.verdict === 'differs' ? `<a href="#${h(diffAnchor(f))}">${verdict}</a>` : verdict}</td>` +
      `<td class="n">${f.numRuns}</td><td class="n">${f.numShrinks}</td><td>${h(f.caseName ?? f.error ?? '')}</td></tr>`
    );
  });
  const details = findings
    .filter((f) => f.answers)
    .map((f) => {
      const { baseline, target } = f.answers!;
      return (
        `<h3 id="${h(diffAnchor(f))}">${h(f.target)} vs ${h(f.baseline)}: ${h(f.family)}</h3>` +
        `<p>${h(f.caseName ?? 'A request')}; seed ${f.seed}${f.path !== undefined ? `, path <code>${h(f.path)}</code>` : ''}.</p>` +
        `<pre>${h(JSON.stringify(f.request, null, 2))}</pre><p>Sent to ${h(f.target)}:</p><pre>${h(target.curl)}</pre>` +
        `<div class="side"><div><b>${h(f.baseline)}</b>: <code>${h(describeOutcome(baseline.outcome))}</code></div>` +
        `<div><b>${h(f.target)}</b>: <code>${h(describeOutcome(target.outcome))}</code></div>` +
        `<div>${answer(baseline)}</div><div>${answer(target)}</div></div>`
      );
    });
  return (
    '<h2>Differential</h2><p>The same generated requests went to each target and to the first one; answers were ' +
    'compared on HTTP status, <code>__type</code>, and per entry the ShardId or ErrorCode (not on sequence numbers, ' +
    'request ids or messages). A difference is shrunk to the smallest request that still shows it, then sent once ' +
    'more to both.</p><table><tr><th>target</th><th>baseline</th><th>requests</th><th>verdict</th>' +
    `<th>cases tried</th><th>shrinks</th><th>smallest differing request</th></tr>${rows.join('')}</table>${details.join('')}`
  );
}

export function renderCompatHtml(report: CompatReport): string {
  const v = report.versions;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>kcs compat: ${h(report.targets.map((t) => t.name).join(', '))}</title>
<style>${STYLE}</style></head><body>
<h1>kcs compat: Kinesis Data Streams conformance across targets</h1>
<p>The same seeded suite ran against every target, one after another, each judged by the profile it claims and
with its ledger of known divergences. Exit status ${report.exitCode}.</p>
<ul><li><b>Started:</b> ${h(report.startedAt)}; <b>took:</b> ${h(formatDuration(report.durationMs))}</li>
<li><b>Seed:</b> ${report.seed}; <b>runs per property:</b> ${report.runs}${report.only ? `; <b>only:</b> ${h(report.only.join(', '))}` : ''}</li>
<li><b>Versions:</b> kcs ${h(v.kcs)}, node ${h(v.node)}, vitest ${h(v.vitest)}, fast-check ${h(v['fast-check'])}</li></ul>
${targets(report)}
${matrix(report)}
${failures(report)}
${differential(report.differential)}
</body></html>
`;
}
