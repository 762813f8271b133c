import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { capacityNote, progressLine } from '../../src/load/print.ts';
import type { LoadResult } from '../../src/load/result.ts';

const BIN = fileURLToPath(new URL('../../bin/kcs-dev.js', import.meta.url));
const kcs = (...args: string[]): ReturnType<typeof spawnSync> =>
  spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 20_000 });

describe('kcs load on the command line', () => {
  it('is listed by kcs --help and explains itself with --help', () => {
    expect(kcs('--help').stdout).toMatch(/^ {2}load +/m);
    const help = kcs('load', '--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('--rate N/s');
    expect(help.stdout).toContain('--baseline FILE');
  });

  it('answers a usage error with one line and exit code 2, before starting anything', () => {
    const r = kcs('load', '--rate', '10/s', '--connections', '4');
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('kcs: --rate (open model) and --connections (closed model) cannot be combined\n');
  });
});

describe('progressLine', () => {
  const sample = {
    t: 2,
    requests: 1200,
    records: 110_000,
    bytes: 11_000_000,
    recordErrors: 10_000,
    httpErrors: 3,
    p50: 1.234,
    p99: 45.67,
  };

  it('shows rates, latency, throttling, other errors and the time left when the terminal is wide enough', () => {
    const line = progressLine({ sample, durationMs: 10_000, throttled: 9_000, columns: 200 });
    expect(line).toBe(
      '[ 3/10s]  1,200 req/s  110,000 rec/s  11.00 MB/s  p50 1.23 p99 45.7 ms  throttled 9,000  record errors 1,000  http errors 3  7s left',
    );
  });

  it('stays within the terminal width, dropping the least useful fields first', () => {
    const line = progressLine({ sample, durationMs: 10_000, throttled: 9_000, columns: 80 });
    expect(line.length).toBeLessThan(80);
    expect(line).toBe('[ 3/10s]  1,200 req/s  110,000 rec/s  p50 1.23 p99 45.7 ms  throttled 9,000');
    for (const columns of [20, 40, 60, 100, 120])
      expect(progressLine({ sample, durationMs: 600_000, throttled: 9_000, columns }).length).toBeLessThan(
        columns,
      );
  });

  it('leaves out error fields that are zero', () => {
    const clean = { ...sample, recordErrors: 0, httpErrors: 0 };
    expect(progressLine({ sample: clean, durationMs: 10_000, throttled: 0 })).toBe(
      '[ 3/10s]  1,200 req/s  110,000 rec/s  11.00 MB/s  p50 1.23 p99 45.7 ms  7s left',
    );
  });
});

describe('the summary of a run bound by the stream capacity', () => {
  const limits = { recordsPerSecond: 1000, bytesPerSecond: 1024 * 1024 };
  const result = (records: number, throttled: number, embedded = true): LoadResult =>
    ({
      target: { endpoint: 'http://127.0.0.1:1', embedded },
      scenario: { shards: 4 },
      totals: {
        records,
        recordErrors: throttled > 0 ? { ProvisionedThroughputExceededException: throttled } : {},
      },
    }) as unknown as LoadResult;

  it('leads with the capacity when most records were throttled', () => {
    const note = capacityNote(result(36_000, 1_370_000), 'ProvisionedThroughputExceededException', limits);
    expect(note[0]).toBe(
      'BOUND BY CAPACITY: 97% of records were throttled (ProvisionedThroughputExceededException): this run measured the',
    );
    expect(note.join('\n')).toContain('4 shards x 1,000 records/s or 1 MiB/s');
    expect(note.join('\n')).toContain('= 4,000 records/s.');
    expect(note.at(-1)).toMatch(/--throttle off\.$/);
    expect(
      capacityNote(result(36_000, 1_370_000, false), 'ProvisionedThroughputExceededException', limits).at(-1),
    ).toMatch(/--connections\.$/);
  });

  it('says nothing when throttling was a small share (or none)', () => {
    expect(capacityNote(result(100_000, 5_000), 'ProvisionedThroughputExceededException', limits)).toEqual(
      [],
    );
    expect(capacityNote(result(100_000, 0), 'ProvisionedThroughputExceededException', limits)).toEqual([]);
    expect(capacityNote(result(0, 0), 'ProvisionedThroughputExceededException', limits)).toEqual([]);
  });
});
