/** A proxy in front of a target that breaks one thing: it drops a record from GetRecords answers. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { decodeBody, encodeBody, wireFormatOf } from '../../src/protocol/wire.ts';

/** A proxy that forwards everything and drops record 1 of each GetRecords answer with two or more records. */
export interface DroppingProxy {
  readonly url: string;
  /** How many records it dropped so far. */
  dropped(): number;
  close(): Promise<void>;
}

export async function droppingProxy(upstream: string): Promise<DroppingProxy> {
  let dropped = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(req.headers))
          if (typeof v === 'string' && !['host', 'content-length', 'connection'].includes(k)) headers[k] = v;
        const reply = await request(new URL(req.url ?? '/', upstream), {
          method: 'POST',
          headers,
          body: Buffer.concat(chunks),
        });
        let body = Buffer.from(await reply.body.arrayBuffer());
        const contentType = String(reply.headers['content-type']);
        const wire = wireFormatOf(contentType);
        if (wire && reply.statusCode === 200 && String(req.headers['x-amz-target']).endsWith('.GetRecords')) {
          const decoded = decodeBody(wire, body) as { Records: unknown[] };
          if (decoded.Records.length >= 2) {
            decoded.Records.splice(1, 1);
            dropped++;
            body = Buffer.from(encodeBody(wire, decoded));
          }
        }
        const out: Record<string, string> = {};
        for (const [k, v] of Object.entries(reply.headers))
          if (
            typeof v === 'string' &&
            !['content-length', 'connection', 'keep-alive', 'transfer-encoding'].includes(k)
          )
            out[k] = v;
        res.writeHead(reply.statusCode, { ...out, 'content-length': body.length });
        res.end(body);
      })().catch(() => res.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    dropped: () => dropped,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
