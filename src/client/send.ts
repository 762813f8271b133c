import { Pool, request } from 'undici';
import { TransportError } from '../errors.ts';
import { decodeBody, wireFormatOf, type WireFormat } from '../protocol/wire.ts';
import { build } from './build.ts';
import type { ApiRequest, Exchange, HttpRequest, Target } from './exchange.ts';
import { sign } from './sign.ts';

export interface SendOptions {
  /** Per-request timeout (headers and body). */
  readonly timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 30_000;
/** Keep-alive connections per endpoint: enough for a suite, small enough to be polite to a real endpoint. */
const CONNECTIONS_PER_ENDPOINT = 8;

const pools = new Map<string, Pool>();

function poolFor(origin: string): Pool {
  let pool = pools.get(origin);
  if (!pool) {
    pool = new Pool(origin, { connections: CONNECTIONS_PER_ENDPOINT, keepAliveTimeout: 10_000 });
    pools.set(origin, pool);
  }
  return pool;
}

/** Closes the shared keep-alive pools (call in afterAll). */
export async function closeConnections(): Promise<void> {
  const all = [...pools.values()];
  pools.clear();
  await Promise.all(all.map((p) => p.close()));
}

/** Build, sign, send: one recorded Exchange. Transport failures throw TransportError; HTTP errors are data. */
export async function send(
  target: Target,
  apiRequest: ApiRequest,
  options: SendOptions = {},
): Promise<Exchange> {
  const http = await sign(target, build(target, apiRequest));
  return sendHttp(apiRequest, http, options);
}

export async function sendHttp(
  apiRequest: ApiRequest,
  http: HttpRequest,
  options: SendOptions = {},
): Promise<Exchange> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const url = new URL(http.url);
  const sentAt = Date.now();
  const started = performance.now();
  let status: number;
  let rawHeaders: Record<string, string | string[] | undefined>;
  let rawBody: Buffer;
  try {
    const reply = await request(url, {
      dispatcher: poolFor(url.origin),
      method: 'POST',
      headers: http.headers,
      body: http.body,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    status = reply.statusCode;
    rawHeaders = reply.headers;
    rawBody = Buffer.from(await reply.body.arrayBuffer());
  } catch (err) {
    throw new TransportError(`${http.method} ${http.url}: ${reason(err)}`, { cause: err });
  }
  const durationMs = performance.now() - started;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(rawHeaders)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  const decoded = decode(headers['content-type'], rawBody);
  return {
    request: apiRequest,
    http,
    status,
    headers,
    rawBody,
    body: decoded.body,
    ...(decoded.error !== undefined ? { decodeError: decoded.error } : {}),
    sentAt,
    durationMs,
  };
}

/**
 * The format to read an answer in: the wire's own content types, and their generic cousins
 * (`application/json`, `application/x-amz-json-1.0`, `application/cbor`, `...+json`). An emulator that
 * answers errors as `application/json` (moto) still has its `__type` and message judged; that its content
 * type is not the wire's is `put-records.content-type-matches-wire`'s verdict, from the raw header.
 */
export function answerFormatOf(contentType: string | undefined): WireFormat | undefined {
  const strict = wireFormatOf(contentType);
  if (strict !== undefined || contentType === undefined) return strict;
  const base = contentType.split(';', 1)[0]!.trim().toLowerCase();
  if (/^application\/(?:json|x-amz-json-1\.[01]|[\w.+-]+\+json)$/.test(base)) return 'json';
  if (base === 'application/cbor') return 'cbor';
  return undefined;
}

/** Decodes by the response Content-Type; an empty body is undefined, anything unreadable a decode error. */
export function decode(contentType: string | undefined, raw: Buffer): { body: unknown; error?: string } {
  if (raw.length === 0) return { body: undefined };
  const format = answerFormatOf(contentType);
  if (!format) return { body: undefined, error: `cannot decode a '${contentType ?? '(none)'}' body` };
  try {
    return { body: decodeBody(format, raw) };
  } catch (err) {
    return {
      body: undefined,
      error: `invalid ${format.toUpperCase()}: ${err instanceof Error ? err.message : String(err)}`,
    };
  }
}

function reason(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const code = (err as NodeJS.ErrnoException).code;
  const cause =
    err.cause instanceof Error ? ((err.cause as NodeJS.ErrnoException).code ?? err.cause.message) : '';
  return [code, cause, err.message].filter(Boolean).join(': ');
}
