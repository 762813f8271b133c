import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { progressLine } from '../../src/load/print.ts';

const BIN = fileURLToPath(new URL('../../bin/kcs.js', import.meta.url));
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
  it('shows rates, latency, throttling, errors and the time left', () => {
    const line = progressLine({
      sample: {
        t: 2,
        requests: 1200,
        records: 110_000,
        bytes: 11_000_000,
        recordErrors: 10_000,
        httpErrors: 3,
        p50: 1.234,
        p99: 45.67,
      },
      durationMs: 10_000,
      throttled: 9_000,
    });
    expect(line).toBe(
      '[ 3/10s]  1,200 req/s  110,000 rec/s  11.00 MB/s  p50 1.23 ms  p99 45.7 ms  throttled 9,000  record errors 10,000  http errors 3  7s left',
    );
  });
});
