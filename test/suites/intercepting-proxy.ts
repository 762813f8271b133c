/**
 * A proxy in front of a target that breaks one thing: it forwards every request, and lets a test answer some
 * itself (`answer`) or change the target's answer (`rewrite`), in the request's wire format.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { decodeBody, encodeBody, wireFormatOf } from '../../src/protocol/wire.ts';

export interface Interception {
  /** An answer of the proxy's own for an operation (by X-Amz-Target's operation name), or undefined to forward. */
  answer?(operation: string): { status: number; body: unknown } | undefined;
  /** The body to send instead of a 200 answer's decoded body, or undefined to send it as it is. */
  rewrite?(operation: string, body: unknown): unknown;
}

export interface InterceptingProxy {
  readonly url: string;
  close(): Promise<void>;
}

const HOP_BY_HOP = ['content-length', 'connection', 'keep-alive', 'transfer-encoding'];

export async function interceptingProxy(
  upstream: string,
  interception: Interception,
): Promise<InterceptingProxy> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const operation = String(req.headers['x-amz-target']).split('.').pop() ?? '';
        const wire = wireFormatOf(req.headers['content-type']);
        const own = wire && interception.answer?.(operation);
        if (wire && own) {
          const body = Buffer.from(encodeBody(wire, own.body));
          res.writeHead(own.status, {
            'content-type': String(req.headers['content-type']),
            'content-length': body.length,
          });
          res.end(body);
          return;
        }
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(req.headers))
          if (typeof v === 'string' && !['host', 'content-length', 'connection'].includes(k)) headers[k] = v;
        const reply = await request(new URL(req.url ?? '/', upstream), {
          method: 'POST',
          headers,
          body: Buffer.concat(chunks),
        });
        let body = Buffer.from(await reply.body.arrayBuffer());
        const replyWire = wireFormatOf(String(reply.headers['content-type']));
        if (replyWire && reply.statusCode === 200 && interception.rewrite && body.length > 0) {
          const changed = interception.rewrite(operation, decodeBody(replyWire, body));
          if (changed !== undefined) body = Buffer.from(encodeBody(replyWire, changed));
        }
        const out: Record<string, string> = {};
        for (const [k, v] of Object.entries(reply.headers))
          if (typeof v === 'string' && !HOP_BY_HOP.includes(k)) out[k] = v;
        res.writeHead(reply.statusCode, { ...out, 'content-length': body.length });
        res.end(body);
      })().catch(() => res.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
