import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseEndpoint } from '../../src/protocol/endpoint.ts';
import { closeConnections } from '../../src/client/send.ts';
import { commandOnPath, freePorts, LaunchError, startEmulator } from '../../src/compat/launch.ts';
import { DUMMY_CREDENTIALS } from '../../src/client/credentials.ts';
import { probeEndpoint } from '../../src/check/probe.ts';

const run = promisify(execFile);
const PRELOAD = fileURLToPath(new URL('../../src/compat/loopback-only.mjs', import.meta.url));

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kcs-launch-'));
});
afterAll(async () => {
  await closeConnections();
  await rm(dir, { recursive: true, force: true });
});

test('freePorts: distinct ports', async () => {
  const ports = await freePorts(3);
  expect(new Set(ports).size).toBe(3);
  for (const p of ports) expect(p).toBeGreaterThan(0);
});

describe('the loopback preload', () => {
  test.each([
    ['listen(0, "::")', `s.listen(0, '::', done)`],
    ['listen(0)', `s.listen(0, done)`],
    ['listen({ port: 0, host: "0.0.0.0" })', `s.listen({ port: 0, host: '0.0.0.0' }, done)`],
  ])('%s binds 127.0.0.1 only', async (_name, call) => {
    const script = `const s = require('node:net').createServer(); const done = () => { console.log(s.address().address); s.close(); }; ${call};`;
    const { stdout } = await run(process.execPath, ['--import', PRELOAD, '-e', script], { timeout: 10_000 });
    expect(stdout.trim()).toBe('127.0.0.1');
  });
});

describe('startEmulator', () => {
  test('kinesis-mock: starts on a free loopback port, answers, and is gone after stop()', async () => {
    const logFile = join(dir, 'kinesis-mock.log');
    const km = await startEmulator('kinesis-mock', {
      logFile,
      cwd: dir,
      region: 'us-east-1',
      credentials: DUMMY_CREDENTIALS,
    });
    try {
      expect(km.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(km.version).toMatch(/^\d+\.\d+\.\d+$/);
      const target = { endpoint: parseEndpoint(km.url), region: 'us-east-1', credentials: DUMMY_CREDENTIALS };
      expect(await probeEndpoint(target, 2000)).toMatchObject({ ok: true, status: 200 });
    } finally {
      // Its graceful shutdown waits for open keep-alive connections, such as the probe's.
      await closeConnections();
      await km.stop();
    }
    expect(() => process.kill(km.pid, 0)).toThrow(/ESRCH/);
    // Idempotent.
    await expect(km.stop()).resolves.toBeUndefined();
  });

  // moto is a command of the machine image, not an npm package: without it this says so by name.
  test.skipIf(commandOnPath('moto_server') === undefined)(
    'moto: moto_server starts on a free loopback port, answers Kinesis calls, and is gone after stop()',
    async () => {
      const moto = await startEmulator('moto', {
        logFile: join(dir, 'moto.log'),
        cwd: dir,
        region: 'us-east-1',
        credentials: DUMMY_CREDENTIALS,
      });
      try {
        expect(moto.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
        expect(moto.version).toMatch(/^\d+\.\d+\.\d+/);
        const target = {
          endpoint: parseEndpoint(moto.url),
          region: 'us-east-1',
          credentials: DUMMY_CREDENTIALS,
        };
        expect(await probeEndpoint(target, 2000)).toMatchObject({ ok: true, status: 200 });
      } finally {
        await closeConnections();
        await moto.stop();
      }
      expect(() => process.kill(moto.pid, 0)).toThrow(/ESRCH/);
    },
  );

  test('an aborted start stops the child and says so', async () => {
    const attempt = startEmulator('kinesalite', {
      logFile: join(dir, 'kinesalite.log'),
      cwd: dir,
      region: 'us-east-1',
      signal: AbortSignal.abort(),
    });
    await expect(attempt).rejects.toThrow(LaunchError);
    await expect(attempt).rejects.toThrow(/start interrupted/);
  });
});
