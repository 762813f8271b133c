/**
 * kinesis-mock (the kinesis-local package: etspaceman/kinesis-mock compiled to JavaScript) as a benchmark
 * target, in this process. Its launcher cannot be used as is: it takes its ports from the environment only
 * (KINESIS_MOCK_PLAIN_PORT, default 4568, and KINESIS_MOCK_TLS_PORT, default 4567, which cannot be turned
 * off), listens on every interface (kinesis-local 0.6.2 calls `server.listen(port, callback)` without a
 * host), reads its certificate from `server.json` relative to the working directory and prints no address.
 * So this picks two free loopback ports, points the certificate path at the package, binds both servers to
 * 127.0.0.1 by adding the host to their `listen` call, loads main.js, and prints `listening on URL` once the
 * plain-HTTP server listens.
 *
 * Streams are ACTIVE and deleted at once (the *_DURATION variables, 500ms by default, set to 0ms), the
 * shard limit is high enough for the many streams a benchmark creates, and it logs errors only (its INFO log
 * is not what is measured).
 *
 * Usage: node bin/run-ts.js bench/lib/kinesis-mock-server.ts [--shard-limit N]; prints `listening on URL`.
 */
import { createRequire } from 'node:module';
import net from 'node:net';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';

const HOST = '127.0.0.1';
const STARTUP_TIMEOUT_MS = 60_000;

const { values } = parseArgs({ options: { 'shard-limit': { type: 'string', default: '1000' } } });
const require = createRequire(import.meta.url);
const packageDir = dirname(require.resolve('kinesis-local/package.json'));

/** A port that was free on 127.0.0.1 a moment ago. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, HOST, () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

const plainPort = await freePort();
const tlsPort = await freePort();
const zero = '0ms';
Object.assign(process.env, {
  KINESIS_MOCK_PLAIN_PORT: String(plainPort),
  KINESIS_MOCK_TLS_PORT: String(tlsPort),
  KINESIS_MOCK_CERT_PATH: join(packageDir, 'server.json'),
  CREATE_STREAM_DURATION: zero,
  DELETE_STREAM_DURATION: zero,
  UPDATE_SHARD_COUNT_DURATION: zero,
  SHARD_LIMIT: values['shard-limit'],
  LOG_LEVEL: 'ERROR',
  ROOT_LOG_LEVEL: 'ERROR',
  SHOULD_PERSIST_DATA: 'false',
  LOAD_DATA_IF_EXISTS: 'false',
});

const timer = setTimeout(() => {
  process.stderr.write(`kinesis-mock: not listening on port ${plainPort} after ${STARTUP_TIMEOUT_MS} ms\n`);
  process.exit(1);
}, STARTUP_TIMEOUT_MS);

// Every listen(port, ...) call without a host gets 127.0.0.1; the plain port's announces the URL.
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (this: net.Server, ...args: unknown[]): net.Server {
  const [first, second] = args;
  let port: number | undefined;
  if (typeof first === 'number' && typeof second !== 'string') {
    port = first;
    args.splice(1, 0, HOST);
  } else if (typeof first === 'object' && first !== null && !('host' in first)) {
    port = (first as net.ListenOptions).port;
    args[0] = { ...first, host: HOST };
  }
  if (port === plainPort)
    this.once('listening', () => {
      clearTimeout(timer);
      process.stdout.write(`listening on http://${HOST}:${plainPort}\n`);
    });
  return (listen as (...a: unknown[]) => net.Server).apply(this, args);
} as typeof listen;

require(join(packageDir, 'main.js'));

const stop = (): void => process.exit(0);
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
// Started with a piped stdin by the benchmark: its end means the benchmark is gone, so this goes too.
if (!process.stdin.isTTY) {
  process.stdin.on('end', stop);
  process.stdin.resume();
}
