/**
 * What `kcs load` prints: a live progress line (rewritten in place on a terminal, plain lines otherwise),
 * the final table and the baseline comparison. Pure string builders; the caller writes them.
 */
import type { BaselineComparison } from './baseline.ts';
import type { LoadResult, LoadScenario, SecondSample } from './result.ts';

const int = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const one = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const two = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

function latency(msValue: number): string {
  return msValue >= 100 ? int.format(msValue) : msValue >= 10 ? one.format(msValue) : two.format(msValue);
}

function countsText(
  counts: Readonly<Record<string, number>>,
  note: (name: string) => string = () => '',
): string {
  const entries = Object.entries(counts).sort((a, b) => b[1] - a[1]);
  if (entries.length === 0) return 'none';
  return entries.map(([name, n]) => `${name} ${int.format(n)}${note(name)}`).join(', ');
}

export interface ProgressState {
  readonly sample: SecondSample;
  readonly durationMs: number;
  /** Throttled records in this second (ErrorCode of the profile's throughput error). */
  readonly throttled: number;
}

export function progressLine(state: ProgressState): string {
  const { sample: s, durationMs } = state;
  const total = Math.ceil(durationMs / 1000);
  const left = Math.max(0, total - (s.t + 1));
  return [
    `[${String(s.t + 1).padStart(String(total).length)}/${total}s]`,
    `${int.format(s.requests)} req/s`,
    `${int.format(s.records)} rec/s`,
    `${two.format(s.bytes / 1e6)} MB/s`,
    `p50 ${latency(s.p50)} ms`,
    `p99 ${latency(s.p99)} ms`,
    `throttled ${int.format(state.throttled)}`,
    `record errors ${int.format(s.recordErrors)}`,
    `http errors ${int.format(s.httpErrors)}`,
    `${left}s left`,
  ].join('  ');
}

export function describeScenario(s: LoadScenario): string {
  const model =
    s.model === 'open' ? `open model, ${s.rate} requests/s` : `closed model, ${s.connections} in flight`;
  const size = /^\d+$/.test(s.recordSize) ? `${s.recordSize} B` : s.recordSize;
  return (
    `${model}, ${s.durationMs / 1000} s, ${s.recordsPerRequest} records x ${size} per request, ` +
    `partition keys ${s.partitionKeys}, ${s.shards} shards, ${s.wire}, seed ${s.seed}` +
    (s.workers !== undefined ? `, ${s.workers} generator${s.workers === 1 ? '' : 's'}` : '') +
    (s.verify ? ', verify' : '')
  );
}

export function summaryTable(result: LoadResult, throttlingCode: string): string {
  const { totals, rates, latencyMs: l } = result;
  const from = result.scenario.model === 'open' ? 'from the intended start' : 'from the send';
  const lines = [
    '',
    `target    ${result.target.endpoint}${result.target.embedded ? ' (embedded reference server)' : ''}, stream ${result.scenario.stream}`,
    `scenario  ${describeScenario(result.scenario)}`,
    ...(result.interrupted ? ['          interrupted: the numbers cover the part that ran'] : []),
    '',
    `          requests/s ${two.format(rates.requestsPerSecond)}   records/s ${two.format(rates.recordsPerSecond)}   MB/s ${two.format(rates.megabytesPerSecond)}` +
      (result.measuredSeconds !== undefined ? `   (over ${two.format(result.measuredSeconds)} s)` : ''),
    `latency   p50 ${latency(l.p50)}  p90 ${latency(l.p90)}  p99 ${latency(l.p99)}  p99.9 ${latency(l.p999)}  max ${latency(l.max)}  mean ${latency(l.mean)} ms (${from})`,
    `totals    ${int.format(totals.requests)} requests, ${int.format(totals.records)} records acknowledged, ${two.format(totals.bytes / 1e6)} MB` +
      (totals.dropped > 0 ? `, ${int.format(totals.dropped)} requests dropped (in-flight cap)` : ''),
    `record failures  ${countsText(totals.recordErrors, (n) => (n === throttlingCode ? ' (throttling)' : ''))}`,
    `http errors      ${countsText(totals.httpErrors)}` +
      (totals.transportErrors ? ` [transport: ${countsText(totals.transportErrors)}]` : ''),
  ];
  const v = result.verification;
  if (v) {
    const ok = v.lost === 0 && v.duplicated === 0 && v.reordered === 0;
    lines.push(
      `verify    ${ok ? 'ok' : 'FAILED'}: ${int.format(v.acknowledged)} acknowledged, ${int.format(v.found)} read back, ` +
        `${int.format(v.lost)} lost, ${int.format(v.duplicated)} duplicated, ${int.format(v.reordered)} reordered` +
        (v.unacknowledgedFound
          ? `, ${int.format(v.unacknowledgedFound)} written without acknowledgement`
          : ''),
    );
  }
  return lines.join('\n') + '\n';
}

function formatChange(pct: number | undefined): string {
  if (pct === undefined) return 'n/a';
  return `${pct >= 0 ? '+' : ''}${one.format(pct)}%`;
}

export function baselineTable(comparison: BaselineComparison, file: string): string {
  const header = ['metric', 'baseline', 'current', 'change', 'verdict'];
  const rows = comparison.rows.map((r) => [
    r.metric,
    `${two.format(r.baseline)} ${r.unit}`,
    `${two.format(r.current)} ${r.unit}`,
    formatChange(r.changePct),
    r.regressed ? 'REGRESSION' : 'ok',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const fmt = (cells: string[]): string =>
    '  ' +
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [
    '',
    `baseline  ${file} (max regression ${comparison.maxRegressionPct}%)`,
    fmt(header),
    ...rows.map(fmt),
    comparison.regressed
      ? `verdict   REGRESSION: beyond ${comparison.maxRegressionPct}% of the baseline`
      : `verdict   ok: within ${comparison.maxRegressionPct}% of the baseline`,
    '',
  ].join('\n');
}
