/**
 * Talking to a Kinesis-compatible endpoint from tests: one `call` that frames a request as the JSON 1.1 or
 * CBOR 1.1 protocol does (POST /, Content-Type, X-Amz-Target) and decodes the answer by its Content-Type,
 * plus a few setup steps most server tests need. Generic: nothing here knows what a test expects.
 */
import { expect } from 'vitest';
import { Agent, request } from 'undici';
import type { ErrorKind, Profile } from '../../src/profiles/profile.ts';
import {
  CONTENT_TYPES,
  decodeCbor,
  encodeCbor,
  TARGET_PREFIX,
  type WireFormat,
} from '../../src/protocol/wire.ts';
import { createServer, type RunningServer } from '../../src/server/server.ts';
import type { ServerOptions } from '../../src/server/options.ts';

export interface CallOptions {
  /** Wire format of the request (and so of the answer); JSON 1.1 by default. */
  readonly wire?: WireFormat;
  /** Overrides the Content-Type header; `null` sends none. */
  readonly contentType?: string | null;
  /** Overrides the X-Amz-Target header; `null` sends none. */
  readonly target?: string | null;
  readonly method?: string;
  readonly headers?: Record<string, string>;
}

export interface ApiResponse<T = Record<string, unknown>> {
  readonly status: number;
  readonly headers: Record<string, string>;
  /** The decoded JSON/CBOR body; undefined when empty. XML and other bodies are left in `text`. */
  readonly body: T;
  readonly raw: Buffer;
  readonly text: string;
}

/**
 * Sends one operation. `body` is encoded in the chosen wire format unless it is already a string or bytes,
 * which are sent as they are (for malformed bodies, and for large bodies built once and reused).
 */
export async function call<T = Record<string, unknown>>(
  url: string,
  op: string,
  body: unknown,
  options: CallOptions = {},
): Promise<ApiResponse<T>> {
  const wire = options.wire ?? 'json';
  const payload =
    typeof body === 'string' || body instanceof Uint8Array
      ? body
      : wire === 'json'
        ? JSON.stringify(body)
        : encodeCbor(body);
  const headers: Record<string, string> = { ...options.headers };
  const contentType = options.contentType === undefined ? CONTENT_TYPES[wire] : options.contentType;
  if (contentType !== null) headers['content-type'] = contentType;
  const target = options.target === undefined ? `${TARGET_PREFIX}.${op}` : options.target;
  if (target !== null) headers['x-amz-target'] = target;
  const method = options.method ?? 'POST';
  const res = await request(url, {
    dispatcher: dispatcherFor(url),
    method: method as 'POST',
    headers,
    ...(method === 'GET' || method === 'HEAD' ? {} : { body: payload }),
  });
  const raw = Buffer.from(await res.body.arrayBuffer());
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(res.headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return {
    status: res.statusCode,
    headers: flat,
    body: decode(flat['content-type'], raw) as T,
    raw,
    text: raw.toString('utf8'),
  };
}

function decode(contentType: string | undefined, raw: Buffer): unknown {
  if (raw.length === 0) return undefined;
  const base = contentType?.split(';', 1)[0]!.trim().toLowerCase();
  if (base === CONTENT_TYPES.json) return JSON.parse(raw.toString('utf8'));
  if (base === CONTENT_TYPES.cbor) return decodeCbor(raw);
  return undefined;
}

// One connection pool per server origin, closed with the server: a pooled keep-alive connection would
// otherwise hold the server's graceful close open until its grace period ends.
const pools = new Map<string, Agent>();
function dispatcherFor(url: string): Agent {
  const origin = new URL(url).origin;
  let pool = pools.get(origin);
  if (!pool) {
    pool = new Agent();
    pools.set(origin, pool);
  }
  return pool;
}

/** A server on a free loopback port; the caller closes it (afterAll), which also closes our connections to it. */
export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const server = await createServer({ host: '127.0.0.1', port: 0, ...options });
  const origin = new URL(server.url).origin;
  return {
    ...server,
    async close(graceMs?: number): Promise<void> {
      const pool = pools.get(origin);
      pools.delete(origin);
      await pool?.close();
      return server.close(graceMs);
    },
  };
}

/** Asserts an AWS-shaped error answer of this kind (status and `__type`). */
export function expectError(res: ApiResponse<unknown>, kind: ErrorKind): void {
  expect({ status: res.status, type: (res.body as { __type?: unknown } | undefined)?.__type }).toEqual({
    status: kind.status,
    type: kind.type,
  });
}

/** CreateStream that must succeed (the stream may still be CREATING when the server delays activation). */
export async function createStream(
  url: string,
  name: string,
  shardCount: number,
  options: CallOptions = {},
): Promise<void> {
  const res = await call(url, 'CreateStream', { StreamName: name, ShardCount: shardCount }, options);
  if (res.status !== 200) throw new Error(`CreateStream ${name} failed: ${res.status} ${res.text}`);
}

export interface ShardRange {
  readonly shardId: string;
  readonly start: bigint;
  readonly end: bigint;
}

/** Every shard of a stream with its hash-key range, as ListShards reports them. */
export async function listShardRanges(url: string, streamName: string): Promise<ShardRange[]> {
  const res = await call<{ Shards: { ShardId: string; HashKeyRange: Record<string, string> }[] }>(
    url,
    'ListShards',
    { StreamName: streamName },
  );
  if (res.status !== 200) throw new Error(`ListShards ${streamName} failed: ${res.status} ${res.text}`);
  return res.body.Shards.map((s) => ({
    shardId: s.ShardId,
    start: BigInt(s.HashKeyRange['StartingHashKey']!),
    end: BigInt(s.HashKeyRange['EndingHashKey']!),
  }));
}

/** The shard whose reported range holds `hash` (the suite's oracle, independent of server routing code). */
export function shardFor(ranges: readonly ShardRange[], hash: bigint): string {
  const range = ranges.find((r) => r.start <= hash && hash <= r.end);
  if (!range) throw new Error(`no shard holds hash key ${hash}`);
  return range.shardId;
}

/** Reads a shard from `iteratorType` until a page comes back empty (bounded). */
export async function readShard(
  url: string,
  streamName: string,
  shardId: string,
  iterator: Record<string, unknown> = { ShardIteratorType: 'TRIM_HORIZON' },
  options: CallOptions = {},
): Promise<{ SequenceNumber: string; PartitionKey: string; Data: unknown }[]> {
  const it = await call<{ ShardIterator: string }>(
    url,
    'GetShardIterator',
    { StreamName: streamName, ShardId: shardId, ...iterator },
    options,
  );
  if (it.status !== 200) throw new Error(`GetShardIterator failed: ${it.status} ${it.text}`);
  let next: string | undefined = it.body.ShardIterator;
  const out: { SequenceNumber: string; PartitionKey: string; Data: unknown }[] = [];
  for (let page = 0; page < 1000 && next !== undefined; page++) {
    const res: ApiResponse<{
      Records: { SequenceNumber: string; PartitionKey: string; Data: unknown }[];
      NextShardIterator?: string;
    }> = await call(url, 'GetRecords', { ShardIterator: next }, options);
    if (res.status !== 200) throw new Error(`GetRecords failed: ${res.status} ${res.text}`);
    if (res.body.Records.length === 0) break;
    out.push(...res.body.Records);
    next = res.body.NextShardIterator;
  }
  return out;
}

/** One constraint violation as AWS words it (behaviour.md 2.2): `null` bare, any other value quoted. */
export function violation(value: string | null, path: string, constraint: string): string {
  return `Value ${value === null ? 'null' : `'${value}'`} at '${path}' failed to satisfy constraint: ${constraint}`;
}

/**
 * Asserts the profile's answer to these violations, in this order: AWS's aggregated ValidationException
 * text, "N validation error(s) detected: a; b" with at most `maxErrors` items (behaviour.md 2.2), or
 * YDS's first violation alone as InvalidArgumentException.
 */
export function expectViolations(
  res: ApiResponse<unknown>,
  profile: Profile,
  violations: readonly string[],
): void {
  const style = profile.validation;
  expectError(res, style.error);
  const items = violations.slice(0, style.maxErrors);
  const expected = style.aggregate
    ? `${items.length} validation error${items.length > 1 ? 's' : ''} detected: ${items.join('; ')}`
    : items[0];
  expect((res.body as { message?: unknown }).message).toBe(expected);
}

/** Asserts an error answer of this kind and its exact message. */
export function expectMessage(res: ApiResponse<unknown>, kind: ErrorKind, message: string): void {
  expectError(res, kind);
  expect((res.body as { message?: unknown }).message).toBe(message);
}
