/**
 * The parse-only ceiling: the least a JSON 1.1 PutRecords endpoint on node:http must do (read the body,
 * JSON.parse it) and nothing more: no validation, no base64 decoding, no routing, no storage, and a fixed
 * small answer. What the reference server reaches relative to this is the number the issue cares about.
 *
 * Usage: node bin/run-ts.js bench/parse-only-server.ts [--port N]; prints `listening on URL` first.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { CONTENT_TYPES } from '../src/protocol/wire.ts';

const { values } = parseArgs({ options: { port: { type: 'string', default: '0' } } });
const ANSWER = Buffer.from('{"FailedRecordCount":0,"Records":[]}');
const ANSWER_HEADERS = { 'content-type': CONTENT_TYPES.json, 'content-length': ANSWER.length };
const BAD_REQUEST = Buffer.from('{"__type":"SerializationException"}');

// Same keep-alive timeout as the reference server, so connection reuse is alike.
const server = http.createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
  const chunks: Buffer[] = [];
  let size = 0;
  req.on('data', (chunk: Buffer) => {
    chunks.push(chunk);
    size += chunk.length;
  });
  req.on('end', () => {
    const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size);
    try {
      JSON.parse(body.toString('utf8'));
    } catch {
      res.writeHead(400, { 'content-type': CONTENT_TYPES.json, 'content-length': BAD_REQUEST.length });
      res.end(BAD_REQUEST);
      return;
    }
    res.writeHead(200, ANSWER_HEADERS);
    res.end(ANSWER);
  });
});

server.listen(Number(values.port), '127.0.0.1', () => {
  process.stdout.write(`listening on http://127.0.0.1:${(server.address() as AddressInfo).port}\n`);
});

const stop = (): void => {
  server.close();
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
