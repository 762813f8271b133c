/**
 * Starting and stopping the emulators `kcs compat` compares: each one is its own CLI from node_modules, run as
 * a child process on free loopback ports, ready when it answers ListStreams, stopped with SIGTERM (then
 * SIGKILL). Every wait is bounded, and a child still alive when this process exits is killed with it.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { accessSync, constants } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { delimiter, dirname, join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseEndpoint } from '../protocol/endpoint.ts';
import type { Target } from '../client/exchange.ts';
import { KcsError } from '../errors.ts';
import { probeEndpoint } from '../check/probe.ts';
import { isEmulator, type EmulatorName, type TargetSpec } from './targets.ts';

/** An emulator that could not be started, or did not answer in time. */
export class LaunchError extends KcsError {
  constructor(message: string) {
    super('KCS_LAUNCH', message);
  }
}

interface LaunchBase {
  /** Free loopback ports it needs; the first one serves plain HTTP. */
  readonly portCount: number;
  args(ports: readonly number[]): string[];
  env(ports: readonly number[], home: string): Record<string, string>;
}

/** An emulator published on npm, run with Node from its package (an optional peer dependency). */
export interface NpmLaunch extends LaunchBase {
  readonly kind: 'npm';
  readonly packageName: string;
  /** Its CLI script inside the package. */
  readonly bin: string;
}

/** An emulator that is a command on PATH (not an npm package): skipped with the reason when it is missing. */
export interface CommandLaunch extends LaunchBase {
  readonly kind: 'command';
  readonly command: string;
  /** What it is, for the matrix (`moto`). */
  readonly software: string;
  /** A command that prints its version on stdout. */
  readonly versionCommand: readonly string[];
}

export type EmulatorLaunch = NpmLaunch | CommandLaunch;

/**
 * kinesalite counts the shards of every stream in the process, DELETING ones included, against a default
 * limit of 10: a suite run (8 shards at most) followed at once by the differential's stream would hit it.
 * 50 is kinesis-mock's default; no check is about the shard limit.
 */
const KINESALITE_SHARD_LIMIT = 50;

export const LAUNCHES = {
  kinesalite: {
    kind: 'npm',
    packageName: 'kinesalite',
    bin: 'cli.js',
    portCount: 1,
    args: ([port]) => ['--port', String(port), '--shardLimit', String(KINESALITE_SHARD_LIMIT)],
    env: () => ({}),
  },
  'kinesis-mock': {
    kind: 'npm',
    packageName: 'kinesis-local',
    bin: 'main.js',
    // It always serves TLS as well, on a second port.
    portCount: 2,
    args: () => [],
    env: ([plain, tls], packageDir) => ({
      KINESIS_MOCK_PLAIN_PORT: String(plain),
      KINESIS_MOCK_TLS_PORT: String(tls),
      // Its bundled self-signed certificate; the default path is relative to the working directory.
      KINESIS_MOCK_CERT_PATH: join(packageDir, 'server.json'),
      // In-memory only: a data file left in the working directory must not seed the run.
      LOAD_DATA_IF_EXISTS: 'false',
      SHOULD_PERSIST_DATA: 'false',
    }),
  },
  // moto (the Python AWS mock) in server mode: every service on one port, routed by the signature's service.
  moto: {
    kind: 'command',
    command: 'moto_server',
    software: 'moto',
    versionCommand: ['python3', '-c', 'import moto; print(moto.__version__)'],
    portCount: 1,
    args: ([port]) => ['-H', '127.0.0.1', '-p', String(port)],
    // pyenv's shims (as on these machines) find their interpreter through HOME.
    env: (): Record<string, string> => {
      const home = process.env['HOME'];
      return home !== undefined ? { HOME: home } : {};
    },
  },
} as const satisfies Record<EmulatorName, EmulatorLaunch>;

export const LAUNCH_DEFAULTS = {
  /** kinesis-mock (Scala.js, 9 MB of JavaScript) answers after about 1 s, kinesalite after about 0.5 s. */
  readyTimeoutMs: 30_000,
  /** Between readiness probes, and the timeout of each. */
  pollMs: 100,
  probeTimeoutMs: 1_000,
  /** After SIGTERM, then after SIGKILL. */
  stopTimeoutMs: 5_000,
  killTimeoutMs: 2_000,
  /** A port taken between choosing it and the child binding it: try again with others. */
  attempts: 3,
} as const;

/** Preloaded into every emulator: its servers listen on 127.0.0.1 only (neither CLI has a host option). */
const LOOPBACK_PRELOAD = fileURLToPath(new URL('./loopback-only.mjs', import.meta.url));

const require = createRequire(import.meta.url);

export function packageDirOf(packageName: string): string {
  return dirname(require.resolve(`${packageName}/package.json`));
}

/** Whether an npm package can be found from here (the emulators are optional peer dependencies). */
export function isPackageInstalled(packageName: string): boolean {
  try {
    packageDirOf(packageName);
    return true;
  } catch {
    return false;
  }
}

/**
 * The first emulator among `targets` that would have to be started but is not installed, as the one line
 * that says how to add it; undefined when every one can start (or is given by URL).
 */
export function missingEmulator(
  targets: readonly TargetSpec[],
  installed: (packageName: string) => boolean = isPackageInstalled,
): string | undefined {
  for (const spec of targets) {
    if (!isEmulator(spec.kind) || spec.endpoint !== undefined) continue;
    const launch: EmulatorLaunch = LAUNCHES[spec.kind];
    if (launch.kind !== 'npm') continue;
    const { packageName } = launch;
    if (!installed(packageName))
      return (
        `--targets: ${spec.name} is not installed; add it with 'npm install --save-dev ${packageName}', ` +
        `or give a running one as ${spec.name}=URL`
      );
  }
  return undefined;
}

/** What the emulator is called in the matrix: its npm package, or the software behind the command. */
export function softwareOf(name: EmulatorName): string {
  const launch: EmulatorLaunch = LAUNCHES[name];
  return launch.kind === 'npm' ? launch.packageName : launch.software;
}

/** The full path of `command` on PATH, or undefined. */
export function commandOnPath(command: string, path = process.env['PATH'] ?? ''): string | undefined {
  for (const dir of path.split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, command);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/**
 * Why an emulator cannot start here (its npm package is not installed, its command is not on PATH), or
 * undefined. A command emulator is then skipped with this reason (no `npm install` brings it); so is an
 * npm one among the default targets (one asked for by name is a usage error: missingEmulator).
 */
export function unavailableReason(name: EmulatorName, path?: string): string | undefined {
  const launch: EmulatorLaunch = LAUNCHES[name];
  if (launch.kind === 'npm')
    return isPackageInstalled(launch.packageName)
      ? undefined
      : `${launch.packageName} is not installed (npm install --save-dev ${launch.packageName})`;
  if (commandOnPath(launch.command, path) !== undefined) return undefined;
  return `${launch.command} is not on PATH (install ${launch.software}, e.g. pip install 'moto[server]')`;
}

function commandVersion(launch: CommandLaunch): string {
  const [command, ...args] = launch.versionCommand;
  const run = spawnSync(command!, args, { encoding: 'utf8', timeout: 10_000 });
  return run.status === 0 && run.stdout.trim() !== '' ? run.stdout.trim() : 'unknown';
}

export async function packageVersionOf(packageName: string): Promise<string> {
  const pkg = JSON.parse(await readFile(join(packageDirOf(packageName), 'package.json'), 'utf8')) as {
    version?: string;
  };
  return pkg.version ?? 'unknown';
}

export interface RunningEmulator {
  readonly name: EmulatorName;
  readonly url: string;
  readonly pid: number;
  readonly version: string;
  /** Its stdout and stderr. */
  readonly logFile: string;
  /** SIGTERM, then SIGKILL after a bound; resolves once the process is gone. Idempotent. */
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Where its output goes (created or truncated). */
  readonly logFile: string;
  /** Its working directory (kinesis-mock resolves relative paths against it). */
  readonly cwd: string;
  /** Used for the readiness probe: a ListStreams call signed like the suite's requests. */
  readonly region: string;
  readonly credentials?: Target['credentials'];
  readonly readyTimeoutMs?: number;
  /** Aborting stops the wait and the child. */
  readonly signal?: AbortSignal;
}

/** Children not yet stopped: killed if this process exits first (a second Ctrl-C, an uncaught error). */
const live = new Set<ChildProcess>();
let exitHookInstalled = false;

function killLiveChildren(): void {
  for (const child of live) child.kill('SIGKILL');
  live.clear();
}

/** What to run for an emulator on the given ports: the program, its arguments, its environment. */
function commandLine(
  launch: EmulatorLaunch,
  ports: readonly number[],
  packageDir: string,
): { program: string; args: string[]; env: Record<string, string> } {
  if (launch.kind === 'command')
    return { program: launch.command, args: launch.args(ports), env: launch.env(ports, packageDir) };
  // Node emulators get a preload that keeps every server they open on 127.0.0.1 (neither CLI has a host option).
  return {
    program: process.execPath,
    args: ['--import', LOOPBACK_PRELOAD, join(packageDir, launch.bin), ...launch.args(ports)],
    env: launch.env(ports, packageDir),
  };
}

export async function startEmulator(name: EmulatorName, options: StartOptions): Promise<RunningEmulator> {
  const launch: EmulatorLaunch = LAUNCHES[name];
  const unavailable = unavailableReason(name);
  if (unavailable !== undefined) throw new LaunchError(`${name}: ${unavailable}`);
  const packageDir = launch.kind === 'npm' ? packageDirOf(launch.packageName) : options.cwd;
  const version = launch.kind === 'npm' ? await packageVersionOf(launch.packageName) : commandVersion(launch);
  const readyTimeoutMs = options.readyTimeoutMs ?? LAUNCH_DEFAULTS.readyTimeoutMs;
  let lastProblem = '';
  for (let attempt = 1; attempt <= LAUNCH_DEFAULTS.attempts; attempt++) {
    const ports = await freePorts(launch.portCount);
    const url = `http://127.0.0.1:${ports[0]}`;
    const child = await spawnLogged(commandLine(launch, ports, packageDir), options);
    const stop = (): Promise<void> => stopChild(child);
    const target: Target = {
      endpoint: parseEndpoint(url),
      region: options.region,
      ...(options.credentials ? { credentials: options.credentials } : {}),
    };
    const ready = await waitUntilAnswering(child, target, readyTimeoutMs, options.signal);
    if (ready === 'ready') {
      return { name, url, pid: child.pid!, version, logFile: options.logFile, stop };
    }
    await stop();
    const log = await tail(options.logFile);
    if (ready === 'aborted') throw new LaunchError(`${name}: start interrupted`);
    if (ready === 'timeout') {
      throw new LaunchError(
        `${name} ${version} did not answer ListStreams on ${url} within ${readyTimeoutMs} ms${log ? `: ${log}` : ''}`,
      );
    }
    lastProblem = `${name} ${version} exited before answering (${ready.exited})${log ? `: ${log}` : ''}`;
    // Someone took a port between freePorts and the child's bind: pick others.
    if (!/EADDRINUSE/.test(log)) break;
  }
  throw new LaunchError(lastProblem);
}

async function spawnLogged(
  command: {
    readonly program: string;
    readonly args: readonly string[];
    readonly env: Record<string, string>;
  },
  options: StartOptions,
): Promise<ChildProcess> {
  const log = await open(options.logFile, 'w');
  try {
    // A clean environment: the emulators need nothing of ours (and no AWS_* variables or credentials).
    const child = spawn(command.program, command.args, {
      cwd: options.cwd,
      env: { PATH: process.env['PATH'] ?? '', ...command.env },
      stdio: ['ignore', log.fd, log.fd],
    });
    // A spawn failure is reported as an exit (exitCode stays null, so waitUntilAnswering sees 'error').
    child.on('error', () => undefined);
    live.add(child);
    if (!exitHookInstalled) {
      exitHookInstalled = true;
      process.on('exit', killLiveChildren);
    }
    child.once('exit', () => live.delete(child));
    return child;
  } finally {
    // The child holds its own copy of the descriptor.
    await log.close();
  }
}

type Readiness = 'ready' | 'timeout' | 'aborted' | { readonly exited: string };

function exitOf(child: ChildProcess): string | undefined {
  if (child.exitCode !== null) return `exit code ${child.exitCode}`;
  if (child.signalCode !== null) return `signal ${child.signalCode}`;
  return undefined;
}

async function waitUntilAnswering(
  child: ChildProcess,
  target: Target,
  timeoutMs: number,
  signal: AbortSignal | undefined,
): Promise<Readiness> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (signal?.aborted) return 'aborted';
    const exited = exitOf(child);
    if (exited !== undefined) return { exited };
    if (child.pid === undefined) return { exited: 'could not be spawned' };
    const probe = await probeEndpoint(target, LAUNCH_DEFAULTS.probeTimeoutMs).catch(() => undefined);
    if (probe?.ok) return 'ready';
    if (Date.now() >= deadline) return 'timeout';
    await delay(LAUNCH_DEFAULTS.pollMs);
  }
}

async function stopChild(child: ChildProcess): Promise<void> {
  try {
    for (const [signal, timeoutMs] of [
      ['SIGTERM', LAUNCH_DEFAULTS.stopTimeoutMs],
      ['SIGKILL', LAUNCH_DEFAULTS.killTimeoutMs],
    ] as const) {
      if (exitOf(child) !== undefined || child.pid === undefined) return;
      const exited = once(child, 'exit');
      child.kill(signal);
      const ac = new AbortController();
      await Promise.race([exited, delay(timeoutMs, undefined, { signal: ac.signal }).catch(() => undefined)]);
      ac.abort();
    }
  } finally {
    live.delete(child);
  }
}

/** The last lines of a log, on one line: enough to say why a child died. */
async function tail(file: string, maxChars = 400): Promise<string> {
  const text = await readFile(file, 'utf8').catch(() => '');
  const lines = text.trim().split('\n').slice(-4).join(' | ');
  return lines.length > maxChars ? `...${lines.slice(-maxChars)}` : lines;
}

/** `count` distinct ports free on 127.0.0.1 right now (held together while chosen, so they differ). */
export async function freePorts(count: number): Promise<number[]> {
  const servers: Server[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const server = createServer();
      servers.push(server);
      server.listen(0, '127.0.0.1');
      await once(server, 'listening');
    }
    return servers.map((s) => (s.address() as AddressInfo).port);
  } finally {
    await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  }
}
