/**
 * `kcs load` end to end with no --endpoint: a spawned `kcs serve` on loopback, loaded from worker threads,
 * through the programmatic entry point.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseLoadArgs, type LoadOptions } from '../../src/load/args.ts';
import { executeLoad, type LoadIo, type LoadOutcome } from '../../src/load/load.ts';
import { loadResultSchemaErrors } from '../../src/load/result-schema.ts';
import { expectConsistent } from './consistency.ts';

let dir: string;
const output: string[] = [];
const io: LoadIo = {
  stdout: (t) => output.push(t),
  stderr: (t) => output.push(t),
  isTTY: false,
};

function options(args: string[]): LoadOptions {
  const parsed = parseLoadArgs(['--report-dir', dir, ...args]);
  if (parsed === 'help') throw new Error('help');
  return parsed;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kcs-load-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('kcs load against the embedded server', () => {
  let outcome: LoadOutcome;
  beforeAll(async () => {
    outcome = await executeLoad(
      options([
        '--duration',
        '1s',
        '--connections',
        '4',
        '--workers',
        '2',
        '--records-per-request',
        '20',
        '--record-size',
        '50',
      ]),
      io,
    );
  });

  it('writes a load.json the schema accepts, and load.html beside it', () => {
    const written: unknown = JSON.parse(readFileSync(outcome.reportPath, 'utf8'));
    expect(loadResultSchemaErrors(written)).toEqual([]);
    expect(written).toEqual(outcome.result);
    expect(readFileSync(outcome.htmlPath, 'utf8')).toMatch(/^<!doctype html>/i);
    expect(outcome.exitCode).toBe(0);
  });

  it('names the target, scenario, seed, versions and machine', () => {
    const r = outcome.result;
    expect(r.target.embedded).toBe(true);
    expect(r.target.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(r.scenario).toMatchObject({
      model: 'closed',
      connections: 4,
      workers: 2,
      seed: 1,
      recordsPerRequest: 20,
      recordSize: '50',
    });
    expect(r.versions['kcs']).toBeDefined();
    expect(r.machine.node).toBe(process.version);
    expect(r.machine.cores).toBeGreaterThan(0);
  });

  it('has numbers that add up', () => {
    const r = outcome.result;
    expect(r.totals.requests).toBeGreaterThan(0);
    expect(r.totals.httpErrors).toEqual({});
    expect(r.totals.bytes).toBe(r.totals.records * 50);
    expectConsistent(r);
  });
});
