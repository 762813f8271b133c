/**
 * Fuzzing a running reference server with fast-check: arbitrary bodies, header sets, methods and paths,
 * over HTTP/1.1 (undici) and HTTP/2 (node:http2). The property is the server's robustness contract
 * (behaviour.md 1.1-1.3, handler.ts): bad input never earns a 5xx; every error is AWS-shaped (a JSON or
 * CBOR `{__type}` once the protocol is known, the recorded XML bodies before); and the server keeps
 * serving, checked after every property by a valid PutRecords. On failure fast-check prints the seed and
 * the counterexample path; KCS_SEED replays a run (test/setup.ts).
 */
import http2 from 'node:http2';
import { Encoder } from 'cbor-x';
import fc from 'fast-check';
import { Client } from 'undici';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { OPERATIONS } from '../../src/protocol/operations.ts';
import { createServer, type RunningServer } from '../../src/server/server.ts';

const JSON_11 = 'application/x-amz-json-1.1';
const CBOR_11 = 'application/x-amz-cbor-1.1';
const TARGET_PREFIX = 'Kinesis_20131202';
/** A stream that exists, so shaped requests reach the operations and not only the stream lookup. */
const FUZZ_STREAM = 'fuzz';
/** A stream no generated request can name (the generators never produce this prefix), for the liveness check. */
const CANARY_STREAM = 'kcs-canary-0f3a';

// Standard CBOR, no cbor-x record extension, as an AWS CBOR client writes it.
const cbor = new Encoder({ useRecords: false, mapsAsObjects: true, tagUint8Array: false });

type Transport = 'h1' | 'h2';

interface FuzzRequest {
  readonly transport: Transport;
  readonly method: string;
  readonly path: string;
  /** Lower-case names; an absent header is absent. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Uint8Array;
}

interface FuzzResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

let server: RunningServer;
let h1: Client;
let h2: http2.ClientHttp2Session | undefined;

function h2Session(): http2.ClientHttp2Session {
  if (!h2 || h2.closed || h2.destroyed) {
    // node:http2's default 10 MB session memory cap would reset the client's own stream of a large body.
    h2 = http2.connect(server.url, { maxSessionMemory: 128 });
    h2.on('error', () => undefined);
  }
  return h2;
}

function flatHeaders(raw: Record<string, string | string[] | number | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value !== undefined)
      out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return out;
}

async function sendH1(req: FuzzRequest): Promise<FuzzResponse> {
  const res = await h1.request({
    method: req.method,
    path: req.path,
    headers: req.headers,
    // undici refuses a body on GET; the server answers non-POST methods before reading one anyway.
    body: req.method === 'GET' ? null : Buffer.from(req.body),
  });
  const body = Buffer.from(await res.body.arrayBuffer());
  return { status: res.statusCode, headers: flatHeaders(res.headers), body };
}

function sendH2(req: FuzzRequest): Promise<FuzzResponse> {
  return new Promise((resolve, reject) => {
    // node:http2 would close the request side of a GET or DELETE at once; the fuzzer sends a body anyway.
    const stream = h2Session().request(
      { ':method': req.method, ':path': req.path, ...req.headers },
      { endStream: false },
    );
    const chunks: Buffer[] = [];
    let head: http2.IncomingHttpHeaders | undefined;
    stream.on('response', (headers) => (head = headers));
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => {
      if (!head) return reject(new Error('HTTP/2 stream ended without a response'));
      const { ':status': status, ...rest } = head;
      resolve({ status: Number(status), headers: flatHeaders(rest), body: Buffer.concat(chunks) });
    });
    stream.on('error', reject);
    stream.end(Buffer.from(req.body));
  });
}

function send(req: FuzzRequest): Promise<FuzzResponse> {
  return req.transport === 'h1' ? sendH1(req) : sendH2(req);
}

/** The wire format a request's Content-Type selects (behaviour.md 1.1: JSON 1.1 and CBOR 1.1; media types are case-insensitive). */
function requestFormat(contentType: string | undefined): 'json' | 'cbor' | undefined {
  const base = contentType?.split(';', 1)[0]!.trim().toLowerCase();
  if (base === JSON_11) return 'json';
  if (base === CBOR_11) return 'cbor';
  return undefined;
}

function isKnownTarget(target: string | undefined): boolean {
  return (OPERATIONS as readonly string[]).some((op) => target === `${TARGET_PREFIX}.${op}`);
}

/**
 * The headers as the server receives them. HTTP/1.1 strips a value's surrounding whitespace (RFC 9112
 * 5.1, OWS); HTTP/2 forbids it (RFC 9113 8.2.1) and nghttp2 drops such a field.
 */
function receivedHeaders(req: FuzzRequest): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (req.transport === 'h1') out[name] = value.trim();
    else if (value === value.trim()) out[name] = value;
  }
  return out;
}

/** The robustness contract, for any request. Throws (an expect failure) when the response breaks it. */
function judge(req: FuzzRequest, res: FuzzResponse): void {
  const headers = receivedHeaders(req);
  // Never 5xx: nothing a client sends is the server's fault.
  const said = `${req.method} ${req.path} answered ${res.status} ${res.body.subarray(0, 200).toString('utf8')}`;
  expect(res.status, said).toBeGreaterThanOrEqual(200);
  expect(res.status, said).toBeLessThan(500);
  const format = requestFormat(headers['content-type']);
  if (req.method !== 'POST' || format === undefined) {
    // behaviour.md 1.2: before the protocol is known AWS answers in XML, 403 AccessDenied, or 404
    // UnknownOperation when a POST names a real operation.
    const unknownOp = req.method === 'POST' && isKnownTarget(headers['x-amz-target']);
    expect(res.status).toBe(unknownOp ? 404 : 403);
    expect(res.headers['content-type']).toMatch(/xml/);
    expect(res.body.toString('utf8')).toContain(
      unknownOp ? '<UnknownOperationException' : '<AccessDeniedException>',
    );
    return;
  }
  // Once the protocol is known the answer is in the request's format.
  expect(res.headers['content-type']).toBe(format === 'json' ? JSON_11 : CBOR_11);
  if (res.status >= 400) {
    expect(res.body.length).toBeGreaterThan(0);
    const decoded: unknown =
      format === 'json' ? JSON.parse(res.body.toString('utf8')) : cbor.decode(res.body);
    expect(decoded).toEqual(expect.objectContaining({ __type: expect.any(String) }));
  } else if (res.body.length > 0) {
    // CreateStream and DeleteStream answer an empty 200; everything else a structure.
    const decoded: unknown =
      format === 'json' ? JSON.parse(res.body.toString('utf8')) : cbor.decode(res.body);
    expect(typeof decoded === 'object' && decoded !== null && !Array.isArray(decoded)).toBe(true);
  }
}

/**
 * Generated requests may delete the fuzz stream or fill the shard quota with streams of their own; every
 * case starts from the same store (set up directly: this is the fixture, not the oracle).
 */
function resetStore(): void {
  for (const name of server.store.names()) {
    if (name !== CANARY_STREAM && name !== FUZZ_STREAM) server.store.delete(server.store.get(name)!);
  }
  if (!server.store.get(FUZZ_STREAM)) server.store.create(FUZZ_STREAM, 2, Date.now());
}

async function sendAndJudge(req: FuzzRequest): Promise<void> {
  resetStore();
  judge(req, await send(req));
}

// ---- arbitraries ----------------------------------------------------------------------------------

const printable = (max: number): fc.Arbitrary<string> =>
  fc.string({
    unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
    maxLength: max,
  });

const transportArb: fc.Arbitrary<Transport> = fc.constantFrom('h1', 'h2');

const realTargetArb = fc.constantFrom(...OPERATIONS.map((op) => `${TARGET_PREFIX}.${op}`));

const targetArb: fc.Arbitrary<string | undefined> = fc.oneof(
  { arbitrary: realTargetArb, weight: 4 },
  fc.constant(undefined),
  fc.constantFrom(
    `${TARGET_PREFIX}.Foo`,
    `${TARGET_PREFIX}.`,
    `${TARGET_PREFIX}.PutRecords.Extra`,
    `${TARGET_PREFIX}.toString`,
    `${TARGET_PREFIX}.__proto__`,
    `${TARGET_PREFIX.toLowerCase()}.PutRecords`,
    'Foo_1.PutRecords',
    'kinesisApi.PutRecords',
    'PutRecords',
    '.',
    '',
  ),
  printable(40).map((s) => `${TARGET_PREFIX}.${s}`),
  printable(40),
);

const contentTypeArb: fc.Arbitrary<string | undefined> = fc.oneof(
  { arbitrary: fc.constantFrom(JSON_11, CBOR_11), weight: 4 },
  fc.constant(undefined),
  fc.constantFrom(
    'application/x-amz-json-1.0',
    'application/json',
    'application/cbor',
    'text/plain',
    'application/xml',
    `${JSON_11}; charset=utf-8`,
    JSON_11.toUpperCase(),
    ` ${CBOR_11} `,
    '',
  ),
  printable(40),
);

const methodArb = fc.oneof(
  { arbitrary: fc.constant('POST'), weight: 4 },
  fc.constantFrom('GET', 'PUT', 'DELETE'),
);

const pathArb = fc.oneof(
  { arbitrary: fc.constant('/'), weight: 4 },
  fc.constantFrom('/Root', '//', '/?Action=PutRecords', '/%2F%zz', '/a/b/c?x=1&x=2', '/ping', '/healthcheck'),
  fc.stringMatching(/^\/[A-Za-z0-9\-._~%!$&'()*+,;=:@/?]{0,60}$/),
);

const headersArb: fc.Arbitrary<Record<string, string>> = fc
  .record({
    contentType: contentTypeArb,
    target: targetArb,
    extra: fc.dictionary(fc.stringMatching(/^x-[a-z0-9-]{1,20}$/), printable(60), { maxKeys: 3 }),
    authorization: fc.option(printable(80), { nil: undefined }),
  })
  .map(({ contentType, target, extra, authorization }) => ({
    ...extra,
    ...(contentType !== undefined ? { 'content-type': contentType } : {}),
    ...(target !== undefined ? { 'x-amz-target': target } : {}),
    ...(authorization !== undefined ? { authorization } : {}),
  }));

/** Values of any wire type, including what only CBOR carries (NaN, infinities, bigints, bytes, dates). */
const scalarArb: fc.Arbitrary<unknown> = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 300 }),
  fc.integer(),
  fc.constantFrom(0, -1, 1, 500, 501, 2 ** 31, 2 ** 53, 1e300, -0),
  fc.double(),
  fc.constantFrom(NaN, Infinity, -Infinity),
  fc.bigInt(),
  fc.boolean(),
  fc.constant(null),
  fc.uint8Array({ maxLength: 64 }),
  fc.date({ noInvalidDate: true }),
  fc.constantFrom(
    FUZZ_STREAM,
    'missing-stream',
    'shardId-000000000000',
    'TRIM_HORIZON',
    'AT_TIMESTAMP',
    'LATEST',
  ),
  fc.constantFrom(
    '0',
    '340282366920938463463374607431768211455',
    '340282366920938463463374607431768211456',
    '01',
  ),
  fc.base64String({ maxLength: 40 }),
);

const valueArb: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalarArb,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.string({ maxLength: 10 }), tie('value'), { maxKeys: 4 }),
  ),
})).value;

/** Usually a valid value for the member, sometimes anything at all: requests get past validation often. */
const nearly = (valid: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> =>
  fc.oneof({ arbitrary: valid, weight: 4 }, { arbitrary: valueArb, weight: 1 });

/** Numbers a JavaScript server may mishandle: fractions, signed zero, non-finite, beyond 2^31 and 2^53. */
const oddNumberArb = fc.constantFrom(NaN, Infinity, -Infinity, -0, 0.5, 1.5, -1, 2 ** 31, 2 ** 53 + 2, 1e300);

const countArb = (max: number): fc.Arbitrary<unknown> =>
  fc.oneof({ arbitrary: fc.integer({ min: 1, max }), weight: 3 }, oddNumberArb, valueArb);

const validEntryArb = fc.record(
  {
    Data: fc.uint8Array({ maxLength: 80 }),
    PartitionKey: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }).filter((k) => k.length <= 256),
    ExplicitHashKey: fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }).map(String),
  },
  { requiredKeys: ['Data', 'PartitionKey'] },
);

const recordEntryArb: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: validEntryArb, weight: 6 },
  fc.constant(null),
  valueArb,
  fc.record(
    {
      Data: nearly(fc.base64String({ maxLength: 80 })),
      PartitionKey: nearly(fc.string({ maxLength: 300 })),
      ExplicitHashKey: nearly(fc.bigInt({ min: 0n, max: 1n << 130n }).map(String)),
    },
    { requiredKeys: [] },
  ),
);

/**
 * A shard iterator or ListShards token forged for the fuzz stream, with hostile fields. The token format
 * is the server's (tokens.ts): grey-box fuzzing of what a client can send back. The stream's creation
 * time is only known when the request is sent, so the value is a marker resolved by `resolveForged`.
 */
class ForgedToken {
  constructor(readonly fields: Readonly<Record<string, unknown>>) {}
}

const forgedTokenArb = fc
  .record(
    {
      s: nearly(fc.constant(FUZZ_STREAM)),
      h: nearly(fc.constantFrom('shardId-000000000000', 'shardId-000000000001')),
      n: fc.oneof(fc.nat(20), oddNumberArb, valueArb),
      t: fc.oneof(fc.constant('now'), fc.integer(), oddNumberArb),
      a: fc.oneof(fc.integer({ min: -1, max: 3 }), oddNumberArb),
    },
    { requiredKeys: ['s', 'h', 'n', 't'] },
  )
  .map((fields) => new ForgedToken(fields));

function resolveForged(value: unknown): unknown {
  if (value instanceof ForgedToken) {
    const stream = server.store.get(FUZZ_STREAM);
    const fields: Record<string, unknown> = { c: stream?.createdMs ?? 0, ...value.fields };
    if (fields['t'] === 'now') fields['t'] = Date.now();
    return Buffer.from(JSON.stringify(toJsonSafe(fields)), 'utf8').toString('base64');
  }
  if (Array.isArray(value)) return value.map(resolveForged);
  if (
    value !== null &&
    typeof value === 'object' &&
    !(value instanceof Uint8Array) &&
    !(value instanceof Date)
  ) {
    // fromEntries defines `__proto__` as an own key, as JSON.parse does, instead of setting the prototype.
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveForged(v)]));
  }
  return value;
}

const timestampArb = fc.oneof(
  fc.date({ noInvalidDate: true }),
  fc.double({ min: 0, max: 4e9, noNaN: true }),
  oddNumberArb,
  valueArb,
);

/**
 * Objects shaped like the operations' inputs (PutRecords first): every member the operations know, each
 * present or not, each usually valid and sometimes of a random type or value. Operations ignore members
 * that are not theirs, so one shape serves every target.
 */
const shapedArb: fc.Arbitrary<Record<string, unknown>> = fc.record(
  {
    StreamName: fc.oneof(
      { arbitrary: fc.constant(FUZZ_STREAM), weight: 6 },
      fc.constantFrom('missing-stream', 'new-stream', 'a', 'x'.repeat(128), 'x'.repeat(129)),
      valueArb,
    ),
    StreamARN: nearly(
      fc.constantFrom(
        `arn:aws:kinesis:us-east-1:000000000000:stream/${FUZZ_STREAM}`,
        'arn:aws:kinesis:us-east-1:000000000000:stream/missing-stream',
      ),
    ),
    ShardCount: countArb(4),
    StreamModeDetails: nearly(fc.record({ StreamMode: nearly(fc.constantFrom('PROVISIONED', 'ON_DEMAND')) })),
    Tags: nearly(fc.dictionary(fc.string({ maxLength: 10 }), fc.string({ maxLength: 10 }), { maxKeys: 3 })),
    Records: fc.oneof(
      { arbitrary: fc.array(recordEntryArb, { minLength: 1, maxLength: 8 }), weight: 6 },
      fc.constant([]),
      valueArb,
    ),
    Data: nearly(fc.uint8Array({ maxLength: 80 })),
    PartitionKey: nearly(fc.string({ minLength: 1, maxLength: 40 })),
    ExplicitHashKey: nearly(fc.bigInt({ min: 0n, max: 1n << 129n }).map(String)),
    SequenceNumberForOrdering: nearly(fc.bigInt({ min: 0n, max: 10n ** 60n }).map(String)),
    ShardId: nearly(fc.constantFrom('shardId-000000000000', 'shardId-000000000001', 'shardId-000000000009')),
    ShardIteratorType: nearly(
      fc.constantFrom(
        'TRIM_HORIZON',
        'LATEST',
        'AT_TIMESTAMP',
        'AT_SEQUENCE_NUMBER',
        'AFTER_SEQUENCE_NUMBER',
      ),
    ),
    StartingSequenceNumber: nearly(fc.bigInt({ min: 0n, max: 10n ** 57n }).map(String)),
    Timestamp: timestampArb,
    ShardIterator: fc.oneof({ arbitrary: forgedTokenArb, weight: 3 }, valueArb),
    Limit: countArb(10_000),
    NextToken: fc.oneof(forgedTokenArb, valueArb),
    MaxResults: countArb(10_000),
    ExclusiveStartShardId: nearly(fc.constantFrom('shardId-000000000000', 'shardId-000000000005')),
    ExclusiveStartStreamName: nearly(fc.constantFrom(FUZZ_STREAM, 'a', 'zzz')),
    StreamCreationTimestamp: timestampArb,
    ShardFilter: nearly(
      fc.record(
        {
          Type: nearly(fc.constantFrom('AFTER_SHARD_ID', 'AT_TRIM_HORIZON', 'AT_LATEST', 'AT_TIMESTAMP')),
          ShardId: nearly(fc.constantFrom('shardId-000000000000', 'shardId-000000000001')),
          Timestamp: timestampArb,
        },
        { requiredKeys: [] },
      ),
    ),
    EnforceConsumerDeletion: nearly(fc.boolean()),
  },
  { requiredKeys: [] },
);

/** JSON.stringify cannot write bigints, bytes or non-finite numbers: JSON bodies carry them as text or null. */
function toJsonSafe(value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (value instanceof Date) return value.getTime() / 1000;
  if (typeof value === 'number' && !Number.isFinite(value)) return null;
  if (Array.isArray(value)) return value.map(toJsonSafe);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJsonSafe(v)]));
  }
  return value;
}

function encodeAs(contentType: string | undefined, value: unknown): Uint8Array {
  const resolved = resolveForged(value);
  return requestFormat(contentType) === 'cbor'
    ? cbor.encode(resolved)
    : Buffer.from(JSON.stringify(toJsonSafe(resolved)) ?? 'null', 'utf8');
}

function request(
  transport: Transport,
  headers: Record<string, string>,
  body: Uint8Array,
  method = 'POST',
  path = '/',
): FuzzRequest {
  return { transport, method, path, headers, body };
}

/** Real targets and accepted content types, so a body gets past the protocol checks. */
const protocolHeadersArb = fc
  .record({ target: realTargetArb, contentType: fc.constantFrom(JSON_11, CBOR_11) })
  .map(({ target, contentType }) => ({ 'content-type': contentType, 'x-amz-target': target }));

// ---- the tests ------------------------------------------------------------------------------------

let canarySequence = -1n;

async function putCanary(): Promise<void> {
  const body = JSON.stringify({
    StreamName: CANARY_STREAM,
    Records: [{ PartitionKey: 'alive', Data: Buffer.from('still serving').toString('base64') }],
  });
  for (const transport of ['h1', 'h2'] as const) {
    const res = await send(
      request(
        transport,
        { 'content-type': JSON_11, 'x-amz-target': `${TARGET_PREFIX}.PutRecords` },
        Buffer.from(body),
      ),
    );
    expect(res.status).toBe(200);
    const out = JSON.parse(res.body.toString('utf8')) as {
      FailedRecordCount: number;
      Records: { SequenceNumber?: string; ShardId?: string }[];
    };
    expect(out.FailedRecordCount).toBe(0);
    expect(out.Records).toHaveLength(1);
    expect(out.Records[0]!.ShardId).toEqual(expect.any(String));
    // The canary's shard keeps counting: the store was not reset or corrupted by what came before.
    const seq = BigInt(out.Records[0]!.SequenceNumber!);
    expect(seq > canarySequence).toBe(true);
    canarySequence = seq;
  }
}

describe('reference server under fuzzing', () => {
  beforeAll(async () => {
    server = await createServer({ port: 0, profile: 'aws', shardWriteLimits: false });
    h1 = new Client(server.url);
    for (const [name, shards] of [
      [FUZZ_STREAM, 2],
      [CANARY_STREAM, 1],
    ] as const) {
      const res = await send(
        request(
          'h1',
          { 'content-type': JSON_11, 'x-amz-target': `${TARGET_PREFIX}.CreateStream` },
          Buffer.from(JSON.stringify({ StreamName: name, ShardCount: shards })),
        ),
      );
      expect(res.status).toBe(200);
    }
    await putCanary();
  });

  let errors5xxBefore = 0;
  beforeEach(() => {
    resetStore();
    errors5xxBefore = server.stats.errors5xx;
  });

  afterEach(async () => {
    await putCanary();
    // The server's own count agrees: no 5xx was sent during the test, on any path the judge did not see.
    expect(server.stats.errors5xx - errors5xxBefore).toBe(0);
  });

  afterAll(async () => {
    await h1?.close();
    h2?.close();
    await server?.close();
  });

  it('answers random bytes under random headers, methods and paths without a 5xx, in the documented shape', async () => {
    await fc.assert(
      fc.asyncProperty(
        transportArb,
        methodArb,
        pathArb,
        headersArb,
        fc.uint8Array({ maxLength: 2048 }),
        async (transport, method, path, headers, body) =>
          sendAndJudge(request(transport, headers, body, method, path)),
      ),
      { numRuns: 60 },
    );
  });

  it('answers a valid PutRecords under random headers, methods and paths by the documented protocol rules', async () => {
    const valid = { StreamName: FUZZ_STREAM, Records: [{ PartitionKey: 'k', Data: Buffer.from([1, 2, 3]) }] };
    await fc.assert(
      fc.asyncProperty(
        transportArb,
        methodArb,
        pathArb,
        headersArb,
        async (transport, method, path, headers) =>
          sendAndJudge(request(transport, headers, encodeAs(headers['content-type'], valid), method, path)),
      ),
      { numRuns: 60 },
    );
  });

  it('answers random JSON and CBOR values sent to real operations', async () => {
    await fc.assert(
      fc.asyncProperty(transportArb, protocolHeadersArb, valueArb, async (transport, headers, value) =>
        sendAndJudge(request(transport, headers, encodeAs(headers['content-type'], value))),
      ),
      { numRuns: 60 },
    );
  });

  it('answers PutRecords-shaped objects with random field types and values', async () => {
    const headers = fc.oneof(
      {
        arbitrary: protocolHeadersArb.map((h) => ({ ...h, 'x-amz-target': `${TARGET_PREFIX}.PutRecords` })),
        weight: 3,
      },
      protocolHeadersArb,
    );
    await fc.assert(
      fc.asyncProperty(transportArb, headers, shapedArb, async (transport, h, value) =>
        sendAndJudge(request(transport, h, encodeAs(h['content-type'], value))),
      ),
      { numRuns: 80 },
    );
  });

  it('answers huge strings and deep nesting', async () => {
    const hugeString = fc
      .record({
        char: fc.constantFrom('a', 'é', '😀', '"', '\\', '\u0000'),
        length: fc.integer({ min: 1, max: 1_000_000 }),
      })
      .map(({ char, length }) => char.repeat(length));
    const deep = fc
      .record({ depth: fc.integer({ min: 1, max: 20_000 }), open: fc.constantFrom('[', '{"a":') })
      .map(({ depth, open }) => ({ depth, open }));
    const bodyArb = fc.oneof(
      hugeString.map((s) => ({
        kind: 'field' as const,
        value: { StreamName: FUZZ_STREAM, Records: [{ PartitionKey: s, Data: '' }] },
      })),
      hugeString.map((s) => ({ kind: 'field' as const, value: { StreamName: s, Records: [] } })),
      hugeString.map((s) => ({ kind: 'raw' as const, text: s })),
      deep.map(({ depth, open }) => ({
        kind: 'raw' as const,
        text: open.repeat(depth) + (open === '[' ? ']' : '1}').repeat(depth),
      })),
      deep.map(({ depth }) => ({
        kind: 'raw' as const,
        text: `{"StreamName":"${FUZZ_STREAM}","Records":${'['.repeat(depth)}${']'.repeat(depth)}}`,
      })),
      // CBOR: `depth` nested one-element arrays (0x81 ...) around an empty one (0x80).
      deep.map(({ depth }) => ({
        kind: 'cbor' as const,
        bytes: Buffer.concat([Buffer.alloc(depth, 0x81), Buffer.from([0x80])]),
      })),
    );
    await fc.assert(
      fc.asyncProperty(transportArb, protocolHeadersArb, bodyArb, async (transport, headers, body) => {
        let bytes: Uint8Array;
        let h = headers;
        if (body.kind === 'cbor') {
          h = { ...headers, 'content-type': CBOR_11 };
          bytes = body.bytes;
        } else if (body.kind === 'raw') {
          h = { ...headers, 'content-type': JSON_11 };
          bytes = Buffer.from(body.text, 'utf8');
        } else {
          bytes = encodeAs(headers['content-type'], body.value);
        }
        await sendAndJudge(request(transport, h, bytes));
      }),
      { numRuns: 30 },
    );
  });

  // Regressions: inputs the fuzzer found earning a 500 when this file was written (2026-11-27).
  const regressions: readonly {
    readonly what: string;
    readonly contentType: string;
    readonly op: string;
    /** Built at send time: a forged token needs the stream's creation time. */
    readonly body: () => Uint8Array;
  }[] = [
    {
      what: 'a null entry in Records of an existing stream (JSON)',
      contentType: JSON_11,
      op: 'PutRecords',
      body: () => Buffer.from(JSON.stringify({ StreamName: FUZZ_STREAM, Records: [null] })),
    },
    {
      what: 'NaN as CreateStream ShardCount (CBOR)',
      contentType: CBOR_11,
      op: 'CreateStream',
      body: () => cbor.encode({ StreamName: 'nan-shards', ShardCount: NaN }),
    },
    {
      what: 'a shard iterator forged with a fractional position, on a shard holding records',
      contentType: JSON_11,
      op: 'GetRecords',
      body: () =>
        encodeAs(JSON_11, {
          ShardIterator: new ForgedToken({ s: FUZZ_STREAM, h: 'shardId-000000000000', n: 0.5, t: 'now' }),
        }),
    },
  ];
  for (const { what, contentType, op, body } of regressions) {
    it(`answers ${what} with a 4xx`, async () => {
      // ExplicitHashKey 0 routes to the first shard, so the read has records to walk.
      const seed = {
        StreamName: FUZZ_STREAM,
        Records: [{ PartitionKey: 'k', Data: 'AA==', ExplicitHashKey: '0' }],
      };
      const put = await send(
        request(
          'h1',
          { 'content-type': JSON_11, 'x-amz-target': `${TARGET_PREFIX}.PutRecords` },
          Buffer.from(JSON.stringify(seed)),
        ),
      );
      expect(put.status).toBe(200);
      for (const transport of ['h1', 'h2'] as const) {
        await sendAndJudge(
          request(
            transport,
            { 'content-type': contentType, 'x-amz-target': `${TARGET_PREFIX}.${op}` },
            body(),
          ),
        );
      }
    });
  }

  it('answers a body over the size cap with 413 and an AWS-shaped error, and keeps the connection usable', async () => {
    // 32 MiB: well past the cap (twice the largest valid PutRecords on the wire, see body-limit.ts).
    const body = Buffer.alloc(32 * 1024 * 1024, 0x20);
    for (const transport of ['h1', 'h2'] as const) {
      const res = await send(
        request(transport, { 'content-type': JSON_11, 'x-amz-target': `${TARGET_PREFIX}.PutRecords` }, body),
      );
      expect(res.status).toBe(413);
      expect(JSON.parse(res.body.toString('utf8'))).toEqual(
        expect.objectContaining({ __type: expect.any(String) }),
      );
    }
  });
});
