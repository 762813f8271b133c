/**
 * load.html: the numbers, charts and escaping of renderLoadHtml on a result built here, then the page as a
 * browser renders it (headless Chromium, when installed: CI needs `apt-get install -y chromium`).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { RECORD_ERRORS } from '../../src/profiles/common.ts';
import {
  escapeHtml,
  formatCount,
  formatMegabytes,
  formatMs,
  groupDigits,
  renderLoadHtml,
} from '../../src/load/html-report.ts';
import type { LoadResult, SecondSample } from '../../src/load/result.ts';
import { CHROMIUM, chromiumFlags, hasChromium } from '../helpers/chromium.ts';

const run = promisify(execFile);

/** A run of 30 s at 200 req/s with a stall at t=20 and some throttling, built by hand. */
function syntheticResult(overrides: Partial<LoadResult> = {}): LoadResult {
  const timeSeries: SecondSample[] = Array.from({ length: 30 }, (_, i) => {
    const t = i + 1;
    const stall = t === 20;
    return {
      t,
      requests: 200,
      records: stall ? 9_000 : 19_800 + (i % 3) * 50,
      bytes: 200 * 100 * 1024,
      recordErrors: stall ? 11_000 : 200,
      httpErrors: stall ? 3 : 0,
      p50: stall ? 40 : 3.2 + (i % 4) * 0.1,
      p99: stall ? 812 : 17 + (i % 5),
    };
  });
  return {
    kind: 'kcs-load',
    version: 1,
    tool: 'kcs',
    target: { endpoint: 'http://127.0.0.1:4567', embedded: true },
    scenario: {
      model: 'open',
      rate: 200,
      durationMs: 30_000,
      recordsPerRequest: 100,
      recordSize: '1024',
      partitionKeys: '256',
      shards: 4,
      stream: 'kcs-load-7',
      wire: 'cbor',
      seed: 424242,
    },
    versions: { kcs: '0.1.0', node: 'v20.19.0', 'hdr-histogram-js': '3.0.1' },
    machine: { cpuModel: 'Synthetic CPU @ 3.0GHz', cores: 8, node: 'v20.19.0', os: 'linux 6.1.0 x64' },
    startedAt: '2025-01-02T03:04:05.000Z',
    endedAt: '2025-01-02T03:04:35.000Z',
    totals: {
      requests: 6_000,
      records: 583_123,
      bytes: 597_117_952,
      recordErrors: { [RECORD_ERRORS.throughputExceeded]: 16_877, [RECORD_ERRORS.internalFailure]: 12 },
      httpErrors: { '500': 3, transport: 1 },
      dropped: 7,
    },
    rates: { requestsPerSecond: 199.97, recordsPerSecond: 19_437.4, megabytesPerSecond: 19.93 },
    latencyMs: { p50: 3.31, p90: 6.72, p99: 18.4, p999: 790.4, max: 1_204.9, mean: 4.06 },
    percentiles: [
      [0, 1.02],
      [50, 3.31],
      [75, 4.5],
      [90, 6.72],
      [99, 18.4],
      [99.9, 790.4],
      [99.99, 1_100],
      [99.999, 1_204.9],
      [100, 1_204.9],
    ],
    timeSeries,
    verification: { acknowledged: 583_123, found: 583_122, lost: 1, duplicated: 0, reordered: 0 },
    ...overrides,
  };
}

/** Text content of an HTML fragment, close enough for "does this number appear" checks. */
function textOf(html: string): string {
  return html
    .replace(/<style[\s\S]*?<\/style>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

describe('renderLoadHtml', () => {
  const result = syntheticResult();
  const html = renderLoadHtml(result);
  const text = textOf(html);

  it('shows the headline numbers, formatted', () => {
    expect(text).toContain(`${formatCount(199.97)} requests/s`);
    expect(formatCount(199.97)).toBe('200');
    expect(text).toContain('19,437 records/s');
    expect(text).toContain(`${formatMegabytes(19.93)} throughput`);
    for (const [label, ms] of [
      ['p50', '3.31 ms'],
      ['p90', '6.72 ms'],
      ['p99', '18.4 ms'],
      ['p99.9', '790 ms'],
      ['max', '1,205 ms'],
      ['mean', '4.06 ms'],
    ] as const)
      expect(text).toContain(`${ms} ${label} latency`);
    expect(text).toContain('16,877 throttled records');
    expect(text).toContain('12 other record errors');
    expect(text).toContain('4 HTTP errors');
    expect(text).toContain('7 dropped');
    expect(text).toContain('583,123 records acknowledged');
  });

  it('names target, scenario, versions, machine and times', () => {
    for (const needle of [
      'http://127.0.0.1:4567',
      'open (fixed arrival rate): 200 requests/s',
      'records per request 100',
      'record size 1024',
      'partition keys 256',
      'shards 4',
      'wire cbor',
      'seed 424242',
      'stream kcs-load-7',
      'hdr-histogram-js 3.0.1',
      'Synthetic CPU @ 3.0GHz × 8',
      '2025-01-02T03:04:05.000Z',
      '2025-01-02T03:04:35.000Z',
    ])
      expect(text).toContain(needle);
  });

  it('lists every record ErrorCode and HTTP error with its count', () => {
    expect(html).toMatch(/<code>ProvisionedThroughputExceededException<\/code><\/td><td class="num">16,877</);
    expect(html).toMatch(/<code>InternalFailure<\/code><\/td><td class="num">12</);
    expect(html).toMatch(/<code>transport<\/code><\/td><td class="num">1</);
  });

  it('draws three SVG charts with a point per second and per percentile', () => {
    expect(html.match(/<svg /g)).toHaveLength(3);
    const polylines = [...html.matchAll(/<polyline [^>]*points="([^"]*)"/g)].map((m) => m[1]!.split(' '));
    // throughput: records and record errors; latency: p50 and p99; distribution: one line.
    expect(polylines.map((p) => p.length)).toEqual([30, 30, 30, 30, 9]);
    for (const p of ['0%', '90%', '99%', '99.9%', '99.99%', '99.999%'])
      expect(html).toContain(`>${p}</text>`);
  });

  it('places percentiles on a log axis: 90%, 99%, 99.9% evenly spaced', () => {
    const line = html.match(
      /<svg[^>]*aria-label="Latency by percentile"[\s\S]*?<polyline [^>]*points="([^"]*)"/,
    );
    const xs = line![1]!.split(' ').map((pt) => Number(pt.split(',')[0]));
    // pairs: 0, 50, 75, 90, 99, 99.9 at indices 0..5
    const step1 = xs[4]! - xs[3]!;
    const step2 = xs[5]! - xs[4]!;
    expect(step1).toBeGreaterThan(50);
    expect(Math.abs(step1 - step2)).toBeLessThan(0.5);
    // 100% (max) is clamped to the last tick, not sent to infinity.
    expect(Number.isFinite(xs[8])).toBe(true);
    expect(xs[8]).toBe(xs[7]);
  });

  it('shows the verification and marks a lost record as a failure', () => {
    expect(html).toContain('<section id="verification">');
    expect(text).toMatch(/Verification FAILED/);
    expect(text).toContain('1 lost');
    const clean = renderLoadHtml(
      syntheticResult({ verification: { acknowledged: 5, found: 5, lost: 0, duplicated: 0, reordered: 0 } }),
    );
    expect(textOf(clean)).toMatch(/Verification passed/);
    const none = renderLoadHtml(syntheticResult({ verification: undefined }));
    expect(none).not.toContain('id="verification"');
  });

  it('references no external resource: the only URL is the target endpoint', () => {
    const urls = [...html.matchAll(/https?:\/\/[^\s"'<)]*/gi)].map((m) => m[0]);
    expect(urls.length).toBeGreaterThan(0);
    expect(new Set(urls)).toEqual(new Set(['http://127.0.0.1:4567']));
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\(|src=/i);
    expect(html).toContain(`content="default-src 'none'`);
  });

  it('escapes every string from the result', () => {
    const hostile = '"><script>alert(1)</script>';
    const page = renderLoadHtml(
      syntheticResult({
        target: { endpoint: `http://evil.example/${hostile}`, embedded: false },
        versions: { [hostile]: hostile },
        machine: { cpuModel: hostile, cores: 1, node: 'v20', os: hostile },
        totals: { ...result.totals, recordErrors: { [hostile]: 1 }, httpErrors: { [hostile]: 2 } },
        scenario: { ...result.scenario, stream: hostile, recordSize: hostile, partitionKeys: hostile },
      }),
    );
    expect(page).not.toContain('<script');
    expect(page).not.toContain(hostile);
    // endpoint x3 (title, heading, run table), version name and value, cpu, os, stream, size, keys, two codes.
    expect(page.split(escapeHtml(hostile)).length - 1).toBe(12);
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });

  it('says so instead of drawing empty charts when a result has no series (k6)', () => {
    const page = renderLoadHtml(syntheticResult({ tool: 'k6', timeSeries: [], percentiles: [] }));
    expect(page.match(/<svg /g)).toBeNull();
    expect(textOf(page)).toContain('No per-second samples in this result (k6 reports totals only).');
    expect(textOf(page)).toContain('No percentile distribution in this result.');
    expect(textOf(page)).toContain('k6 measures latency from when each request started');
    expect(text).toContain('measured from each request’s intended send time');
  });

  it('marks an interrupted run and shows measured time, workers, verify and transport errors', () => {
    const page = renderLoadHtml(
      syntheticResult({
        interrupted: true,
        measuredSeconds: 12.345,
        scenario: { ...result.scenario, workers: 3, verify: true },
        totals: { ...result.totals, transportErrors: { ECONNRESET: 5 } },
      }),
    );
    const t = textOf(page);
    expect(t).toContain('Interrupted: the run was stopped early');
    expect(t).toContain('measured 12.345 s');
    expect(t).toContain('workers 3');
    expect(t).toContain('verify yes');
    expect(page).toMatch(/<code>ECONNRESET<\/code><\/td><td class="num">5</);
    expect(text).not.toContain('Interrupted');
    expect(text).not.toContain('workers');
  });

  it('groups digits without Intl (k6 has none), the same in every locale', () => {
    expect([0, 12.5, 1000, -1234.5, 100.04, 1234567.891].map((n) => groupDigits(n, 1))).toEqual([
      '0',
      '12.5',
      '1,000',
      '-1,234.5',
      '100',
      '1,234,567.9',
    ]);
    expect(groupDigits(-0.01, 1)).toBe('0');
  });

  it('formats latency with the precision its size deserves', () => {
    expect([0.1234, 3.456, 45.67, 1234.5, Number.NaN].map(formatMs)).toEqual([
      '0.123 ms',
      '3.46 ms',
      '45.7 ms',
      '1,235 ms',
      '–',
    ]);
  });
});

describe('renderLoadHtml in headless Chromium', () => {
  let dir: string | undefined;
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it.skipIf(!hasChromium)(
    `renders the numbers and SVG charts offline (needs ${CHROMIUM}: apt-get install -y chromium)`,
    async () => {
      dir = await mkdtemp(join(tmpdir(), 'kcs-load-html-'));
      const file = join(dir, 'load.html');
      await writeFile(file, renderLoadHtml(syntheticResult()));
      const screenshot = join(dir, 'load.png');
      const flags = chromiumFlags(join(dir, 'profile'));
      const url = pathToFileURL(file).href;
      // One launch: the DOM after parsing on stdout, and a screenshot to look at (KCS_KEEP_SCREENSHOT=path).
      const { stdout: dom } = await run(
        CHROMIUM,
        [
          ...flags,
          '--hide-scrollbars',
          '--window-size=1200,2600',
          `--screenshot=${screenshot}`,
          '--dump-dom',
          url,
        ],
        { timeout: 20_000, maxBuffer: 16 << 20 },
      );
      // The browser parsed the charts as SVG (not text) and kept the numbers.
      expect(dom.match(/<svg /g)).toHaveLength(3);
      expect(dom.match(/<polyline /g)).toHaveLength(5);
      for (const n of ['19,437', '3.31 ms', '18.4 ms', '790 ms', '1,205 ms', '16,877', '424242'])
        expect(dom).toContain(n);
      const png = await readFile(screenshot);
      expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
      expect(png.readUInt32BE(16)).toBe(1200);
      if (process.env.KCS_KEEP_SCREENSHOT) await writeFile(process.env.KCS_KEEP_SCREENSHOT, png);
    },
  );
});
