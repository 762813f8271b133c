/**
 * The reference server: HTTP/1.1 and HTTP/2 (cleartext, prior knowledge) on one port. The AWS SDK v3
 * speaks HTTP/2 to an http:// endpoint by default while curl and older SDKs speak HTTP/1.1 (issue #2),
 * so each connection is routed by its first bytes: the HTTP/2 connection preface, or anything else.
 */
import http from 'node:http';
import http2 from 'node:http2';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { getProfile } from '../profiles/index.ts';
import type { Profile } from '../profiles/profile.ts';
import { createHandler, type Handler } from './handler.ts';
import { resolveServerOptions, type ResolvedServerOptions, type ServerOptions } from './options.ts';
import { seededRandom } from './random.ts';
import { MemoryBudget } from './store/memory-budget.ts';
import { StreamStore } from './store/stream-store.ts';

const H2_PREFACE = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n');
/** AWS SDKs keep connections for up to 60 s idle; we keep ours a little longer. */
const KEEP_ALIVE_MS = 65_000;
/** A connection silent for this long is closed. */
const IDLE_SOCKET_MS = 120_000;
/** How often age-based retention runs (and the memory budget's trim summary is flushed). */
const TRIM_INTERVAL_MS = 10_000;

export interface RunningServer {
  /** `http://HOST:PORT` */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly profile: Profile;
  readonly options: ResolvedServerOptions;
  readonly store: StreamStore;
  /** The process-wide budget of kept records (stats, and the trims so far). */
  readonly memory: MemoryBudget;
  readonly stats: Handler['stats'];
  /** Stops accepting, lets in-flight requests finish (up to `graceMs`), then closes every connection. */
  close(graceMs?: number): Promise<void>;
}

function isH2Preface(chunk: Buffer): boolean {
  const n = Math.min(chunk.length, H2_PREFACE.length);
  return chunk.subarray(0, n).equals(H2_PREFACE.subarray(0, n));
}

/** Starts the server and resolves once it listens. `createServer({ port: 0 })` picks a free port. */
export async function createServer(options: ServerOptions = {}): Promise<RunningServer> {
  const resolved = resolveServerOptions(options);
  const profile = getProfile(resolved.profile);
  const swl = resolved.shardWriteLimits;
  const memory = new MemoryBudget(resolved.maxMemoryBytes, resolved.notice);
  const store = new StreamStore(
    profile,
    {
      accountId: resolved.accountId,
      region: resolved.region,
      shardLimits: swl === false ? undefined : swl,
      retention: {
        maxAgeMs: resolved.retentionMs,
        maxBytesPerShard: resolved.retentionBytesPerShard,
        budget: memory,
      },
    },
    {
      createMs: resolved.createStreamDelayMs,
      deleteMs: resolved.deleteStreamDelayMs,
      updateMs: resolved.updateStreamDelayMs,
    },
  );
  const handler = createHandler({ profile, store, options: resolved, random: seededRandom(resolved.seed) });

  let draining = false;
  // HTTP/1.1 requests in flight per socket. Node tracks idle connections only for a server that listens
  // itself, and h1 never does (sockets are handed to it), so close() needs this to find the idle ones.
  const busy = new Map<net.Socket, number>();
  const h1 = http.createServer({ keepAliveTimeout: KEEP_ALIVE_MS }, (req, res) => {
    const socket = req.socket;
    busy.set(socket, (busy.get(socket) ?? 0) + 1);
    res.once('close', () => {
      const left = (busy.get(socket) ?? 1) - 1;
      if (left > 0) busy.set(socket, left);
      else busy.delete(socket);
      if (draining && left <= 0) socket.end();
    });
    // While closing, HTTP/1.1 connections end after their current response.
    if (draining) res.setHeader('connection', 'close');
    handler(req, res);
  });
  const h2 = http2.createServer({ maxSessionMemory: 64 }, handler);
  const sockets = new Set<net.Socket>();
  const h2Sockets = new WeakSet<net.Socket>();
  const sessions = new Set<http2.ServerHttp2Session>();
  const closedListeners = new Set<() => void>();
  h2.on('session', (session: http2.ServerHttp2Session) => {
    sessions.add(session);
    session.on('close', () => sessions.delete(session));
    session.on('error', () => session.destroy());
  });
  // noDelay as node:http sets it: answers go out at once, not after Nagle's delay.
  const tcp = net.createServer({ noDelay: true }, (socket) => {
    sockets.add(socket);
    // The inactivity guard that h1's own headersTimeout/requestTimeout would give a listening server: a
    // connection that sends nothing for this long (a slow or stuck client) is closed.
    socket.setTimeout(IDLE_SOCKET_MS, () => socket.destroy());
    socket.on('close', () => {
      sockets.delete(socket);
      for (const listener of closedListeners) listener();
    });
    socket.on('error', () => socket.destroy());
    socket.once('data', (chunk: Buffer) => {
      socket.pause();
      socket.unshift(chunk);
      if (isH2Preface(chunk)) {
        // The HTTP/2 session reads what is already buffered on the socket, so no resume here.
        h2Sockets.add(socket);
        h2.emit('connection', socket);
      } else {
        h1.emit('connection', socket);
        socket.resume();
      }
    });
  });
  tcp.on('error', () => undefined);

  await new Promise<void>((resolve, reject) => {
    tcp.once('error', reject);
    tcp.listen(resolved.port, resolved.host, () => {
      tcp.off('error', reject);
      resolve();
    });
  });
  const address = tcp.address() as AddressInfo;
  const host = resolved.host.includes(':') ? `[${resolved.host}]` : resolved.host;
  const trimTimer = setInterval(() => store.trim(Date.now()), TRIM_INTERVAL_MS);
  trimTimer.unref();

  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${address.port}`,
    host: resolved.host,
    port: address.port,
    profile,
    options: resolved,
    store,
    memory,
    stats: handler.stats,
    close(graceMs = 2_000) {
      closing ??= new Promise<void>((resolve) => {
        draining = true;
        clearInterval(trimTimer);
        store.close();
        tcp.close();
        // Graceful: idle HTTP/1.1 connections close now, busy ones after their response; HTTP/2 sessions
        // finish their open streams. Whatever is left after `graceMs` is cut.
        for (const socket of sockets) if (!busy.has(socket) && !h2Sockets.has(socket)) socket.destroy();
        for (const session of sessions) session.close();
        const force = setTimeout(() => {
          for (const s of sockets) s.destroy();
        }, graceMs);
        force.unref();
        const check = (): void => {
          if (sockets.size === 0) {
            clearTimeout(force);
            resolve();
          }
        };
        closedListeners.add(check);
        check();
      });
      return closing;
    },
  };
}
