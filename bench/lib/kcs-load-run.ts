/**
 * One `kcs load` run from a benchmark: the same argv a user would type, parsed by the CLI's own parser and run
 * through the programmatic entry point (executeLoad), quiet, with its load.json and load.html in a scratch
 * directory. What comes back is the LoadResult and the CPU use of the measured phase.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseLoadArgs } from '../../src/load/args.ts';
import { executeLoad } from '../../src/load/load.ts';
import type { LoadResult } from '../../src/load/result.ts';
import { sumCounts } from '../../src/load/samples.ts';
import type { CpuSampler, CpuWindow } from './cpu-sampler.ts';

/**
 * Dummy credentials, always given explicitly: every request is signed (SigV4) as against AWS, and the
 * benchmark never looks for real credentials. None of the targets verifies signatures.
 */
export const BENCH_CREDENTIALS = [
  '--access-key-id',
  'AKIDKCSBENCH',
  '--secret-access-key',
  'kcs-bench-secret',
];

export interface KcsRun {
  /** `kcs load` arguments, as typed (without --report-dir). */
  readonly argv: readonly string[];
  readonly result: LoadResult;
  /** Requests answered 200 with a PutRecords result, per second of the measured phase. */
  readonly okRequestsPerSecond: number;
  /** Failed requests (HTTP or transport) + failed records + dropped requests (open model). */
  readonly errors: number;
  readonly cpu: CpuWindow | undefined;
  /** Anything kcs load wrote to stderr (a failed stream deletion, ...). */
  readonly stderr: string;
}

export async function runKcsLoad(argv: readonly string[], sampler: CpuSampler): Promise<KcsRun> {
  const reportDir = mkdtempSync(join(tmpdir(), 'kcs-bench-'));
  try {
    const options = parseLoadArgs([...argv, '--report-dir', reportDir, '--quiet'], {});
    if (options === 'help') throw new Error('kcs load arguments asked for help');
    let stderr = '';
    const outcome = await executeLoad(options, {
      stdout: () => undefined,
      stderr: (text) => {
        stderr += text;
      },
      isTTY: false,
    });
    const r = outcome.result;
    const failedRequests = sumCounts(r.totals.httpErrors);
    const seconds = r.measuredSeconds ?? r.totals.requests / Math.max(r.rates.requestsPerSecond, 1e-9);
    return {
      argv,
      result: r,
      okRequestsPerSecond: (r.totals.requests - failedRequests) / seconds,
      errors: failedRequests + sumCounts(r.totals.recordErrors) + r.totals.dropped,
      cpu: sampler.window(Date.parse(r.startedAt), Date.parse(r.startedAt) + seconds * 1000),
      stderr,
    };
  } finally {
    rmSync(reportDir, { recursive: true, force: true });
  }
}

/** The command line a reader can paste to repeat a run. */
export function kcsCommand(argv: readonly string[]): string {
  return ['kcs', 'load', ...argv.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a}'`))].join(' ');
}
