/**
 * The embedded target: the reference server as a separate process on loopback (`kcs serve --port 0`), so the
 * load generator never shares its event loop. Its first stdout line names the URL; it is stopped at the end
 * of the run, on SIGINT, and (synchronously) if this process exits first.
 */
import { spawn } from 'node:child_process';
import { KCS_BIN } from '../package-info.ts';
import { SERVER_DEFAULTS } from '../server/options.ts';
import { LoadSetupError } from './load-error.ts';

export interface EmbeddedServer {
  readonly url: string;
  readonly pid: number;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  readonly shards: number;
  /** Keep the per-shard write limits (the server's default). */
  readonly throttle: boolean;
  readonly timeoutMs: number;
}

const LISTENING = /^listening on (http:\/\/\S+)$/;
/** After SIGTERM the server closes gracefully; past this it is killed. */
const STOP_GRACE_MS = 5_000;

export function embeddedServerArgs(options: EmbeddedOptions): string[] {
  return [
    KCS_BIN,
    'serve',
    '--host',
    '127.0.0.1',
    '--port',
    '0',
    '--shard-limit',
    String(Math.max(SERVER_DEFAULTS.shardLimit, options.shards)),
    ...(options.throttle ? [] : ['--throttle', 'off']),
  ];
}

export function startEmbeddedServer(options: EmbeddedOptions): Promise<EmbeddedServer> {
  // Its own process group: a Ctrl-C on the terminal reaches this process only, which then finishes the run
  // and stops the server itself.
  const child = spawn(process.execPath, embeddedServerArgs(options), {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const killNow = (): void => {
    child.kill('SIGKILL');
  };
  process.on('exit', killNow);
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-2000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    process.off('exit', killNow);
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(killNow, STOP_GRACE_MS);
    await exited;
    clearTimeout(timer);
  };
  return new Promise<EmbeddedServer>((resolve, reject) => {
    let stdout = '';
    const fail = (reason: string): void => {
      clearTimeout(timer);
      void stop();
      reject(
        new LoadSetupError(
          `the embedded server did not start: ${reason}${stderr ? `\n${stderr.trim()}` : ''}`,
        ),
      );
    };
    const timer = setTimeout(() => fail(`no address within ${options.timeoutMs} ms`), options.timeoutMs);
    child.once('error', (err) => fail(err.message));
    const onEarlyExit = (code: number | null): void => fail(`exited with code ${code}`);
    child.once('exit', onEarlyExit);
    child.stdout.setEncoding('utf8');
    const onData = (chunk: string): void => {
      stdout += chunk;
      const newline = stdout.indexOf('\n');
      if (newline < 0) return;
      const m = LISTENING.exec(stdout.slice(0, newline).trim());
      if (!m) return fail(`unexpected first line '${stdout.slice(0, newline)}'`);
      clearTimeout(timer);
      child.off('exit', onEarlyExit);
      child.stdout.off('data', onData);
      // Keep draining its output so the child never blocks on a full pipe.
      child.stdout.resume();
      resolve({ url: m[1]!, pid: child.pid!, stop });
    };
    child.stdout.on('data', onData);
  });
}
