import { createServer } from '../src/server/server.ts';
import { rewritingProxy } from '../test/suites/rewriting-proxy.ts';
import { parseCheckArgs, runCheck, type CheckOptions } from '../src/cli/commands/check.ts';
import { closeConnections } from '../src/client/send.ts';
const server = await createServer({ port: 0 });
const proxy = await rewritingProxy(server.url, async (_call, forward) => {
  const a = await forward();
  return { ...a, headers: { ...a.headers, 'content-type': 'text/plain' } };
});
const o = parseCheckArgs(['--seed','5'], {}) as CheckOptions;
const r = await runCheck({ ...o, endpoint: proxy.url, accessKeyId: 'a', secretAccessKey: 'b', reportDir: process.argv[2]! }, {});
await closeConnections(); await proxy.close(); await server.close();
console.log('exit', r.exitCode);
