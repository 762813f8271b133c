/**
 * `kcs serve`: the pure argument parser and unit parsers as tables, then the real command as a child
 * process (`node bin/kcs-dev.js`: the sources, as a user runs the built command). A spawn costs a tsx start-up, so the one long-running
 * server is shared and the one-shot runs start together in beforeAll and are judged by separate tests.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseServeArgs } from '../../src/cli/commands/serve.ts';
import { parseDuration, parseSize } from '../../src/cli/units.ts';
import { UsageError } from '../../src/errors.ts';
import type { ServerOptions } from '../../src/server/options.ts';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Bounds for a child's start-up and shutdown: generous, as tsx compiles on start and CI machines are busy. */
const START_TIMEOUT_MS = 25_000;
const STOP_TIMEOUT_MS = 10_000;
const LISTENING = /^listening on http:\/\/127\.0\.0\.1:(\d+)$/;
/** A line of a V8 stack trace. */
const STACK_LINE = /^\s+at .+/m;
/** The shared server's --shardLimit. */
const SHARD_LIMIT = 3;

/** The child's environment without the variables the command reads, so the host's cannot leak in. */
function childEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env['KCS_CREDENTIALS'];
  delete env['KCS_DEBUG'];
  return env;
}

function spawnKcs(args: readonly string[]): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, ['bin/kcs-dev.js', ...args], { cwd: REPO_ROOT, env: childEnv() });
}

interface Finished {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Resolves when the child exits, with everything it wrote; kills it and rejects after `timeoutMs`. */
function finished(child: ChildProcessWithoutNullStreams, timeoutMs: number): Promise<Finished> {
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
  child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`kcs did not exit within ${timeoutMs} ms; stderr so far: ${stderr}`));
    }, timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

function runKcs(args: readonly string[]): Promise<Finished> {
  return finished(spawnKcs(args), START_TIMEOUT_MS);
}

/** A usage failure as the CLI promises it: exit 2 and one `kcs:` line on stderr, no stack trace. */
function expectUsageFailure(run: Finished, mentions: string): void {
  expect(run.code, run.stderr).toBe(2);
  const lines = run.stderr.split('\n').filter((l) => l !== '');
  expect(lines, run.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^kcs: /);
  expect(lines[0]).toContain(mentions);
  expect(run.stderr).not.toMatch(STACK_LINE);
  expect(run.stdout).toBe('');
}

describe('parseServeArgs', () => {
  const good: readonly { args: string[]; env?: NodeJS.ProcessEnv; expected: ServerOptions | 'help' }[] = [
    { args: [], expected: {} },
    { args: ['--port', '0'], expected: { port: 0 } },
    { args: ['--port', '65535', '--host', '::1'], expected: { port: 65535, host: '::1' } },
    { args: ['--profile', 'aws'], expected: { profile: 'aws' } },
    { args: ['--profile', 'yds'], expected: { profile: 'yds' } },
    {
      args: ['--create-delay', '1.5s', '--delete-delay', '250'],
      expected: { createStreamDelayMs: 1500, deleteStreamDelayMs: 250 },
    },
    { args: ['--update-delay', '2s'], expected: { updateStreamDelayMs: 2000 } },
    // kinesalite's flags (kinesalite cli.js), as a CI job passes them.
    {
      args: [
        '--createStreamMs',
        '0',
        '--deleteStreamMs',
        '500',
        '--updateStreamMs',
        '250',
        '--shardLimit',
        '10',
      ],
      expected: {
        createStreamDelayMs: 0,
        deleteStreamDelayMs: 500,
        updateStreamDelayMs: 250,
        shardLimit: 10,
      },
    },
    { args: ['--createStreamMs=20', '--port', '4567'], expected: { createStreamDelayMs: 20, port: 4567 } },
    { args: ['--throttle', 'off'], expected: { shardWriteLimits: false } },
    { args: ['--throttle', 'on'], expected: {} },
    {
      args: ['--shard-bytes-per-second', '2MiB', '--shard-records-per-second', '10'],
      expected: { shardWriteLimits: { bytesPerSecond: 2 * 1024 * 1024, recordsPerSecond: 10 } },
    },
    { args: ['--shard-records-per-second', '5'], expected: { shardWriteLimits: { recordsPerSecond: 5 } } },
    { args: ['--fail-rate', '0.25', '--seed', '7'], expected: { failRate: 0.25, seed: 7 } },
    { args: ['--fail-rate', '1'], expected: { failRate: 1 } },
    { args: ['--fail-rate', '0'], expected: { failRate: 0 } },
    {
      args: ['--retention', '2h', '--retention-bytes', '1MB'],
      expected: { retentionMs: 7_200_000, retentionBytesPerShard: 1_000_000 },
    },
    { args: ['--shard-limit', '10'], expected: { shardLimit: 10 } },
    { args: ['--max-memory', '1GiB'], expected: { maxMemoryBytes: 1024 ** 3 } },
    { args: ['--max-memory', '256MiB'], expected: { maxMemoryBytes: 256 * 1024 ** 2 } },
    // The smallest budget the CLI takes, in bytes and in decimal megabytes.
    { args: ['--max-memory', String(16 * 1024 ** 2)], expected: { maxMemoryBytes: 16 * 1024 ** 2 } },
    { args: ['--max-memory', '100MB'], expected: { maxMemoryBytes: 100_000_000 } },
    {
      args: ['--account-id', '123456789012', '--region', 'eu-west-1'],
      expected: { accountId: '123456789012', region: 'eu-west-1' },
    },
    { args: ['--auth', 'none'], expected: {} },
    {
      args: ['--auth', 'sigv4', '--credentials', 'AK:S:K', '--credentials', 'AK2:SK2'],
      // Only the first colon splits: secrets may contain colons.
      expected: {
        auth: {
          mode: 'sigv4',
          credentials: new Map([
            ['AK', 'S:K'],
            ['AK2', 'SK2'],
          ]),
        },
      },
    },
    {
      args: ['--auth', 'sigv4'],
      env: { KCS_CREDENTIALS: 'A:1,B:2' },
      expected: {
        auth: {
          mode: 'sigv4',
          credentials: new Map([
            ['A', '1'],
            ['B', '2'],
          ]),
        },
      },
    },
    // KCS_CREDENTIALS alone does not switch verification on.
    { args: [], env: { KCS_CREDENTIALS: 'A:1' }, expected: {} },
    { args: ['--help'], expected: 'help' },
    { args: ['-h'], expected: 'help' },
    // Help wins over flags that would not parse, so `--port x --help` still shows help.
    { args: ['--port', 'x', '--help'], expected: 'help' },
  ];
  it.each(good)('$args $env -> $expected', ({ args, env, expected }) => {
    expect(parseServeArgs(args, env ?? {})).toEqual(expected);
  });

  it('--log installs a line writer', () => {
    const options = parseServeArgs(['--log'], {});
    expect(options).not.toBe('help');
    expect(typeof (options as ServerOptions).log).toBe('function');
  });

  const bad: readonly { args: string[]; mentions: string }[] = [
    { args: ['--port', 'abc'], mentions: '--port' },
    { args: ['--port', '65536'], mentions: '--port' },
    { args: ['--port', '-1'], mentions: '--port' },
    { args: ['--port', '1.5'], mentions: '--port' },
    { args: ['--port'], mentions: '--port' },
    { args: ['--profile', 'nope'], mentions: '--profile' },
    { args: ['--profile', 'AWS'], mentions: '--profile' },
    { args: ['--fail-rate', '2'], mentions: '--fail-rate' },
    { args: ['--fail-rate', '-0.1'], mentions: '--fail-rate' },
    { args: ['--fail-rate', ''], mentions: '--fail-rate' },
    { args: ['--fail-rate', 'NaN'], mentions: '--fail-rate' },
    { args: ['--seed', '1.5'], mentions: '--seed' },
    { args: ['--seed', String(2 ** 32)], mentions: '--seed' },
    { args: ['--create-delay', 'soon'], mentions: '--create-delay' },
    { args: ['--retention', '1w'], mentions: '--retention' },
    { args: ['--retention-bytes', '12XB'], mentions: '--retention-bytes' },
    { args: ['--shard-limit', '0'], mentions: '--shard-limit' },
    { args: ['--max-memory', 'lots'], mentions: '--max-memory' },
    { args: ['--max-memory', '12XB'], mentions: '--max-memory' },
    { args: ['--max-memory', '-1GiB'], mentions: '--max-memory' },
    { args: ['--max-memory', '0'], mentions: '--max-memory' },
    // A bare number is bytes: 512 is far below the minimum, not 512 MiB.
    { args: ['--max-memory', '512'], mentions: '--max-memory' },
    { args: ['--max-memory', '16MB'], mentions: '16MiB' },
    { args: ['--max-memory'], mentions: '--max-memory' },
    { args: ['--shard-bytes-per-second', 'fast'], mentions: '--shard-bytes-per-second' },
    { args: ['--shard-records-per-second', '0'], mentions: '--shard-records-per-second' },
    { args: ['--throttle', 'maybe'], mentions: '--throttle' },
    { args: ['--throttle', 'off', '--shard-records-per-second', '5'], mentions: '--throttle' },
    { args: ['--account-id', '123'], mentions: '--account-id' },
    { args: ['--auth', 'sigv4'], mentions: '--credentials' },
    { args: ['--auth', 'basic'], mentions: '--auth' },
    { args: ['--auth', 'sigv4', '--credentials', 'no-colon'], mentions: '--credentials' },
    { args: ['--auth', 'sigv4', '--credentials', 'AK:'], mentions: '--credentials' },
    { args: ['--credentials', 'AK:SK'], mentions: '--credentials' },
    { args: ['--update-delay', 'later'], mentions: '--update-delay' },
    // A bad value of a kinesalite alias is reported under the name the user typed.
    { args: ['--createStreamMs', 'soon'], mentions: '--createStreamMs' },
    { args: ['--shardLimit', '0'], mentions: '--shardLimit' },
    { args: ['--createStreamMs', '0', '--create-delay', '0'], mentions: '--createStreamMs' },
    { args: ['--path', '/tmp/kinesalite-db'], mentions: '--path' },
    { args: ['--ssl'], mentions: '--ssl' },
    { args: ['--nope'], mentions: '--nope' },
    { args: ['extra'], mentions: 'extra' },
    { args: ['--log=yes'], mentions: '--log' },
  ];
  it.each(bad)('$args is a usage error naming $mentions', ({ args, mentions }) => {
    let thrown: unknown;
    try {
      parseServeArgs(args, {});
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(UsageError);
    const err = thrown as UsageError;
    expect(err.code).toBe('KCS_USAGE');
    expect(err.message).toContain(mentions);
    expect(err.message).not.toContain('\n');
  });

  it('does not echo a secret from a malformed --credentials pair', () => {
    expect(() => parseServeArgs(['--auth', 'sigv4', '--credentials', 'AKIDSUPERSECRETVALUE'], {})).toThrow(
      UsageError,
    );
    try {
      parseServeArgs(['--auth', 'sigv4', '--credentials', 'AKIDSUPERSECRETVALUE'], {});
    } catch (err) {
      expect((err as Error).message).not.toContain('SUPERSECRET');
    }
  });
});

describe('parseDuration', () => {
  it.each([
    ['500ms', 500],
    ['30s', 30_000],
    ['5m', 300_000],
    ['24h', 86_400_000],
    ['1d', 86_400_000],
    ['250', 250],
    ['0', 0],
    ['1.5s', 1500],
    [' 2s ', 2000],
    ['0.0005s', 1],
  ])('%j -> %d ms', (text, ms) => {
    expect(parseDuration('d', text)).toBe(ms);
  });

  it.each(['', 's', '-1s', '1w', '1 s', '1e3', '.5s', '1S', 'abc', '1.s', '10sec'])(
    '%j is a usage error',
    (text) => {
      expect(() => parseDuration('delay', text)).toThrow(UsageError);
      expect(() => parseDuration('delay', text)).toThrow(/^--delay: /);
    },
  );
});

describe('parseSize', () => {
  it.each([
    ['100', 100],
    ['0', 0],
    ['10b', 10],
    ['10 B', 10],
    ['1kb', 1000],
    ['1MB', 1_000_000],
    ['1GB', 1_000_000_000],
    ['512KiB', 524_288],
    ['64MiB', 67_108_864],
    ['2GiB', 2_147_483_648],
    ['1.5KiB', 1536],
    ['64mib', 67_108_864],
  ])('%j -> %d bytes', (text, bytes) => {
    expect(parseSize('s', text)).toBe(bytes);
  });

  it.each(['', 'MiB', '-1', '1TB', '1 MiBs', 'abc', '1e6', '1,000', '0x10'])(
    '%j is a usage error',
    (text) => {
      expect(() => parseSize('size', text)).toThrow(UsageError);
      expect(() => parseSize('size', text)).toThrow(/^--size: /);
    },
  );
});

describe('kcs serve (child process)', () => {
  let server: ChildProcessWithoutNullStreams;
  let serverExit: Promise<Finished>;
  let url: string;
  /** One-shot runs, started together in beforeAll and judged one per test. */
  const runs = new Map<string, Promise<Finished>>();
  const BAD_ARGS: readonly { name: string; args: string[]; mentions: string }[] = [
    { name: '--port abc', args: ['serve', '--port', 'abc'], mentions: '--port' },
    { name: '--profile nope', args: ['serve', '--profile', 'nope'], mentions: '--profile' },
    { name: '--fail-rate 2', args: ['serve', '--fail-rate', '2'], mentions: '--fail-rate' },
    { name: '--max-memory 512', args: ['serve', '--max-memory', '512'], mentions: '--max-memory' },
    {
      name: '--auth sigv4 without credentials',
      args: ['serve', '--auth', 'sigv4'],
      mentions: '--credentials',
    },
    { name: 'an unknown flag', args: ['serve', '--nope'], mentions: '--nope' },
    { name: 'an unknown command', args: ['nope'], mentions: 'nope' },
    { name: "kinesalite's --path", args: ['serve', '--path', '/tmp/kinesalite-db'], mentions: '--path' },
  ];

  beforeAll(async () => {
    runs.set('help', runKcs(['serve', '--help']));
    for (const { name, args } of BAD_ARGS) runs.set(name, runKcs(args));
    // Judged by their own tests; a rejection here would otherwise go unhandled until then.
    for (const run of runs.values()) run.catch(() => undefined);

    // Started with kinesalite's flags, as a CI job that swapped the command would.
    server = spawnKcs(['serve', '--port', '0', '--createStreamMs', '0', '--shardLimit', String(SHARD_LIMIT)]);
    // Bounded far above the tests; the SIGTERM test enforces its own, tighter bound.
    serverExit = finished(server, 10 * START_TIMEOUT_MS);
    serverExit.catch(() => undefined);
    const lines = createInterface({ input: server.stdout });
    const first = await Promise.race([
      once(lines, 'line').then(([line]) => String(line)),
      serverExit.then((r) => Promise.reject(new Error(`kcs serve exited early (${r.code}): ${r.stderr}`))),
    ]);
    const match = LISTENING.exec(first);
    if (!match) throw new Error(`unexpected first line: ${first}`);
    url = `http://127.0.0.1:${match[1]}`;
    runs.set('port in use', runKcs(['serve', '--port', match[1]!]));
    runs.get('port in use')!.catch(() => undefined);
  }, START_TIMEOUT_MS * 2);

  afterAll(async () => {
    if (server && server.exitCode === null && server.signalCode === null) server.kill('SIGKILL');
    await Promise.allSettled(runs.values());
  });

  it('prints "listening on http://127.0.0.1:<port>" as its first stdout line', () => {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(Number(new URL(url).port)).toBeGreaterThan(0);
  });

  it('serves requests', async () => {
    const res = await request(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'Kinesis_20131202.ListStreams',
      },
      body: '{}',
    });
    expect(res.statusCode).toBe(200);
    expect(await res.body.json()).toEqual(
      expect.objectContaining({ StreamNames: [], HasMoreStreams: false }),
    );
  });

  it("takes kinesalite's --createStreamMs and --shardLimit", async () => {
    const create = (name: string, shards: number): Promise<number> =>
      request(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-amz-json-1.1',
          'x-amz-target': 'Kinesis_20131202.CreateStream',
        },
        body: JSON.stringify({ StreamName: name, ShardCount: shards }),
      }).then(async (res) => {
        await res.body.dump();
        return res.statusCode;
      });
    expect(await create('over-the-limit', SHARD_LIMIT + 1)).toBe(400);
    expect(await create('at-the-limit', SHARD_LIMIT)).toBe(200);
    // --createStreamMs 0: ACTIVE before the next request.
    const res = await request(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'Kinesis_20131202.DescribeStreamSummary',
      },
      body: JSON.stringify({ StreamName: 'at-the-limit' }),
    });
    const body = (await res.body.json()) as { StreamDescriptionSummary: { StreamStatus: string } };
    expect(body.StreamDescriptionSummary.StreamStatus).toBe('ACTIVE');
  });

  it('refuses a port already in use: exit 2, one line', async () => {
    expectUsageFailure(await runs.get('port in use')!, 'EADDRINUSE');
  });

  it('--help exits 0 and prints usage', async () => {
    const run = await runs.get('help')!;
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^kcs serve: /);
    expect(run.stdout).toContain('Usage: kcs serve [options]');
    expect(run.stdout).toContain('--port N');
    expect(run.stderr).toBe('');
  });

  for (const { name, mentions } of BAD_ARGS) {
    it(`${name}: exit 2 with one "kcs:" line on stderr and no stack trace`, async () => {
      expectUsageFailure(await runs.get(name)!, mentions);
    });
  }

  // Last: it stops the shared server.
  it('stops on SIGTERM with exit code 0', async () => {
    server.kill('SIGTERM');
    const run = await Promise.race([
      serverExit,
      new Promise<never>((_, reject) =>
        setTimeout(
          () => reject(new Error('kcs serve did not stop within the bound')),
          STOP_TIMEOUT_MS,
        ).unref(),
      ),
    ]);
    expect(run.signal).toBeNull();
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/stopped after \d+ requests/);
    // The budget, said once at start (stdout's first line stays the listening line, tested above) and its
    // trims in total at the end.
    expect(run.stderr).toMatch(
      /^memory budget 512 MiB for the records of all streams, oldest trimmed first/m,
    );
    expect(run.stderr).toMatch(/^memory budget: trimmed 0 records \(0 B of Data and keys\) in total$/m);
    expect(run.stderr).not.toMatch(STACK_LINE);
  });
});
