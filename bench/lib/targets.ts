/**
 * The servers under test, each in its own child process so that the load generator never shares their event
 * loop: the reference server (`kcs serve`), the parse-only ceiling and kinesalite. Every child binds
 * 127.0.0.1 on a free port and prints `listening on URL` first; the benchmark stops them all at the end.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { request } from 'undici';
import { CONTENT_TYPES, TARGET_PREFIX } from '../../src/protocol/wire.ts';

export const TARGET_IDS = ['reference', 'parse-only', 'kinesalite'] as const;
export type TargetId = (typeof TARGET_IDS)[number];

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface TargetSpec {
  readonly title: string;
  /** Arguments after `node [nodeFlags]`. */
  readonly args: (shards: number) => string[];
  /** A Kinesis API: create the stream first, and judge answers by FailedRecordCount. */
  readonly kinesis: boolean;
}

export const TARGETS = {
  reference: {
    title: 'reference server (kcs serve --throttle off)',
    // Throttling off: the per-shard write limits would otherwise be what is measured. Retention stays at its
    // defaults (24 h, 64 MiB per shard), which bounds the server's memory in the 5 MiB scenario.
    args: (shards) => [
      'bin/kcs-dev.js',
      'serve',
      '--host',
      '127.0.0.1',
      '--port',
      '0',
      '--throttle',
      'off',
      '--shard-limit',
      String(Math.max(shards * 4, 200)),
    ],
    kinesis: true,
  },
  'parse-only': {
    title: 'parse-only ceiling (node:http, JSON.parse, fixed answer)',
    args: () => ['bin/run-ts.js', 'bench/parse-only-server.ts', '--port', '0'],
    kinesis: false,
  },
  kinesalite: {
    title: 'kinesalite (in-memory LevelDB)',
    args: (shards) => [
      'bin/run-ts.js',
      'bench/lib/kinesalite-server.ts',
      '--shard-limit',
      String(shards * 4),
    ],
    kinesis: true,
  },
} as const satisfies Record<TargetId, TargetSpec>;

/**
 * Headers of every benchmark request. kinesalite refuses requests without a SigV4-looking Authorization
 * header and X-Amz-Date but does not verify the signature; the other two ignore them. Every target gets the
 * same bytes.
 */
export const REQUEST_HEADERS = {
  'content-type': CONTENT_TYPES.json,
  'x-amz-target': `${TARGET_PREFIX}.PutRecords`,
  'x-amz-date': '20260101T000000Z',
  authorization:
    'AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/kinesis/aws4_request, SignedHeaders=host, Signature=abc',
} as const;

/** A child process of a benchmark, started by startChild. */
export interface RunningChild<Id extends string = string> {
  readonly id: Id;
  readonly url: string;
  readonly pid: number;
  /** User + system CPU seconds the child has used so far, or undefined where /proc is not readable. */
  cpuSeconds(): number | undefined;
  /** The last lines the child wrote to stderr (for error reports). */
  stderrTail(): string;
  /** SIGTERM, then SIGKILL after `graceMs`. Resolves once the child is gone. */
  stop(graceMs?: number): Promise<void>;
  readonly exited: Promise<void>;
}

export type RunningTarget = RunningChild<TargetId>;

/** Every child started and not yet gone, so that an interrupted benchmark can still end them. */
const live = new Set<ChildProcess>();

/** Last resort, synchronous (for `process.on('exit')`): SIGKILL every child still running. */
export function killAllNow(): void {
  for (const child of live) child.kill('SIGKILL');
}

let clockTicks: number | undefined;
function ticksPerSecond(): number {
  if (clockTicks === undefined) {
    const out = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
    const n = Number(out.stdout?.trim());
    clockTicks = Number.isInteger(n) && n > 0 ? n : 100;
  }
  return clockTicks;
}

/** utime + stime of a process from /proc/PID/stat (Linux). */
export function procCpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may contain spaces and parentheses: fields are counted after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond();
  } catch {
    return undefined;
  }
}

const STARTUP_TIMEOUT_MS = 30_000;

/** Starts a target's child and resolves with its URL once it prints `listening on URL`. */
export function startTarget(
  id: TargetId,
  shards: number,
  nodeFlags: readonly string[] = [],
): Promise<RunningTarget> {
  return startChild(id, [...nodeFlags, ...TARGETS[id].args(shards)]);
}

/**
 * Starts `node ...args` (from the repository root) and resolves with its URL once it prints `listening on
 * URL`; killAllNow ends it with the others. For children other benchmarks define (bench/load-*.ts).
 */
export function startChild<Id extends string>(
  id: Id,
  args: readonly string[],
  env?: Readonly<Record<string, string>>,
): Promise<RunningChild<Id>> {
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: REPO_ROOT,
    ...(env ? { env: { ...process.env, ...env } } : {}),
    // stdin stays a pipe: the children written for this benchmark exit when it closes, so they cannot
    // outlive a benchmark that was killed outright.
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  live.add(child);
  child.once('exit', () => live.delete(child));
  // A child that dies closes its stdin pipe; writing nothing to it, the benchmark only needs the error ignored.
  child.stdin!.on('error', () => undefined);
  let stderr = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (s: string) => {
    stderr = (stderr + s).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  const stop = async (graceMs = 10_000): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const killed = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        child.kill('SIGKILL');
        resolve();
      }, graceMs);
    });
    await Promise.race([exited, killed]);
    clearTimeout(timer);
    await exited;
  };
  return new Promise<RunningChild<Id>>((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => {
      void stop(1_000);
      reject(new Error(`${id}: no 'listening on' line within ${STARTUP_TIMEOUT_MS} ms; stderr: ${stderr}`));
    }, STARTUP_TIMEOUT_MS);
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    const early = (code: number | null, signal: NodeJS.Signals | null): void => {
      clearTimeout(timer);
      reject(new Error(`${id} exited early (code ${code}, signal ${signal}); stderr: ${stderr}`));
    };
    child.once('exit', early);
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (s: string) => {
      stdout += s;
      const m = /listening on (http:\/\/\S+)/i.exec(stdout);
      if (!m) return;
      clearTimeout(timer);
      stdout = '';
      // Later output is drained and dropped so that a chatty child never blocks on a full pipe.
      child.stdout!.removeAllListeners('data');
      child.stdout!.resume();
      child.off('exit', early);
      resolve({
        id,
        url: m[1]!,
        pid: child.pid!,
        cpuSeconds: () => procCpuSeconds(child.pid!),
        stderrTail: () => stderr,
        stop,
        exited,
      });
    });
  });
}

async function kinesisCall(
  url: string,
  op: string,
  body: unknown,
): Promise<{ status: number; json: unknown }> {
  const res = await request(url, {
    method: 'POST',
    headers: { ...REQUEST_HEADERS, 'x-amz-target': `${TARGET_PREFIX}.${op}` },
    body: JSON.stringify(body),
  });
  const text = await res.body.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = text;
  }
  return { status: res.statusCode, json };
}

/** CreateStream, then DescribeStream until ACTIVE (bounded: a stream that never turns ACTIVE is an error). */
export async function prepareStream(
  url: string,
  name: string,
  shards: number,
  timeoutMs = 10_000,
): Promise<void> {
  const created = await kinesisCall(url, 'CreateStream', { StreamName: name, ShardCount: shards });
  if (created.status !== 200)
    throw new Error(`CreateStream on ${url}: HTTP ${created.status} ${JSON.stringify(created.json)}`);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const described = await kinesisCall(url, 'DescribeStream', { StreamName: name });
    const status = (described.json as { StreamDescription?: { StreamStatus?: string } } | undefined)
      ?.StreamDescription?.StreamStatus;
    if (described.status === 200 && status === 'ACTIVE') return;
    if (Date.now() > deadline)
      throw new Error(
        `stream ${name} on ${url} not ACTIVE after ${timeoutMs} ms (last: ${status ?? described.status})`,
      );
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
