/**
 * The AWS SDK v3 Kinesis client over both transports it ships, and a relay that proves which one it spoke:
 * its default handler (NodeHttp2Handler: @aws-sdk/client-kinesis 3.1143.0 dist-es/runtimeConfig.js imports
 * it as its RequestHandler, so HTTP/2 with prior knowledge to an http:// endpoint) and NodeHttpHandler
 * (HTTP/1.1). The relay forwards bytes untouched and records the first bytes of every connection.
 */
import net from 'node:net';
import { KinesisClient } from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { expect } from 'vitest';
import type { ServerOptions } from '../../src/server/options.ts';
import { createServer, type RunningServer } from '../../src/server/server.ts';

export const REGION = 'us-east-1';
export const CREDENTIALS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };
export const H2_PREFACE = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n');
export interface Transport {
  readonly name: string;
  /** True when the client must speak HTTP/2 on every connection. */
  readonly http2: boolean;
  /** undefined: the SDK's own default handler. */
  readonly handler: () => NodeHttpHandler | undefined;
}

export const TRANSPORTS: readonly Transport[] = [
  { name: 'SDK default request handler (HTTP/2)', http2: true, handler: () => undefined },
  { name: 'NodeHttpHandler (HTTP/1.1)', http2: false, handler: () => new NodeHttpHandler() },
];

/** A TCP relay that forwards bytes untouched and keeps the first bytes each client connection sent. */
export interface Relay {
  readonly url: string;
  /** Up to the first 24 bytes (the HTTP/2 preface length) of each connection, in accept order. */
  readonly heads: Buffer[];
  close(): Promise<void>;
}

export async function startRelay(target: RunningServer): Promise<Relay> {
  const heads: Buffer[] = [];
  const sockets = new Set<net.Socket>();
  const relay = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host);
    const index = heads.push(Buffer.alloc(0)) - 1;
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    }
    client.on('data', (chunk: Buffer) => {
      const head = heads[index]!;
      if (head.length < H2_PREFACE.length)
        heads[index] = Buffer.concat([head, chunk]).subarray(0, H2_PREFACE.length);
    });
    client.pipe(upstream);
    upstream.pipe(client);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
  const { port } = relay.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    heads,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        relay.close(() => resolve());
      }),
  };
}

export function kinesisClient(
  endpoint: string,
  transport: Transport,
  credentials: { accessKeyId: string; secretAccessKey: string } = CREDENTIALS,
): KinesisClient {
  const requestHandler = transport.handler();
  return new KinesisClient({
    endpoint,
    region: REGION,
    credentials,
    // One attempt: a retried error would hide what the server answered first.
    maxAttempts: 1,
    ...(requestHandler ? { requestHandler } : {}),
  });
}
export async function startTarget(options: ServerOptions): Promise<{ server: RunningServer; relay: Relay }> {
  const server = await createServer({ port: 0, ...options });
  const relay = await startRelay(server);
  return { server, relay };
}

export function expectProtocol(relay: Relay, http2: boolean): void {
  expect(relay.heads.length).toBeGreaterThan(0);
  for (const head of relay.heads) {
    if (http2) expect(head.equals(H2_PREFACE)).toBe(true);
    else expect(head.subarray(0, 7).toString('latin1')).toBe('POST / ');
  }
}
