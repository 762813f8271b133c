/**
 * Ctrl-C on the command line: the first SIGINT aborts the run (kcs check stops, deletes its streams and
 * still writes its reports, exit 130); a second one exits at once with 130.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Report } from '../../src/report/report.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kcs-interrupt-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** Resolves with the first stdout line matching `re`. */
function lineMatching(stream: NodeJS.ReadableStream, re: RegExp): Promise<string> {
  return new Promise((resolve) => {
    const lines = createInterface({ input: stream });
    lines.on('line', (line) => {
      if (re.test(line)) resolve(line);
    });
  });
}

test('kcs check: the first SIGINT cancels the run, writes the reports that say so, exit 130', async () => {
  const reportDir = join(dir, 'check');
  const child = spawn(
    process.execPath,
    ['bin/kcs-dev.js', 'check', '--area', 'put-records', '--seed', '1', '--report-dir', reportDir],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  // Once a check has finished, the run is under way.
  await lineMatching(child.stdout, /^(pass|FAIL|skip) {2}/);
  child.kill('SIGINT');
  const [code] = (await once(child, 'exit')) as [number];
  expect(code).toBe(130);
  expect(stderr).toContain('SIGINT: cancelling the run and deleting its streams (again to exit at once)');
  const report = JSON.parse(await readFile(join(reportDir, 'report.json'), 'utf8')) as Report;
  expect(report.problems).toContain('the run was interrupted');
}, 60_000);

test('a second SIGINT exits at once with 130', async () => {
  const child = spawn(process.execPath, ['bin/run-ts.js', 'test/fixtures/cli/wait-forever.ts'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const out = createInterface({ input: child.stdout });
  const lines: string[] = [];
  const next = (): Promise<string> => new Promise((resolve) => out.once('line', resolve));
  lines.push(await next());
  child.kill('SIGINT');
  lines.push(await next());
  child.kill('SIGINT');
  const [code] = (await once(child, 'exit')) as [number];
  expect(lines).toEqual(['ready', 'aborted']);
  expect(code).toBe(130);
  expect(stderr).toContain('SIGINT: stopping the fixture (again to exit at once)');
  expect(stderr).toContain('SIGINT again: quitting the fixture');
}, 30_000);
