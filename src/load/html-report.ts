/**
 * load.html: one load run as a single self-contained page, readable offline and attachable to a CI run. No
 * script, font or stylesheet is fetched (a Content-Security-Policy says so to the browser too): the CSS is
 * inline and the charts are SVG drawn here. Every string taken from the result is escaped, since the
 * endpoint and stream names come from the user. PURE (no Node API): the k6 scripts' handleSummary renders it.
 */
import { RECORD_ERRORS } from '../profiles/common.ts';
import type { LoadResult, SecondSample } from './result.ts';

export { escapeHtml } from '../report/html-escape.ts';
import { escapeHtml } from '../report/html-escape.ts';

/**
 * `n` with thousands separators and at most `digits` decimals, trailing zeros dropped (1,234.5). Written out
 * rather than Intl.NumberFormat: the k6 scripts render this page too, and k6's JavaScript engine has no Intl.
 */
export function groupDigits(n: number, digits: number): string {
  const fixed = Math.abs(n).toFixed(digits);
  const [whole, fraction = ''] = fixed.split('.');
  const grouped = whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const decimals = fraction.replace(/0+$/, '');
  const sign = n < 0 && Number(fixed) !== 0 ? '-' : '';
  return `${sign}${grouped}${decimals ? `.${decimals}` : ''}`;
}

const integer = { format: (n: number): string => groupDigits(n, 0) };
const oneDecimal = { format: (n: number): string => groupDigits(n, 1) };

/** A count or rate: grouped, one decimal below 100 so small rates do not read as zero. */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return '–';
  return Math.abs(n) < 100 ? oneDecimal.format(n) : integer.format(n);
}

/** Milliseconds with the precision a latency deserves at its size (3 significant digits, at least). */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  if (ms < 1) return `${ms.toFixed(3)} ms`;
  if (ms < 10) return `${ms.toFixed(2)} ms`;
  if (ms < 100) return `${ms.toFixed(1)} ms`;
  return `${integer.format(ms)} ms`;
}

export function formatMegabytes(mb: number): string {
  if (!Number.isFinite(mb)) return '–';
  return `${mb < 10 ? mb.toFixed(2) : oneDecimal.format(mb)} MB/s`;
}

/** Axis labels: short (12k, 1.5M). */
function formatTick(n: number): string {
  const abs = Math.abs(n);
  if (abs >= 1e6) return `${+(n / 1e6).toFixed(1)}M`;
  if (abs >= 1e4) return `${+(n / 1e3).toFixed(0)}k`;
  if (abs >= 1e3) return `${+(n / 1e3).toFixed(1)}k`;
  return `${+n.toFixed(abs < 1 ? 3 : abs < 10 ? 2 : 1)}`;
}

function sum(values: Readonly<Record<string, number>>): number {
  return Object.values(values).reduce((a, b) => a + b, 0);
}

// ---------------------------------------------------------------------------------------------------------
// Charts

interface Series {
  readonly name: string;
  readonly className: string;
  readonly points: readonly (readonly [number, number])[];
}

interface Axis {
  readonly min: number;
  readonly max: number;
  readonly ticks: readonly { readonly value: number; readonly label: string }[];
  readonly title: string;
}

const CHART = { width: 760, height: 280, left: 64, right: 36, top: 14, bottom: 44 } as const;

/** A 1-2-5 step giving about `count` intervals over [0, max]. */
function niceTicks(max: number, count = 5): number[] {
  if (!(max > 0)) return [0, 1];
  const rough = max / count;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= rough) ?? 10 * magnitude;
  const ticks: number[] = [];
  for (let v = 0; v <= max + step * 1e-9; v += step) ticks.push(+v.toPrecision(12));
  if (ticks[ticks.length - 1]! < max) ticks.push(+(ticks[ticks.length - 1]! + step).toPrecision(12));
  return ticks;
}

function linearAxis(values: readonly number[], title: string): Axis {
  const ticks = niceTicks(Math.max(0, ...values.filter(Number.isFinite)));
  return {
    min: 0,
    max: ticks[ticks.length - 1]!,
    ticks: ticks.map((value) => ({ value, label: formatTick(value) })),
    title,
  };
}

function chartSvg(label: string, series: readonly Series[], x: Axis, y: Axis): string {
  const { width, height, left, right, top, bottom } = CHART;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const sx = (v: number): number => left + ((v - x.min) / (x.max - x.min || 1)) * plotW;
  const sy = (v: number): number => top + plotH - ((v - y.min) / (y.max - y.min || 1)) * plotH;
  const r = (v: number): string => v.toFixed(1);
  const parts: string[] = [
    `<svg class="chart" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeHtml(label)}">`,
    `<title>${escapeHtml(label)}</title>`,
  ];
  for (const t of y.ticks) {
    const py = r(sy(t.value));
    parts.push(
      `<line class="grid" x1="${left}" x2="${width - right}" y1="${py}" y2="${py}"/>`,
      `<text class="tick" x="${left - 6}" y="${py}" text-anchor="end" dominant-baseline="middle">${escapeHtml(t.label)}</text>`,
    );
  }
  for (const t of x.ticks) {
    const px = r(sx(t.value));
    parts.push(
      `<line class="grid" x1="${px}" x2="${px}" y1="${top}" y2="${top + plotH}"/>`,
      `<text class="tick" x="${px}" y="${top + plotH + 16}" text-anchor="middle">${escapeHtml(t.label)}</text>`,
    );
  }
  parts.push(
    `<rect class="frame" x="${left}" y="${top}" width="${plotW}" height="${plotH}"/>`,
    `<text class="axis-title" x="${left + plotW / 2}" y="${height - 6}" text-anchor="middle">${escapeHtml(x.title)}</text>`,
    `<text class="axis-title" transform="translate(14 ${top + plotH / 2}) rotate(-90)" text-anchor="middle">${escapeHtml(y.title)}</text>`,
  );
  for (const s of series) {
    const pts = s.points.filter(([a, b]) => Number.isFinite(a) && Number.isFinite(b));
    if (pts.length === 0) continue;
    const coords = pts.map(([a, b]) => `${r(sx(a))},${r(sy(b))}`).join(' ');
    parts.push(
      `<polyline class="line ${s.className}" points="${coords}"><title>${escapeHtml(s.name)}</title></polyline>`,
    );
    // A lone sample draws no line; mark it so the chart is not blank.
    if (pts.length === 1)
      parts.push(
        `<circle class="dot ${s.className}" cx="${r(sx(pts[0]![0]))}" cy="${r(sy(pts[0]![1]))}" r="3"/>`,
      );
  }
  parts.push('</svg>');
  return parts.join('');
}

function legend(series: readonly Series[]): string {
  return `<div class="legend">${series
    .map((s) => `<span><i class="swatch ${s.className}"></i>${escapeHtml(s.name)}</span>`)
    .join('')}</div>`;
}

function timeAxis(samples: readonly SecondSample[]): Axis {
  const ticks = niceTicks(Math.max(1, ...samples.map((s) => s.t)), 8);
  return {
    min: 0,
    max: ticks[ticks.length - 1]!,
    ticks: ticks.map((value) => ({ value, label: `${value}` })),
    title: 'seconds since start',
  };
}

function throughputChart(samples: readonly SecondSample[]): string {
  const series: Series[] = [
    { name: 'records/s acknowledged', className: 's1', points: samples.map((s) => [s.t, s.records]) },
    { name: 'record errors/s', className: 's3', points: samples.map((s) => [s.t, s.recordErrors]) },
  ];
  const y = linearAxis(
    samples.flatMap((s) => [s.records, s.recordErrors]),
    'records per second',
  );
  return legend(series) + chartSvg('Throughput over time', series, timeAxis(samples), y);
}

function latencyChart(samples: readonly SecondSample[]): string {
  const series: Series[] = [
    { name: 'p50', className: 's1', points: samples.map((s) => [s.t, s.p50]) },
    { name: 'p99', className: 's2', points: samples.map((s) => [s.t, s.p99]) },
  ];
  const y = linearAxis(
    samples.flatMap((s) => [s.p50, s.p99]),
    'latency (ms)',
  );
  return legend(series) + chartSvg('Latency over time', series, timeAxis(samples), y);
}

/** Percentiles as HdrHistogram plots them: x = log10(1 / (1 - p)), so 90%, 99%, 99.9% ... are evenly spaced. */
const PERCENTILE_TICKS = [0, 90, 99, 99.9, 99.99, 99.999] as const;
const LAST_PERCENTILE = PERCENTILE_TICKS[5];

function percentileX(percent: number): number {
  const clamped = Math.min(Math.max(percent, 0), LAST_PERCENTILE);
  return Math.log10(100 / (100 - clamped));
}

function percentileChart(percentiles: readonly (readonly [number, number])[]): string {
  const series: Series[] = [
    {
      name: 'latency at percentile',
      className: 's2',
      points: percentiles.map(([p, ms]) => [percentileX(p), ms]),
    },
  ];
  const x: Axis = {
    min: 0,
    max: percentileX(LAST_PERCENTILE),
    ticks: PERCENTILE_TICKS.map((p) => ({ value: percentileX(p), label: `${p}%` })),
    title: 'percentile (log scale)',
  };
  const y = linearAxis(
    percentiles.map(([, ms]) => ms),
    'latency (ms)',
  );
  return chartSvg('Latency by percentile', series, x, y);
}

// ---------------------------------------------------------------------------------------------------------
// Page

function definitionList(rows: readonly (readonly [string, string])[]): string {
  return `<dl>${rows.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('')}</dl>`;
}

function stat(label: string, value: string, tone: 'plain' | 'good' | 'bad' = 'plain'): string {
  return `<div class="stat ${tone}"><div class="value">${escapeHtml(value)}</div><div class="label">${escapeHtml(label)}</div></div>`;
}

function countTable(title: string, counts: Readonly<Record<string, number>>): string {
  const rows = Object.entries(counts).sort(([, a], [, b]) => b - a);
  if (rows.length === 0) return '';
  return `<table><thead><tr><th>${escapeHtml(title)}</th><th class="num">count</th></tr></thead><tbody>${rows
    .map(
      ([k, v]) =>
        `<tr><td><code>${escapeHtml(k)}</code></td><td class="num">${escapeHtml(formatCount(v))}</td></tr>`,
    )
    .join('')}</tbody></table>`;
}

function scenarioRows(r: LoadResult): [string, string][] {
  const s = r.scenario;
  const load =
    s.model === 'open'
      ? ['model', `open (fixed arrival rate): ${s.rate === undefined ? '?' : formatCount(s.rate)} requests/s`]
      : [
          'model',
          `closed: ${s.connections === undefined ? '?' : formatCount(s.connections)} requests in flight`,
        ];
  return [
    load as [string, string],
    ['duration', `${+(s.durationMs / 1000).toFixed(3)} s`],
    ['records per request', formatCount(s.recordsPerRequest)],
    ['record size', s.recordSize],
    ['partition keys', s.partitionKeys],
    ['stream', s.stream],
    ['shards', formatCount(s.shards)],
    ['wire', s.wire],
    ['seed', String(s.seed)],
    ...(s.workers !== undefined ? [['workers', formatCount(s.workers)] as [string, string]] : []),
    ...(s.verify !== undefined ? [['verify', s.verify ? 'yes' : 'no'] as [string, string]] : []),
  ];
}

function verificationSection(v: NonNullable<LoadResult['verification']>): string {
  const ok = v.lost === 0 && v.duplicated === 0 && v.reordered === 0;
  return `<section id="verification"><h2>Verification <span class="badge ${ok ? 'good' : 'bad'}">${ok ? 'passed' : 'FAILED'}</span></h2>
<p>Every acknowledged record read back from the stream.</p>
<div class="stats">${[
    stat('acknowledged', formatCount(v.acknowledged)),
    stat('found', formatCount(v.found)),
    stat('lost', formatCount(v.lost), v.lost === 0 ? 'good' : 'bad'),
    stat('duplicated', formatCount(v.duplicated), v.duplicated === 0 ? 'good' : 'bad'),
    stat('reordered', formatCount(v.reordered), v.reordered === 0 ? 'good' : 'bad'),
  ].join('')}</div></section>`;
}

/** How this result's latency was measured: it decides what its percentiles can be compared with. */
function latencyNote(result: LoadResult): string {
  if (result.tool === 'k6')
    return 'k6 measures latency from when each request started; a request it could not start on schedule is counted as dropped, not as latency.';
  return result.scenario.model === 'open'
    ? 'Latency is measured from each request’s intended send time, so stalls are not hidden by coordinated omission.'
    : 'Closed model: latency is measured from the actual send time.';
}

const STYLE = `
:root { color-scheme: light dark; --fg: #1d232b; --muted: #5d6875; --bg: #ffffff; --panel: #f4f6f8; --grid: #dde2e7;
  --c1: #1f6fd1; --c2: #d9480f; --c3: #c92a2a; --good: #2b8a3e; --bad: #c92a2a; }
@media (prefers-color-scheme: dark) { :root { --fg: #e3e7ec; --muted: #9aa5b1; --bg: #15191e; --panel: #1f252c;
  --grid: #313942; --c1: #5c9ded; --c2: #f08c4a; --c3: #ff6b6b; --good: #69db7c; --bad: #ff6b6b; } }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1100px; padding: 24px; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif;
  color: var(--fg); background: var(--bg); }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 17px; margin: 28px 0 10px; }
.sub { color: var(--muted); margin: 0 0 16px; word-break: break-all; }
.meta { display: grid; grid-template-columns: repeat(auto-fit, minmax(320px, 1fr)); gap: 12px; }
.meta section { background: var(--panel); border-radius: 8px; padding: 10px 14px; }
.meta h3, h3.group { margin: 0 0 6px; font-size: 13px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 0; }
dt { color: var(--muted); } dd { margin: 0; word-break: break-all; }
.stats { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: 10px; }
.stat { background: var(--panel); border-radius: 8px; padding: 10px 12px; border-left: 4px solid var(--grid); }
.stat.good { border-left-color: var(--good); } .stat.bad { border-left-color: var(--bad); }
.stat .value { font-size: 20px; font-weight: 600; font-variant-numeric: tabular-nums; }
.stat .label { color: var(--muted); font-size: 12px; }
.badge { font-size: 12px; padding: 2px 8px; border-radius: 10px; color: var(--bg); vertical-align: middle; }
.badge.good { background: var(--good); } .badge.bad { background: var(--bad); }
table { border-collapse: collapse; margin: 10px 0; min-width: 360px; }
th, td { text-align: left; padding: 4px 10px; border-bottom: 1px solid var(--grid); }
.num { text-align: right; font-variant-numeric: tabular-nums; }
.chart { width: 100%; height: auto; max-width: 760px; display: block; }
.chart .grid { stroke: var(--grid); stroke-width: 1; }
.chart .frame { fill: none; stroke: var(--muted); stroke-width: 1; }
.chart .tick, .chart .axis-title { fill: var(--muted); font-size: 11px; }
.chart .line { fill: none; stroke-width: 2; stroke-linejoin: round; }
.s1 { stroke: var(--c1); background: var(--c1); fill: var(--c1); } .s2 { stroke: var(--c2); background: var(--c2); fill: var(--c2); }
.s3 { stroke: var(--c3); background: var(--c3); fill: var(--c3); }
.chart .line.s1, .chart .line.s2, .chart .line.s3 { fill: none; }
.legend { display: flex; gap: 16px; color: var(--muted); font-size: 12px; margin: 4px 0; }
.swatch { display: inline-block; width: 14px; height: 3px; margin-right: 6px; vertical-align: middle; }
h3.group { margin: 14px 0 6px; }
.banner { padding: 8px 12px; border-radius: 8px; border-left: 4px solid var(--bad); background: var(--panel); }
.empty { color: var(--muted); font-style: italic; }
footer { margin-top: 32px; color: var(--muted); font-size: 12px; }
`;

export function renderLoadHtml(result: LoadResult): string {
  const t = result.totals;
  const throttled = t.recordErrors[RECORD_ERRORS.throughputExceeded] ?? 0;
  const otherRecordErrors = sum(t.recordErrors) - throttled;
  const httpErrors = sum(t.httpErrors);
  const l = result.latencyMs;
  const title = `${result.tool} load: ${result.target.endpoint}`;
  const s = result.scenario;
  const load = s.model === 'open' ? `${s.rate ?? '?'} req/s` : `${s.connections ?? '?'} connections`;
  const noSeries = `<p class="empty">No per-second samples in this result${result.tool === 'k6' ? ' (k6 reports totals only)' : ''}.</p>`;

  const tone = (n: number): 'good' | 'bad' => (n === 0 ? 'good' : 'bad');
  const headline: readonly (readonly [string, readonly string[]])[] = [
    [
      'Throughput',
      [
        stat('requests/s', formatCount(result.rates.requestsPerSecond)),
        stat('records/s', formatCount(result.rates.recordsPerSecond)),
        stat('throughput', formatMegabytes(result.rates.megabytesPerSecond)),
        stat('requests', formatCount(t.requests)),
        stat('records acknowledged', formatCount(t.records)),
      ],
    ],
    [
      'Latency',
      [
        stat('p50 latency', formatMs(l.p50)),
        stat('p90 latency', formatMs(l.p90)),
        stat('p99 latency', formatMs(l.p99)),
        stat('p99.9 latency', formatMs(l.p999)),
        stat('max latency', formatMs(l.max)),
        stat('mean latency', formatMs(l.mean)),
      ],
    ],
    [
      'Errors',
      [
        stat('throttled records', formatCount(throttled), tone(throttled)),
        stat('other record errors', formatCount(otherRecordErrors), tone(otherRecordErrors)),
        stat('HTTP errors', formatCount(httpErrors), tone(httpErrors)),
        stat('dropped (behind schedule)', formatCount(t.dropped), tone(t.dropped)),
      ],
    ],
  ];

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>Load run against <span id="target">${escapeHtml(result.target.endpoint)}</span></h1>
<p class="sub">${escapeHtml(
    [
      `tool ${result.tool}`,
      result.target.embedded ? 'embedded reference server' : 'external target',
      `${s.model} model, ${load}`,
      `${s.recordsPerRequest} records/request`,
      `seed ${s.seed}`,
    ].join(' · '),
  )}</p>
${
  result.interrupted
    ? '<p class="banner bad">Interrupted: the run was stopped early; the numbers cover the part that ran.</p>'
    : ''
}
</header>
<div class="meta">
<section><h3>Scenario</h3>${definitionList(scenarioRows(result))}</section>
<section><h3>Run</h3>${definitionList([
    ['target', result.target.endpoint],
    ['started', result.startedAt],
    ['ended', result.endedAt],
    ...(result.measuredSeconds !== undefined
      ? [['measured', `${+result.measuredSeconds.toFixed(3)} s`] as [string, string]]
      : []),
    ['machine', `${result.machine.cpuModel} × ${result.machine.cores}`],
    ['runtime', result.machine.node],
    ['os', result.machine.os],
    ...Object.entries(result.versions).map(([k, v]): [string, string] => [k, v]),
  ])}</section>
</div>
<section id="headline"><h2>Results</h2>${headline
    .map(([name, stats]) => `<h3 class="group">${name}</h3><div class="stats">${stats.join('')}</div>`)
    .join('')}
${countTable('record ErrorCode', t.recordErrors)}${countTable('HTTP error', t.httpErrors)}${countTable(
    'transport error',
    t.transportErrors ?? {},
  )}</section>
<section id="throughput"><h2>Throughput over time</h2>${result.timeSeries.length > 0 ? throughputChart(result.timeSeries) : noSeries}</section>
<section id="latency"><h2>Latency over time</h2>${result.timeSeries.length > 0 ? latencyChart(result.timeSeries) : noSeries}</section>
<section id="percentiles"><h2>Latency by percentile</h2>${
    result.percentiles.length > 0
      ? percentileChart(result.percentiles)
      : '<p class="empty">No percentile distribution in this result.</p>'
  }
<p class="sub">${latencyNote(result)}</p></section>
${result.verification ? verificationSection(result.verification) : ''}
<footer>kinesis-conformance ${escapeHtml(result.kind)} v${result.version}</footer>
</body>
</html>
`;
}
