/**
 * A proxy on 127.0.0.1 in front of a target that lets a test break the target its own way: every call goes
 * through `rewrite`, which may answer itself, forward the call and change the answer, or pass it through.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { decodeBody, wireFormatOf, type WireFormat } from '../../src/protocol/wire.ts';

export interface ProxiedCall {
  /** From X-Amz-Target: `PutRecords`. */
  readonly operation: string;
  readonly wire: WireFormat | undefined;
  /** The request body decoded by its Content-Type (undefined when it is not JSON or CBOR). */
  readonly body: unknown;
}

export interface ProxiedAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

export type Rewrite = (call: ProxiedCall, forward: () => Promise<ProxiedAnswer>) => Promise<ProxiedAnswer>;

export interface RewritingProxy {
  readonly url: string;
  close(): Promise<void>;
}

const HOP_BY_HOP = ['host', 'content-length', 'connection', 'keep-alive', 'transfer-encoding'];

export async function rewritingProxy(upstream: string, rewrite: Rewrite): Promise<RewritingProxy> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const raw = Buffer.concat(chunks);
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(req.headers))
          if (typeof v === 'string' && !HOP_BY_HOP.includes(k)) headers[k] = v;
        const wire = wireFormatOf(req.headers['content-type']);
        let body: unknown;
        try {
          body = wire && raw.length > 0 ? decodeBody(wire, raw) : undefined;
        } catch {
          body = undefined;
        }
        const target = String(req.headers['x-amz-target'] ?? '');
        const call = { operation: target.slice(target.indexOf('.') + 1), wire, body };
        const forward = async (): Promise<ProxiedAnswer> => {
          const reply = await request(new URL(req.url ?? '/', upstream), {
            method: 'POST',
            headers,
            body: raw,
          });
          const out: Record<string, string> = {};
          for (const [k, v] of Object.entries(reply.headers))
            if (typeof v === 'string' && !HOP_BY_HOP.includes(k)) out[k] = v;
          return {
            status: reply.statusCode,
            headers: out,
            body: Buffer.from(await reply.body.arrayBuffer()),
          };
        };
        const answer = await rewrite(call, forward);
        res.writeHead(answer.status, { ...answer.headers, 'content-length': answer.body.length });
        res.end(answer.body);
      })().catch(() => res.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** An answer with a JSON body (not necessarily the Content-Type AWS uses). */
export function jsonAnswer(status: number, value: unknown, contentType: string): ProxiedAnswer {
  return { status, headers: { 'content-type': contentType }, body: Buffer.from(JSON.stringify(value)) };
}
