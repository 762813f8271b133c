/**
 * How long `kcs` takes to start, installed from the packed tarball (what users run) against this checkout
 * (the built dist/ through bin/kcs.js, and the TypeScript sources through tsx): `kcs --help`,
 * `kcs check --help`, and `kcs check --endpoint URL` until its first request (the probe) and until the
 * suites' first request (the first CreateStream), measured by a recording proxy in front of a reference
 * server in this process. Prints a table and writes reports/bench-check-startup.json.
 *
 * Usage: node bin/run-ts.js bench/check-startup.ts [--rounds N]
 */
import { spawn, spawnSync } from 'node:child_process';
import {
  createServer as createHttpServer,
  request,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import { rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { parseFlags, stringFlag } from '../src/cli/parse.ts';
import { parseInteger } from '../src/cli/units.ts';
import { createServer } from '../src/server/server.ts';
import { installPackedPackage } from '../test/package/installed-package.ts';
import { benchMain, log } from './lib/main.ts';
import { machine, writeJsonReport } from './lib/report.ts';
import { REPO_ROOT } from './lib/targets.ts';

interface Options {
  readonly rounds: number;
}

const HELP = `bench/check-startup.ts: start-up time of kcs, installed vs this checkout.

Usage: node bin/run-ts.js bench/check-startup.ts [--rounds N]

  --rounds N   measurements per way of running and command; the median is reported (default 5)
`;

function parse(): Options | 'help' {
  const { values } = parseFlags(process.argv.slice(2), {
    rounds: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values['help']) return 'help';
  const rounds = stringFlag(values, 'rounds');
  return { rounds: rounds === undefined ? 5 : parseInteger('rounds', rounds, 1, 100) };
}

/** One way of running kcs: the command and its working directory. */
interface Way {
  readonly name: string;
  readonly argv: readonly string[];
  readonly cwd: string;
}

/** A proxy to the reference server that notes when the first request, and the first CreateStream, arrive. */
async function recordingProxy(upstream: string): Promise<{
  url: string;
  reset(): void;
  firstRequest(): Promise<number>;
  firstCreateStream(): Promise<number>;
  close(): Promise<void>;
}> {
  const target = new URL(upstream);
  let onFirst: (t: number) => void = () => undefined;
  let onCreate: (t: number) => void = () => undefined;
  let first: Promise<number>;
  let create: Promise<number>;
  const reset = (): void => {
    first = new Promise((resolve) => (onFirst = resolve));
    create = new Promise((resolve) => (onCreate = resolve));
  };
  reset();
  const server = createHttpServer((req: IncomingMessage, res: ServerResponse) => {
    const now = performance.now();
    onFirst(now);
    if (String(req.headers['x-amz-target']).endsWith('.CreateStream')) onCreate(now);
    const forward = request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    reset,
    firstRequest: () => first,
    firstCreateStream: () => create,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function timed(way: Way, args: readonly string[]): number {
  const started = performance.now();
  const run = spawnSync(process.execPath, [...way.argv, ...args], { cwd: way.cwd, encoding: 'utf8' });
  if (run.status !== 0)
    throw new Error(`${way.name}: kcs ${args.join(' ')} exited ${run.status}: ${run.stderr}`);
  return performance.now() - started;
}

async function untilFirstRequests(
  way: Way,
  proxy: Awaited<ReturnType<typeof recordingProxy>>,
): Promise<{ probe: number; suites: number }> {
  proxy.reset();
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [
      ...way.argv,
      'check',
      '--endpoint',
      proxy.url,
      '--only',
      'put-records.request-id-present',
      '--report-dir',
      join('reports', 'bench-startup', way.name),
    ],
    // Its own process group: vitest runs the suites in a child of it, which must go too.
    { cwd: way.cwd, stdio: 'ignore', detached: true },
  );
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    const probe = (await proxy.firstRequest()) - started;
    const suites = (await proxy.firstCreateStream()) - started;
    return { probe, suites };
  } finally {
    process.kill(-child.pid!, 'SIGKILL');
    await exited;
  }
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)]!;
};

await benchMain(parse, HELP, async (options) => {
  log('bench: packing and installing the package into a fresh project...');
  const installed = await installPackedPackage();
  const bin = join(installed.project, 'node_modules', 'kinesis-conformance', 'bin', 'kcs.js');
  const ways: Way[] = [
    { name: 'installed', argv: [bin], cwd: installed.project },
    { name: 'checkout-dist', argv: [join(REPO_ROOT, 'bin', 'kcs.js')], cwd: REPO_ROOT },
    { name: 'checkout-tsx', argv: [join(REPO_ROOT, 'bin', 'kcs-dev.js')], cwd: REPO_ROOT },
  ];
  const server = await createServer({ port: 0 });
  const proxy = await recordingProxy(server.url);
  const rows: Record<string, number | string>[] = [];
  try {
    for (const way of ways) {
      const help: number[] = [];
      const checkHelp: number[] = [];
      const probe: number[] = [];
      const suites: number[] = [];
      for (let round = 0; round < options.rounds; round++) {
        help.push(timed(way, ['--help']));
        checkHelp.push(timed(way, ['check', '--help']));
        const first = await untilFirstRequests(way, proxy);
        probe.push(first.probe);
        suites.push(first.suites);
      }
      rows.push({
        way: way.name,
        helpMs: Math.round(median(help)),
        checkHelpMs: Math.round(median(checkHelp)),
        firstRequestMs: Math.round(median(probe)),
        firstSuiteRequestMs: Math.round(median(suites)),
      });
      log(`bench: ${JSON.stringify(rows.at(-1))}`);
    }
  } finally {
    await proxy.close();
    await server.close();
    await rm(join(installed.project, '..'), { recursive: true, force: true });
  }
  const header =
    '| way | `kcs --help` ms | `kcs check --help` ms | check: first request (probe) ms | check: first suite request ms |';
  const lines = [header, '|---|--:|--:|--:|--:|'];
  for (const r of rows)
    lines.push(
      `| ${r['way']} | ${r['helpMs']} | ${r['checkHelpMs']} | ${r['firstRequestMs']} | ${r['firstSuiteRequestMs']} |`,
    );
  process.stdout.write(`${lines.join('\n')}\n\nmedian of ${options.rounds} rounds each\n`);
  writeJsonReport('reports/bench-check-startup.json', { machine: machine(), rounds: options.rounds, rows });
});
