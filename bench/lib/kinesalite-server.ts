/**
 * kinesalite as a benchmark target. Its CLI cannot be used as is: `--port 0` falls back to 4567 (it reads
 * `argv.port || 4567`) and it listens on every interface, while the benchmark stays on 127.0.0.1 with a free
 * port. So this starts it through its module API (kinesalite 3.3.3 index.js: `kinesalite(options)` returns
 * an http.Server), with streams ACTIVE at once (createStreamMs 0 instead of its default 500).
 *
 * Usage: node bin/run-ts.js bench/lib/kinesalite-server.ts [--shard-limit N]; prints `listening on URL` first.
 */
import { createRequire } from 'node:module';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';

interface KinesaliteOptions {
  createStreamMs?: number;
  deleteStreamMs?: number;
  updateStreamMs?: number;
  shardLimit?: number;
}

const { values } = parseArgs({ options: { 'shard-limit': { type: 'string', default: '10' } } });
const kinesalite = createRequire(import.meta.url)('kinesalite') as (options: KinesaliteOptions) => Server;
const server = kinesalite({
  createStreamMs: 0,
  deleteStreamMs: 0,
  updateStreamMs: 0,
  shardLimit: Number(values['shard-limit']),
});

server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`listening on http://127.0.0.1:${(server.address() as AddressInfo).port}\n`);
});

const stop = (): void => {
  server.closeAllConnections();
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
// Started with a piped stdin by the benchmark: its end means the benchmark is gone, so this goes too.
if (!process.stdin.isTTY) {
  process.stdin.on('end', stop);
  process.stdin.resume();
}
