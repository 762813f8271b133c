/**
 * What `kcs load` prints: a live progress line (rewritten in place on a terminal, plain lines otherwise),
 * the final table and the baseline comparison. Pure string builders; the caller writes them.
 */
import type { BaselineComparison } from './baseline.ts';
import { LOAD_DEFAULTS } from './defaults.ts';
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
  /** The terminal's width: the line never reaches it (a line that wraps cannot be rewritten in place). */
  readonly columns?: number;
}

/** A terminal without a known width is taken to be this wide. */
export const DEFAULT_COLUMNS = 80;

/**
 * One second of the run on one line: time, rates and latency always; throttled, other record errors and
 * HTTP errors when there are any; MB/s and the time left while they fit. Fields are dropped, least useful
 * first, until the line is narrower than the terminal.
 */
export function progressLine(state: ProgressState): string {
  const { sample: s, durationMs } = state;
  const total = Math.ceil(durationMs / 1000);
  const left = Math.max(0, total - (s.t + 1));
  const otherErrors = s.recordErrors - state.throttled;
  // [text, drop order: higher goes first; 0 never]
  const fields: [string, number][] = [
    [`[${String(s.t + 1).padStart(String(total).length)}/${total}s]`, 0],
    [`${int.format(s.requests)} req/s`, 0],
    [`${int.format(s.records)} rec/s`, 0],
    [`${two.format(s.bytes / 1e6)} MB/s`, 3],
    [`p50 ${latency(s.p50)} p99 ${latency(s.p99)} ms`, 0],
    ...(state.throttled > 0 ? [[`throttled ${int.format(state.throttled)}`, 0] as [string, number]] : []),
    ...(otherErrors > 0 ? [[`record errors ${int.format(otherErrors)}`, 1] as [string, number]] : []),
    ...(s.httpErrors > 0 ? [[`http errors ${int.format(s.httpErrors)}`, 1] as [string, number]] : []),
    [`${left}s left`, 2],
  ];
  const width = (state.columns ?? DEFAULT_COLUMNS) - 1;
  const join = (): string => fields.map(([text]) => text).join('  ');
  let line = join();
  while (line.length > width) {
    const drop = Math.max(...fields.map(([, order]) => order));
    if (drop === 0) break;
    fields.splice(
      fields.findIndex(([, order]) => order === drop),
      1,
    );
    line = join();
  }
  return line.length > width ? line.slice(0, width) : line;
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

/** Documented per-shard write limits (the profile's), to say what a throttled run was bound by. */
export interface ShardWriteLimits {
  readonly recordsPerSecond: number;
  readonly bytesPerSecond: number;
}

/**
 * When more than LOAD_DEFAULTS.throttleBoundShare of the records were throttled, the run measured the
 * stream's capacity rather than the target's speed: the lines that say so, first in the summary.
 */
export function capacityNote(result: LoadResult, throttlingCode: string, limits: ShardWriteLimits): string[] {
  const throttled = result.totals.recordErrors[throttlingCode] ?? 0;
  const attempted = result.totals.records + sumValues(result.totals.recordErrors);
  if (attempted === 0 || throttled / attempted <= LOAD_DEFAULTS.throttleBoundShare) return [];
  const shards = result.scenario.shards;
  const pct = Math.round((100 * throttled) / attempted);
  const mib = limits.bytesPerSecond / 1024 / 1024;
  return [
    `BOUND BY CAPACITY: ${pct}% of records were throttled (${throttlingCode}): this run measured the`,
    `          stream's write capacity, not the target's speed. ${shards} shard${shards === 1 ? '' : 's'} x ` +
      `${int.format(limits.recordsPerSecond)} records/s or ${int.format(mib)} MiB/s (per-shard limits as AWS documents them)` +
      ` = ${int.format(shards * limits.recordsPerSecond)} records/s.`,
    `          For the target's speed: more --shards, a lower --rate or --connections` +
      (result.target.embedded ? ', or --throttle off.' : '.'),
  ];
}

function sumValues(counts: Readonly<Record<string, number>>): number {
  return Object.values(counts).reduce((a, b) => a + b, 0);
}

export function summaryTable(result: LoadResult, throttlingCode: string, limits: ShardWriteLimits): string {
  const { totals, rates, latencyMs: l } = result;
  const from = result.scenario.model === 'open' ? 'from the intended start' : 'from the send';
  const bound = capacityNote(result, throttlingCode, limits);
  const lines = [
    '',
    ...(bound.length > 0 ? [...bound, ''] : []),
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
