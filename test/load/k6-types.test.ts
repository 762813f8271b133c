/**
 * The k6 scripts (load/k6), which k6 itself cannot run here. Four layers:
 *  - what k6 can load: every module a script reaches at run time imports only relative .ts files and k6
 *    modules, and uses no Node global (tsc -p load/k6/tsconfig.json checks the types; this checks the graph,
 *    where type-only imports are erased);
 *  - the pure parts: configuration from __ENV, scenarios, thresholds, the CBOR decoder, summary -> load.json;
 *  - the whole script lifecycle (setup, iterations, teardown, handleSummary) under a stand-in for k6's
 *    modules (k6/http as synchronous HTTP on a worker thread, k6/crypto over node:crypto, k6/metrics
 *    recording samples, and k6's summary aggregation), against `kcs serve` in a child process with SigV4 on.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createHash, createHmac } from 'node:crypto';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { UsageError } from '../../src/errors.ts';
import { nodeMd5Hex, nodeSigningCrypto } from '../../src/load/node-crypto.ts';
import { errorTypeOf } from '../../src/load/outcome.ts';
import { deriveSeed, generateBodies, partitionKeysFor } from '../../src/load/payload.ts';
import type { LoadResult } from '../../src/load/result.ts';
import { loadResultSchemaErrors } from '../../src/load/result-schema.ts';
import { buildJsonRequest, SigV4Signer } from '../../src/load/request.ts';
import { parseEndpoint } from '../../src/protocol/endpoint.ts';
import { PROFILES } from '../../src/profiles/index.ts';
import { encodeCbor } from '../../src/protocol/wire.ts';
import { CborError, decodeCbor } from '../../load/k6/lib/cbor.ts';
import { configFromEnv, ENV_VARS, type Env } from '../../load/k6/lib/config.ts';
import { constantArrivalRate, ramp, spike, timeBase } from '../../load/k6/lib/scenarios.ts';
import {
  K6_METRICS,
  knownHttpErrorKeys,
  knownRecordErrorCodes,
  METRICS,
  OTHER_CODE,
  subMetric,
  SUMMARY_TREND_STATS,
  thresholdsFor,
  toLoadResult,
  type K6Metric,
  type K6SummaryData,
  type SetupData,
} from '../../load/k6/lib/summary.ts';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const K6_DIR = join(REPO_ROOT, 'load/k6');
const SCRIPTS = ['constant-arrival-rate.ts', 'ramp.ts', 'spike.ts'] as const;
const profile = PROFILES.yds;

// --- a stand-in for k6's modules ---------------------------------------------------------------------------

interface Sample {
  readonly value: number;
  readonly tags: Readonly<Record<string, string>>;
}
type MetricKind = 'counter' | 'trend' | 'rate';

interface HttpReply {
  readonly status: number;
  readonly contentType: string;
  readonly body: Uint8Array | null;
  readonly ms: number;
}

const k6 = vi.hoisted(() => ({
  metrics: new Map<string, { kind: MetricKind; samples: Sample[] }>(),
  post: undefined as
    | undefined
    | ((url: string, body: ArrayBuffer, headers: Record<string, string>, timeoutMs: number) => HttpReply),
}));

function record(
  name: string,
  kind: MetricKind,
  value: number,
  tags: Readonly<Record<string, string>> = {},
): void {
  let m = k6.metrics.get(name);
  if (!m) k6.metrics.set(name, (m = { kind, samples: [] }));
  m.samples.push({ value, tags });
}

vi.mock('k6', () => ({
  sleep: (seconds: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, seconds * 1000),
}));

vi.mock('k6/execution', () => ({ default: { vu: { idInTest: 1 } }, vu: { idInTest: 1 } }));

vi.mock('k6/metrics', () => {
  class Metric {
    constructor(
      private readonly name: string,
      private readonly kind: MetricKind,
    ) {
      if (!k6.metrics.has(name)) k6.metrics.set(name, { kind, samples: [] });
    }
    add(value: number, tags: Record<string, string> = {}): void {
      record(this.name, this.kind, value, tags);
    }
  }
  return {
    Counter: class extends Metric {
      constructor(name: string) {
        super(name, 'counter');
      }
    },
    Trend: class extends Metric {
      constructor(name: string) {
        super(name, 'trend');
      }
    },
  };
});

vi.mock('k6/crypto', async () => {
  const { createHash, createHmac } = await import('node:crypto');
  const bytes = (v: string | ArrayBuffer): Buffer =>
    typeof v === 'string' ? Buffer.from(v, 'utf8') : Buffer.from(v);
  const out = (digest: Buffer, encoding: string): string | ArrayBuffer =>
    encoding === 'binary' ? new Uint8Array(digest).buffer : digest.toString('hex');
  return {
    sha256: (input: string | ArrayBuffer, enc: string) =>
      out(createHash('sha256').update(bytes(input)).digest(), enc),
    md5: (input: string | ArrayBuffer, enc: string) =>
      out(createHash('md5').update(bytes(input)).digest(), enc),
    hmac: (alg: string, secret: string | ArrayBuffer, input: string | ArrayBuffer, enc: string) =>
      out(createHmac(alg, bytes(secret)).update(bytes(input)).digest(), enc),
  };
});

vi.mock('k6/http', () => {
  const post = (
    url: string,
    body: ArrayBuffer,
    params: { headers: Record<string, string>; tags?: Record<string, string>; timeout: string },
  ) => {
    if (!k6.post) throw new Error('k6/http stand-in not started');
    const reply = k6.post(url, body, params.headers, parseInt(params.timeout, 10));
    // k6's own http_req_failed, tagged as the request was (expected statuses: 200-399).
    record('http_req_failed', 'rate', reply.status >= 200 && reply.status < 400 ? 0 : 1, params.tags ?? {});
    return {
      status: reply.status,
      error_code: reply.status === 0 ? 1211 : 0,
      headers: { 'Content-Type': reply.contentType },
      body: reply.body ? reply.body.slice().buffer : null,
      timings: {
        blocked: 0,
        connecting: 0,
        tls_handshaking: 0,
        sending: 0,
        waiting: reply.ms,
        receiving: 0,
        duration: reply.ms,
      },
    };
  };
  return { default: { post }, post };
});

/** A k6 script's exports, as k6 calls them. */
interface ScriptModule {
  readonly options: {
    readonly thresholds: Record<string, string[]>;
    readonly scenarios: Record<string, unknown>;
  };
  setup(): SetupData;
  default(data: SetupData): void;
  teardown(data: SetupData): void;
  handleSummary(data: K6SummaryData): Record<string, string>;
}

/** k6/http.post is synchronous: the request runs on a worker thread while this thread waits on an Atomics flag. */
const HTTP_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const http = require('node:http');
const port = workerData.port;
parentPort.on('message', ({ url, headers, body, timeoutMs, flag }) => {
  const started = performance.now();
  const done = (reply) => {
    port.postMessage({ ...reply, ms: performance.now() - started });
    const f = new Int32Array(flag);
    Atomics.store(f, 0, 1);
    Atomics.notify(f, 0);
  };
  const u = new URL(url);
  const data = Buffer.from(body);
  const req = http.request(
    { hostname: u.hostname, port: u.port, path: u.pathname, method: 'POST',
      headers: { ...headers, 'content-length': String(data.length) }, timeout: timeoutMs },
    (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => done({ status: res.statusCode, contentType: res.headers['content-type'] || '',
        body: new Uint8Array(Buffer.concat(chunks)) }));
    },
  );
  req.on('timeout', () => req.destroy(new Error('timeout')));
  req.on('error', () => done({ status: 0, contentType: '', body: null }));
  req.end(data);
});
`;

function startSyncHttp(): Worker {
  const channel = new MessageChannel();
  const worker = new Worker(HTTP_WORKER, {
    eval: true,
    workerData: { port: channel.port2 },
    transferList: [channel.port2],
  });
  k6.post = (url, body, headers, timeoutMs) => {
    const flag = new SharedArrayBuffer(4);
    worker.postMessage({ url, headers, body: new Uint8Array(body), timeoutMs, flag });
    if (Atomics.wait(new Int32Array(flag), 0, 0, timeoutMs + 5_000) === 'timed-out')
      throw new Error(`no reply from ${url}`);
    const message = receiveMessageOnPort(channel.port1);
    if (!message) throw new Error('the HTTP worker signalled without a reply');
    return message.message as HttpReply;
  };
  return worker;
}

/** k6's end-of-test aggregation of the recorded samples, including the sub-metrics thresholds name. */
function k6Summary(
  thresholds: Readonly<Record<string, string[]>>,
  setupData: SetupData | undefined,
  runMs: number,
): K6SummaryData {
  const percentile = (sorted: readonly number[], p: number): number => {
    if (sorted.length === 0) return 0;
    const rank = (p / 100) * (sorted.length - 1);
    const lo = Math.floor(rank);
    const hi = Math.ceil(rank);
    return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (rank - lo);
  };
  const values = (kind: MetricKind, samples: readonly Sample[]): Record<string, number> => {
    const v = samples.map((s) => s.value);
    if (kind === 'counter') {
      const count = v.reduce((a, b) => a + b, 0);
      return { count, rate: count / (runMs / 1000) };
    }
    if (kind === 'rate') {
      const passes = v.filter((x) => x !== 0).length;
      return { rate: v.length === 0 ? 0 : passes / v.length, passes, fails: v.length - passes };
    }
    const sorted = [...v].sort((a, b) => a - b);
    const out: Record<string, number> = {};
    for (const column of SUMMARY_TREND_STATS) {
      const m = /^p\((.+)\)$/.exec(column);
      if (column === 'avg') out[column] = v.length === 0 ? 0 : v.reduce((a, b) => a + b, 0) / v.length;
      else if (column === 'min') out[column] = sorted[0] ?? 0;
      else if (column === 'max') out[column] = sorted[sorted.length - 1] ?? 0;
      else if (column === 'med') out[column] = percentile(sorted, 50);
      else if (m) out[column] = percentile(sorted, Number(m[1]));
    }
    return out;
  };
  const metrics: Record<string, K6Metric> = {};
  for (const [name, m] of k6.metrics)
    metrics[name] = { type: m.kind, contains: 'default', values: values(m.kind, m.samples) };
  for (const key of Object.keys(thresholds)) {
    const sub = /^([^{]+)\{([^:]+):(.+)\}$/.exec(key);
    if (!sub) continue;
    const parent = k6.metrics.get(sub[1]!);
    const samples = parent ? parent.samples.filter((s) => s.tags[sub[2]!] === sub[3]!) : [];
    metrics[key] = {
      type: parent?.kind ?? 'counter',
      contains: 'default',
      values: values(parent?.kind ?? 'counter', samples),
      thresholds: Object.fromEntries(thresholds[key]!.map((t) => [t, { ok: true }])),
    };
  }
  return { metrics, state: { testRunDurationMs: runMs }, ...(setupData ? { setup_data: setupData } : {}) };
}

// --- the module graph k6 loads ------------------------------------------------------------------------------

/** Import specifiers that survive type erasure: `import type` / `export type` statements are dropped. */
function runtimeImports(source: string): string[] {
  const specs: string[] = [];
  for (const m of source.matchAll(/^\s*(import|export)\s+(type\s+)?[\s\S]*?\sfrom\s+['"]([^'"]+)['"]/gm)) {
    if (!m[2]) specs.push(m[3]!);
  }
  for (const m of source.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm)) specs.push(m[1]!);
  return specs;
}

function withoutComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|\s)\/\/.*$/gm, '$1');
}

const K6_MODULE = /^k6(\/[a-z0-9-]+)*$/;
/** What k6's JavaScript runtime does not provide. */
const NODE_ONLY = [
  /\bBuffer\b/,
  /\bprocess\./,
  /\brequire\(/,
  /\bTextEncoder\b/,
  /\bTextDecoder\b/,
  /\bnew URL\(/,
  /\bIntl\./,
  /\bsetImmediate\(/,
  /\bstructuredClone\(/,
];

function moduleGraph(entry: string): { files: string[]; problems: string[] } {
  const files: string[] = [];
  const problems: string[] = [];
  const visit = (file: string): void => {
    if (files.includes(file)) return;
    files.push(file);
    const source = readFileSync(file, 'utf8');
    const name = relative(REPO_ROOT, file);
    for (const pattern of NODE_ONLY)
      if (pattern.test(withoutComments(source))) problems.push(`${name} uses ${pattern.source}`);
    for (const spec of runtimeImports(source)) {
      if (K6_MODULE.test(spec)) continue;
      if (!spec.startsWith('.') || !spec.endsWith('.ts')) {
        problems.push(`${name} imports '${spec}' (k6 loads relative .ts files and k6 modules only)`);
        continue;
      }
      visit(resolve(dirname(file), spec));
    }
  };
  visit(entry);
  return { files: files.map((f) => relative(REPO_ROOT, f)), problems };
}

describe('what k6 loads', () => {
  it.each(SCRIPTS)('%s reaches only relative .ts modules and k6 modules, and no Node global', (script) => {
    const { files, problems } = moduleGraph(join(K6_DIR, script));
    expect(problems).toEqual([]);
    // The shared pure modules are really used, not re-implemented.
    for (const shared of [
      'src/load/payload.ts',
      'src/load/request.ts',
      'src/load/outcome.ts',
      'src/load/html-report.ts',
    ])
      expect(files).toContain(shared);
  });

  it('the graph check catches a Node import and a Node global', () => {
    expect(
      runtimeImports(
        `import { a } from 'node:fs';\nimport type { B } from 'cbor-x';\nexport { c } from './c.ts';`,
      ),
    ).toEqual(['node:fs', './c.ts']);
    expect(NODE_ONLY.some((p) => p.test(withoutComments('const b = Buffer.from(x);')))).toBe(true);
    expect(NODE_ONLY.some((p) => p.test(withoutComments('// Buffer is not used here')))).toBe(false);
  });

  it('every variable the scripts read is documented in load/k6/README.md', () => {
    const readme = readFileSync(join(K6_DIR, 'README.md'), 'utf8');
    const documented = [...readme.matchAll(/^\| `([A-Z0-9_]+)` \|/gm)].map((m) => m[1]);
    expect(documented.sort()).toEqual(Object.keys(ENV_VARS).sort());
  });
});

// --- the pure parts -------------------------------------------------------------------------------------

describe('configFromEnv', () => {
  it('takes kcs load defaults and the profile limits', () => {
    const c = configFromEnv({});
    expect(c.endpointUrl).toBe('http://127.0.0.1:4567');
    expect(c.recordSize).toEqual({ kind: 'fixed', bytes: 100 });
    expect(c.partitionKeys).toEqual({ kind: 'count', count: 1000 });
    expect(c.wire).toBe('json');
    expect(c.credentials).toBeUndefined();
    expect(c.createStream).toBe(false);
    expect(c.summaryPath).toBe('load.json');
    expect(c.maxFailed).toBe(0.01);
  });

  it('parses sizes, durations, keys and credentials as kcs load does', () => {
    const c = configFromEnv({
      RECORD_SIZE: 'uniform:1KiB-4KiB',
      DURATION: '2m',
      PARTITION_KEYS: 'hot-shard',
      SHARDS: '8',
      RATE: '250/s',
      AWS_ACCESS_KEY_ID: 'AKID',
      AWS_SECRET_ACCESS_KEY: 'secret',
      AWS_SESSION_TOKEN: 'token',
      CREATE_STREAM: '1',
      WIRE: 'cbor',
    });
    expect(c.recordSize).toEqual({ kind: 'uniform', min: 1024, max: 4096 });
    expect(c.durationMs).toBe(120_000);
    expect(c.partitionKeys).toEqual({ kind: 'hot-shard', count: 100, shards: 8 });
    expect(c.rate).toBe(250);
    expect(c.credentials).toEqual({ accessKeyId: 'AKID', secretAccessKey: 'secret', sessionToken: 'token' });
    expect(c.createStream).toBe(true);
    expect(c.wire).toBe('cbor');
  });

  const bad: readonly [Env, string][] = [
    [{ RATE: '0' }, 'RATE=0'],
    [{ RECORDS_PER_REQUEST: String(profile.putRecords.maxRecords + 1) }, 'RECORDS_PER_REQUEST'],
    [{ RECORD_SIZE: String(profile.putRecords.maxDataBytes + 1) }, 'RECORD_SIZE'],
    [
      { RECORDS_PER_REQUEST: String(profile.putRecords.maxRecords), RECORD_SIZE: '64KiB' },
      'RECORDS_PER_REQUEST x RECORD_SIZE',
    ],
    [{ DURATION: 'soon' }, 'DURATION=soon'],
    [{ ENDPOINT: 'kinesis.local' }, 'ENDPOINT'],
    [{ WIRE: 'xml' }, 'WIRE=xml'],
    [{ AWS_ACCESS_KEY_ID: 'AKID' }, 'AWS_SECRET_ACCESS_KEY'],
    [{ CREATE_STREAM: 'maybe' }, 'CREATE_STREAM=maybe'],
    [{ MAX_FAILED: '2' }, 'MAX_FAILED'],
    [{ PROFILE: 'gcp' }, 'PROFILE=gcp'],
  ];
  it.each(bad)('rejects %j naming the variable', (env, mentions) => {
    expect(() => configFromEnv(env)).toThrow(UsageError);
    expect(() => configFromEnv(env)).toThrow(mentions);
  });
});

describe('scenarios', () => {
  const config = configFromEnv({
    RATE: '1000',
    START_RATE: '10',
    BASE_RATE: '50',
    DURATION: '60s',
    HOLD: '30s',
    RISE: '2s',
  });

  it('constant-arrival-rate: RATE per second for DURATION', () => {
    const s = constantArrivalRate(config);
    expect(s.executor).toMatchObject({
      executor: 'constant-arrival-rate',
      rate: 1000,
      timeUnit: '1s',
      duration: '60000ms',
    });
    expect([s.plannedMs, s.peakRate]).toEqual([60_000, 1000]);
  });

  it('ramp: START_RATE to RATE over DURATION, then HOLD', () => {
    const s = ramp(config);
    expect(s.executor).toMatchObject({
      executor: 'ramping-arrival-rate',
      startRate: 10,
      stages: [
        { target: 1000, duration: '60000ms' },
        { target: 1000, duration: '30000ms' },
      ],
    });
    expect(s.plannedMs).toBe(90_000);
  });

  it('spike: BASE_RATE, up to RATE within RISE, a fifth of DURATION at RATE, back, BASE_RATE', () => {
    const s = spike(config);
    expect(s.executor).toMatchObject({
      startRate: 50,
      stages: [
        { target: 50, duration: '24000ms' },
        { target: 1000, duration: '2000ms' },
        { target: 1000, duration: '12000ms' },
        { target: 50, duration: '2000ms' },
        { target: 50, duration: '24000ms' },
      ],
    });
    expect([s.plannedMs, s.peakRate]).toEqual([64_000, 1000]);
  });

  it('keeps a fractional rate exact by counting per 1000 s', () => {
    expect(timeBase([1.5])).toEqual({ scale: 1000, timeUnit: '1000s' });
    expect(constantArrivalRate(configFromEnv({ RATE: '1.5' })).executor).toMatchObject({
      rate: 1500,
      timeUnit: '1000s',
    });
    expect(timeBase([1, 20])).toEqual({ scale: 1, timeUnit: '1s' });
  });
});

describe('thresholds', () => {
  it('fail on failed PutRecords only, and on p99 and throttling when asked', () => {
    const plain = thresholdsFor(configFromEnv({}));
    expect(plain[`${K6_METRICS.httpReqFailed}{name:PutRecords}`]).toEqual(['rate<=0.01']);
    expect(plain[METRICS.latency]).toBeUndefined();
    const strict = thresholdsFor(configFromEnv({ P99_MS: '250', MAX_THROTTLED: '0', MAX_FAILED: '0' }));
    expect(strict[METRICS.latency]).toEqual(['p(99)<250']);
    expect(strict[METRICS.throttled]).toEqual(['count<=0']);
    expect(strict[`${K6_METRICS.httpReqFailed}{name:PutRecords}`]).toEqual(['rate<=0']);
  });

  it('name a sub-metric for every record ErrorCode and whole-request error of both profiles', () => {
    const t = thresholdsFor(configFromEnv({}));
    for (const p of Object.values(PROFILES)) {
      for (const code of p.recordErrorCodes)
        expect(t[subMetric(METRICS.recordErrors, code)]).toEqual(['count>=0']);
      for (const e of Object.values(p.errors)) expect(t[subMetric(METRICS.httpErrors, e.type)]).toBeDefined();
    }
    expect(knownHttpErrorKeys()).toContain('transport');
    expect(knownRecordErrorCodes().sort()).toEqual(
      [...new Set(Object.values(PROFILES).flatMap((p) => p.recordErrorCodes))].sort(),
    );
  });
});

describe('decodeCbor (lib/cbor.ts) against cbor-x', () => {
  it('reads a PutRecords result and the control-plane shapes', () => {
    const value = {
      FailedRecordCount: 1,
      Records: [
        {
          SequenceNumber: '49590338271490256608559692538361571095921575989136588898',
          ShardId: 'shardId-000000000001',
        },
        {
          ErrorCode: 'ProvisionedThroughputExceededException',
          ErrorMessage: 'Rate exceeded for shard – ünïcødé 🚀',
        },
      ],
      EncryptionType: 'NONE',
      Nested: {
        big: 2 ** 40,
        negative: -123456789,
        float: 1.5,
        tiny: 0.1,
        yes: true,
        no: false,
        nothing: null,
      },
      Data: new Uint8Array([0, 1, 2, 254, 255]),
    };
    expect(decodeCbor(encodeCbor(value))).toEqual(value);
  });

  it('reads whatever JSON-shaped value cbor-x writes', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const normalised: unknown = JSON.parse(JSON.stringify(value));
        expect(decodeCbor(encodeCbor(normalised))).toEqual(normalised);
      }),
      { numRuns: 200 },
    );
  });

  it('reads indefinite lengths and half floats, and rejects broken input', () => {
    // {_ "a": [_ 1, 2], "b": (_ h'01', h'02')} and a half-precision 1.5
    const indefinite = Uint8Array.from([
      0xbf, 0x61, 0x61, 0x9f, 0x01, 0x02, 0xff, 0x61, 0x62, 0x5f, 0x41, 0x01, 0x41, 0x02, 0xff, 0xff,
    ]);
    expect(decodeCbor(indefinite)).toEqual({ a: [1, 2], b: Uint8Array.from([1, 2]) });
    expect(decodeCbor(Uint8Array.from([0xf9, 0x3e, 0x00]))).toBe(1.5);
    // A "__proto__" key is an own property, not a prototype.
    const proto = decodeCbor(Uint8Array.from([0xa1, 0x69, ...Buffer.from('__proto__'), 0x01])) as Record<
      string,
      unknown
    >;
    expect(Object.getPrototypeOf(proto)).toBe(Object.prototype);
    expect(Object.keys(proto)).toEqual(['__proto__']);
    expect(() => decodeCbor(Uint8Array.from([0xa1, 0x61]))).toThrow(CborError);
    expect(() => decodeCbor(Uint8Array.from([0x01, 0x02]))).toThrow(CborError);
    expect(() => decodeCbor(Uint8Array.from([0xff]))).toThrow(CborError);
  });
});

describe('toLoadResult', () => {
  const config = configFromEnv({
    RATE: '100',
    DURATION: '10s',
    RECORDS_PER_REQUEST: '50',
    SEED: '9',
    K6_VERSION: 'v1.4.0',
  });
  const counter = (count: number): K6Metric => ({ type: 'counter', values: { count, rate: 0 } });
  const data: K6SummaryData = {
    metrics: {
      [METRICS.requests]: counter(1000),
      [METRICS.records]: counter(49_000),
      [METRICS.bytes]: counter(4_900_000),
      [METRICS.recordErrors]: counter(1000),
      [subMetric(METRICS.recordErrors, profile.recordErrors.throughputExceeded)]: counter(990),
      [subMetric(METRICS.recordErrors, profile.recordErrors.internalFailure)]: counter(0),
      [METRICS.httpErrors]: counter(3),
      [subMetric(METRICS.httpErrors, 'transport')]: counter(2),
      [K6_METRICS.droppedIterations]: counter(4),
      [METRICS.latency]: {
        type: 'trend',
        values: Object.fromEntries(SUMMARY_TREND_STATS.map((c, i) => [c, i + 1.25])),
      },
    },
    // Setup and teardown took 5 s more than the measured phase.
    state: { testRunDurationMs: 15_000 },
    setup_data: { created: true, shards: 3, startedAt: '2025-01-01T00:00:00.000Z' },
  };
  const ctx = {
    config,
    scenario: 'constant-arrival-rate',
    plannedMs: 10_000,
    peakRate: 100,
    now: new Date('2025-01-01T00:00:12.000Z'),
    kcsVersion: '0.1.0',
  } as const;
  const result = toLoadResult(data, ctx);

  it('is a valid load.json', () => {
    expect(loadResultSchemaErrors(result)).toEqual([]);
    expect(result.tool).toBe('k6');
    expect(result.timeSeries).toEqual([]);
  });

  it('divides by the measured phase, not the whole test run', () => {
    expect(result.rates).toEqual({
      requestsPerSecond: 100,
      recordsPerSecond: 4900,
      megabytesPerSecond: 0.49,
    });
    expect(result.measuredSeconds).toBe(10);
  });

  it('breaks errors down by code, with what no threshold named under "other"', () => {
    expect(result.totals.recordErrors).toEqual({
      [profile.recordErrors.throughputExceeded]: 990,
      [OTHER_CODE]: 10,
    });
    expect(result.totals.httpErrors).toEqual({ transport: 2, [OTHER_CODE]: 1 });
    expect(result.totals.dropped).toBe(4);
  });

  it('takes latency and the percentile chart from the trend columns', () => {
    const at = (c: string): number => SUMMARY_TREND_STATS.indexOf(c) + 1.25;
    expect(result.latencyMs).toEqual({
      p50: at('med'),
      p90: at('p(90)'),
      p99: at('p(99)'),
      p999: at('p(99.9)'),
      max: at('max'),
      mean: at('avg'),
    });
    expect(result.percentiles[0]).toEqual([0, at('min')]);
    expect(result.percentiles.at(-1)).toEqual([100, at('max')]);
  });

  it('takes the shard count and start from setup, the rest from the configuration', () => {
    expect(result.scenario).toMatchObject({
      model: 'open',
      rate: 100,
      shards: 3,
      recordsPerRequest: 50,
      seed: 9,
      durationMs: 10_000,
    });
    expect(result.startedAt).toBe('2025-01-01T00:00:00.000Z');
    expect(result.versions).toEqual({ kcs: '0.1.0', k6: 'v1.4.0' });
  });

  it('still starts the clock without setup data', () => {
    const { setup_data: _, ...withoutSetup } = data;
    expect(toLoadResult(withoutSetup, ctx).startedAt).toBe('2024-12-31T23:59:57.000Z');
  });
});

// --- the lifecycle under the stand-in, against kcs serve ----------------------------------------------------

const AKID = 'AKIDK6SCRIPTTEST';
const SECRET = 'k6-script-test-secret';
/** Low enough that one 500-record request to one shard is throttled in part. */
const SHARD_RECORDS_PER_SECOND = 400;
const START_TIMEOUT_MS = 25_000;

describe('the scripts end to end (k6 stood in for, kcs serve with SigV4)', () => {
  let server: ChildProcessWithoutNullStreams | undefined;
  let worker: Worker | undefined;
  let url = '';
  const packageVersion = (
    JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }
  ).version;

  beforeAll(async () => {
    worker = startSyncHttp();
    const env = { ...process.env };
    delete env['KCS_CREDENTIALS'];
    server = spawn(
      process.execPath,
      [
        'bin/kcs-dev.js',
        'serve',
        '--host',
        '127.0.0.1',
        '--port',
        '0',
        '--auth',
        'sigv4',
        '--credentials',
        `${AKID}:${SECRET}`,
        '--shard-records-per-second',
        String(SHARD_RECORDS_PER_SECOND),
      ],
      { cwd: REPO_ROOT, env },
    );
    const [line] = (await Promise.race([
      once(createInterface({ input: server.stdout }), 'line'),
      new Promise((_, reject) =>
        setTimeout(() => reject(new Error('kcs serve did not start')), START_TIMEOUT_MS),
      ),
    ])) as [string];
    const m = /^listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(line);
    if (!m) throw new Error(`unexpected first line from kcs serve: ${line}`);
    url = m[1]!;
  }, START_TIMEOUT_MS + 5_000);

  afterAll(async () => {
    k6.post = undefined;
    await worker?.terminate();
    if (server && server.exitCode === null) {
      server.kill('SIGTERM');
      await once(server, 'close');
    }
  });

  beforeEach(() => {
    for (const m of k6.metrics.values()) m.samples.length = 0;
    // k6 resolves open() against the script's own file.
    vi.stubGlobal('open', (path: string) => readFileSync(resolve(K6_DIR, path), 'utf8'));
  });

  /** Loads a script afresh with `env` as __ENV, as k6 loads it for each VU. */
  async function script(name: (typeof SCRIPTS)[number], env: Env): Promise<ScriptModule> {
    vi.stubGlobal('__ENV', { ENDPOINT: url, AWS_ACCESS_KEY_ID: AKID, AWS_SECRET_ACCESS_KEY: SECRET, ...env });
    vi.resetModules();
    const path = `../../load/k6/${name}`;
    return (await import(path)) as ScriptModule;
  }

  function summaryOf(
    mod: ScriptModule,
    setup: SetupData | undefined,
    runMs = 60_000,
  ): { result: LoadResult; files: Record<string, string> } {
    const files = mod.handleSummary(k6Summary(mod.options.thresholds, setup, runMs));
    return { result: JSON.parse(files['load.json']!) as LoadResult, files };
  }

  /** setup, `iterations` iterations, teardown and handleSummary, in k6's order. */
  async function runScript(
    env: Env,
    iterations: number,
    name: (typeof SCRIPTS)[number] = 'constant-arrival-rate.ts',
  ) {
    const mod = await script(name, env);
    const setup = mod.setup();
    for (let i = 0; i < iterations; i++) mod.default(setup);
    mod.teardown(setup);
    return { ...summaryOf(mod, setup), setup };
  }

  /** DescribeStreamSummary, signed: 'exists' or the error's __type. */
  function streamStatus(stream: string): string | undefined {
    const parts = buildJsonRequest(parseEndpoint(url), 'DescribeStreamSummary', { StreamName: stream });
    const signer = new SigV4Signer(
      { accessKeyId: AKID, secretAccessKey: SECRET },
      'us-east-1',
      nodeSigningCrypto,
    );
    const headers = signer.sign(parts, nodeSigningCrypto.sha256Hex(parts.body), Date.now());
    const reply = k6.post!(url, parts.body.slice().buffer, headers, 10_000);
    if (reply.status === 200) return 'exists';
    return errorTypeOf(JSON.parse(Buffer.from(reply.body ?? []).toString('utf8')));
  }

  it.each(['json', 'cbor'] as const)(
    'over %s: setup creates the stream, every record is acknowledged and counted, teardown deletes it',
    async (wire) => {
      const env: Env = {
        STREAM: `k6-e2e-${wire}`,
        CREATE_STREAM: '1',
        SHARDS: '2',
        RATE: '5',
        DURATION: '1s',
        RECORDS_PER_REQUEST: '10',
        RECORD_SIZE: 'uniform:10-50',
        PARTITION_KEYS: '8',
        SEED: '7',
        WIRE: wire,
        BODIES: '3',
      };
      const { result, files, setup } = await runScript(env, 4);
      expect(setup).toMatchObject({ created: true, shards: 2 });
      expect(loadResultSchemaErrors(result)).toEqual([]);

      // The bytes the VU sent, recomputed from the seed with node:crypto's MD5: k6's path sent the same.
      const bodies = generateBodies({
        wire,
        stream: env['STREAM']!,
        recordsPerRequest: 10,
        recordSize: { kind: 'uniform', min: 10, max: 50 },
        keys: partitionKeysFor({ kind: 'count', count: 8 }, nodeMd5Hex),
        seed: deriveSeed(7, 1),
        count: 3,
      });
      const sentBytes = [0, 1, 2, 0].reduce((a, i) => a + bodies[i]!.totalDataBytes, 0);
      expect(result.totals).toEqual({
        requests: 4,
        records: 40,
        bytes: sentBytes,
        recordErrors: {},
        httpErrors: {},
        dropped: 0,
      });
      expect(result.scenario).toMatchObject({
        shards: 2,
        rate: 5,
        durationMs: 1000,
        wire,
        stream: env['STREAM'],
      });
      expect(result.versions['kcs']).toBe(packageVersion);
      expect(result.latencyMs.max).toBeGreaterThan(0);
      expect(Object.keys(files).sort()).toEqual(['load.html', 'load.json', 'stdout']);
      expect(files['load.html']).toContain('<svg');
      expect(files['stdout']).toContain('thresholds passed');

      expect(streamStatus(env['STREAM']!)).toBe(profile.errors.resourceNotFound.type);
    },
  );

  it('ramp: counts throttled records under their ErrorCode and in kcs_throttled', async () => {
    const env: Env = {
      STREAM: 'k6-e2e-throttle',
      CREATE_STREAM: '1',
      SHARDS: '1',
      RECORDS_PER_REQUEST: '500',
      RECORD_SIZE: '10',
      BODIES: '1',
    };
    const { result } = await runScript(env, 2, 'ramp.ts');
    const throttled = result.totals.recordErrors[profile.recordErrors.throughputExceeded] ?? 0;
    expect(throttled).toBeGreaterThanOrEqual(1000 - 2 * SHARD_RECORDS_PER_SECOND);
    expect(result.totals.records + throttled).toBe(1000);
    expect(k6.metrics.get(METRICS.throttled)!.samples.reduce((a, s) => a + s.value, 0)).toBe(throttled);
    expect(result.totals.httpErrors).toEqual({});
  });

  it('spike, with a wrong secret: setup stops with the AWS error, each request is an HTTP error by __type', async () => {
    const good: Env = {
      STREAM: 'k6-e2e-auth',
      CREATE_STREAM: '1',
      SHARDS: '1',
      RECORDS_PER_REQUEST: '5',
      BODIES: '1',
    };
    const creator = await script('spike.ts', good);
    const created = creator.setup();
    const bad = await script('spike.ts', {
      ...good,
      CREATE_STREAM: '0',
      AWS_SECRET_ACCESS_KEY: 'not-the-secret',
    });
    expect(() => bad.setup()).toThrow(profile.errors.invalidSignature.type);
    for (let i = 0; i < 3; i++) bad.default(created);
    const { result, files } = summaryOf(bad, created);
    expect(result.totals).toMatchObject({
      requests: 3,
      records: 0,
      httpErrors: { [profile.errors.invalidSignature.type]: 3 },
    });
    // The stand-in marks every threshold as passed; the failed requests show in the numbers, not the verdict.
    expect(files['stdout']).toContain('HTTP errors 3');
    creator.teardown(created);
    expect(streamStatus(good['STREAM']!)).toBe(profile.errors.resourceNotFound.type);
  });

  it('an endpoint nobody listens on: transport failures, no latency samples', async () => {
    const mod = await script('constant-arrival-rate.ts', {
      ENDPOINT: 'http://127.0.0.1:1',
      STREAM: 'nowhere',
      BODIES: '1',
      RECORDS_PER_REQUEST: '1',
    });
    expect(() => mod.setup()).toThrow(/no reply/);
    const none: SetupData = { created: false, shards: 1, startedAt: new Date().toISOString() };
    mod.default(none);
    mod.default(none);
    const { result } = summaryOf(mod, undefined, 1_000);
    expect(result.totals).toMatchObject({ requests: 2, records: 0, httpErrors: { transport: 2 } });
    expect(k6.metrics.get(METRICS.latency)!.samples).toEqual([]);
    expect(result.percentiles).toEqual([]);
  });
});

// Keep node:crypto's HMAC and SHA-256 in the picture: the stand-in's k6/crypto must agree with them.
describe('the k6/crypto stand-in', () => {
  it('hashes and signs like node:crypto, on strings and ArrayBuffers', async () => {
    const id = 'k6/crypto';
    const crypto = (await import(id)) as {
      sha256(i: string | ArrayBuffer, e: string): string;
      hmac(a: string, k: string | ArrayBuffer, i: string | ArrayBuffer, e: string): ArrayBuffer;
    };
    expect(crypto.sha256('abc', 'hex')).toBe(createHash('sha256').update('abc').digest('hex'));
    const mac = new Uint8Array(crypto.hmac('sha256', new Uint8Array([1, 2, 3]).buffer, 'x', 'binary'));
    expect(Buffer.from(mac).toString('hex')).toBe(
      createHmac('sha256', Buffer.from([1, 2, 3]))
        .update('x')
        .digest('hex'),
    );
  });
});
