/**
 * One load generator: keep-alive undici Clients (one per request in flight), pre-generated bodies, and the
 * open or closed model.
 * It runs in a worker thread (worker.ts) or, for tests, in the calling thread; either way it reports one
 * sample per second and a final report as plain data (samples.ts).
 *
 * Open model: request i of this generator is due at start + (index + i * generators) / rate, so the
 * generators together start `rate` requests per second, evenly interleaved. Its latency is measured from
 * that due time, not from when it was actually sent, so a stall of the target (or of this process) shows in
 * full for every request that should have started during it: coordinated omission cannot hide it.
 * Closed model: each lane sends its next request when the previous one is answered.
 */
import { build, encodeIntoCompressedBase64, type Histogram } from 'hdr-histogram-js';
import { decodeBody, wireFormatOf } from '../protocol/wire.ts';
import { Connections } from './connections.ts';
import { LOAD_DEFAULTS } from './defaults.ts';
import { nodeSigningCrypto } from './node-crypto.ts';
import { judgePutRecords, transportFailure, type PutOutcome } from './outcome.ts';
import {
  generateBodies,
  stampTags,
  type PutRecordsBody,
  type RecordSize,
  type WireFormat,
} from './payload.ts';
import type { Endpoint } from '../protocol/endpoint.ts';
import { buildRequest, SigV4Signer, type HttpParts, type SigningCredentials } from './request.ts';
import {
  addCounts,
  type Counts,
  type GeneratorReport,
  type WorkerSecond,
  type WriterAcks,
} from './samples.ts';

export interface GeneratorPlan {
  readonly index: number;
  /** Generators in the run (for the open model's interleaving). */
  readonly generators: number;
  readonly endpoint: Endpoint;
  readonly stream: string;
  readonly wire: WireFormat;
  readonly model: 'open' | 'closed';
  /** Open model: requests per second of the whole run. */
  readonly rate?: number;
  /** Closed model: this generator's requests in flight. */
  readonly lanes: number;
  /** Open model: this generator's in-flight cap. */
  readonly maxInFlight: number;
  readonly durationMs: number;
  /** This generator's share of the run's request cap. */
  readonly maxRequests: number;
  readonly recordsPerRequest: number;
  readonly recordSize: RecordSize;
  readonly keys: readonly string[];
  /** This generator's payload seed. */
  readonly seed: number;
  readonly bodies: number;
  readonly verify?: { readonly run: number; readonly firstWriter: number };
  readonly credentials?: SigningCredentials;
  readonly region: string;
  readonly requestTimeoutMs: number;
  readonly drainTimeoutMs: number;
}

export interface GeneratorSink {
  second(sample: WorkerSecond): void;
}

export interface PreparedGenerator {
  /** Starts the measured phase at `startAtEpochMs` (on the shared epoch clock). */
  start(startAtEpochMs: number): RunningGenerator;
  /** Releases the connections without running. */
  close(): Promise<void>;
}

export interface RunningGenerator {
  readonly done: Promise<GeneratorReport>;
  /** Stops starting requests; those in flight finish (bounded by the request timeout). */
  stop(): void;
}

/** Epoch milliseconds with sub-millisecond resolution, comparable across worker threads. */
export function epochNow(): number {
  return performance.timeOrigin + performance.now();
}

const HISTOGRAM_OPTIONS = {
  lowestDiscernibleValue: 1,
  // Microseconds; grows when a latency exceeds it.
  highestTrackableValue: 60_000_000,
  numberOfSignificantValueDigits: 3,
  autoResize: true,
} as const;

export function newHistogram(): Histogram {
  return build(HISTOGRAM_OPTIONS);
}

interface Prepared {
  readonly body: PutRecordsBody;
  /** The outcome of an all-written reply to this body (one object, shared by every such reply). */
  readonly allWritten: PutOutcome;
  readonly parts: HttpParts;
  readonly bytes: Buffer;
  readonly payloadHash: string;
  signedSecond: number;
  headers: Record<string, string>;
}

interface Writer {
  readonly id: number;
  readonly sequential: boolean;
  counter: number;
  bitmap: Uint8Array;
}

interface Bucket {
  requests: number;
  records: number;
  bytes: number;
  recordErrors: Counts;
  httpErrors: Counts;
  histogram: Histogram | undefined;
}

function markAcked(writer: Writer, counter: number): void {
  const byte = counter >>> 3;
  if (byte >= writer.bitmap.length) {
    const grown = new Uint8Array(Math.max(byte + 1, writer.bitmap.length * 2));
    grown.set(writer.bitmap);
    writer.bitmap = grown;
  }
  writer.bitmap[byte]! |= 1 << (counter & 7);
}

const FAILED_NONE = Buffer.from('"FailedRecordCount":0,');

/**
 * The common reply, all records written, recognised without parsing it: decoding every 10 KB answer was
 * 40% of the generator's CPU, more than sending. A JSON 200 that says `"FailedRecordCount":0` counts as all
 * acknowledged; anything else (failures, another layout, CBOR, an error) takes the full decode and
 * judgement, and so does one reply in FULL_CHECK_EVERY, so a target whose bodies do not match what they say
 * (a short Records array, say) still shows up as malformed replies. Checking what the target answers in
 * depth is `kcs check`'s job; the generator counts.
 */
export const FULL_CHECK_EVERY = 64;
let replies = 0;

export function allAcknowledgedFast(status: number, contentType: string | undefined, raw: Buffer): boolean {
  if (status !== 200 || ++replies % FULL_CHECK_EVERY === 0) return false;
  if (wireFormatOf(contentType) !== 'json') return false;
  // Only the layout that starts with it (ours, kinesalite's); other layouts are decoded.
  return (
    raw.length > FAILED_NONE.length &&
    raw.compare(FAILED_NONE, 0, FAILED_NONE.length, 1, 1 + FAILED_NONE.length) === 0
  );
}

function decodeReply(contentType: string | undefined, raw: Uint8Array): unknown {
  const format = wireFormatOf(contentType);
  if (!format || raw.length === 0) return undefined;
  try {
    return decodeBody(format, raw);
  } catch {
    return undefined;
  }
}

function errorCode(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : err instanceof Error ? err.name : 'unknown';
}

export function prepareGenerator(plan: GeneratorPlan, sink: GeneratorSink): PreparedGenerator {
  const { endpoint } = plan;
  const open = plan.model === 'open';
  const connections = new Connections(endpoint.origin, open ? plan.maxInFlight : plan.lanes, {
    pipelining: 1,
    keepAliveTimeout: LOAD_DEFAULTS.keepAliveMs,
    headersTimeout: plan.requestTimeoutMs,
    bodyTimeout: plan.requestTimeoutMs,
    connectTimeout: plan.requestTimeoutMs,
  });
  const signer = plan.credentials
    ? new SigV4Signer(plan.credentials, plan.region, nodeSigningCrypto)
    : undefined;
  const prepared: Prepared[] = generateBodies({
    wire: plan.wire,
    stream: plan.stream,
    recordsPerRequest: plan.recordsPerRequest,
    recordSize: plan.recordSize,
    keys: plan.keys,
    seed: plan.seed,
    count: plan.bodies,
  }).map((body) => {
    const parts = buildRequest(endpoint, 'PutRecords', plan.wire, body.bytes);
    return {
      body,
      allWritten: { status: 200, acknowledged: body.records, acknowledgedBytes: body.totalDataBytes },
      parts,
      bytes: Buffer.from(body.bytes.buffer, body.bytes.byteOffset, body.bytes.byteLength),
      // Once per body, never per send.
      payloadHash: signer && !plan.verify ? nodeSigningCrypto.sha256Hex(body.bytes) : '',
      signedSecond: -1,
      headers: { ...parts.headers },
    };
  });

  const writers: Writer[] = [];
  if (plan.verify) {
    const count = open ? 1 : plan.lanes;
    for (let i = 0; i < count; i++)
      writers.push({
        id: plan.verify.firstWriter + i,
        sequential: !open,
        counter: 0,
        bitmap: new Uint8Array(64),
      });
  }

  return {
    close: () => connections.close(),
    start(startAtEpochMs) {
      return run(plan, sink, connections, signer, prepared, writers, startAtEpochMs);
    },
  };
}

function run(
  plan: GeneratorPlan,
  sink: GeneratorSink,
  connections: Connections,
  signer: SigV4Signer | undefined,
  prepared: Prepared[],
  writers: Writer[],
  startAt: number,
): RunningGenerator {
  const endAt = startAt + plan.durationMs;
  const total = newHistogram();
  const totals = {
    requests: 0,
    records: 0,
    bytes: 0,
    recordErrors: {} as Counts,
    httpErrors: {} as Counts,
    transportErrors: {} as Counts,
    dropped: 0,
  };
  const buckets = new Map<number, Bucket>();
  let flushedUpTo = 0; // seconds [0, flushedUpTo) have been reported
  let lastCompletion = startAt;
  let inFlight = 0;
  let sent = 0;
  let nextBody = 0;
  let stopped = false;
  let idle: (() => void) | undefined;
  /** Wakes the open model's scheduler (stop). */
  let wake: (() => void) | undefined;

  const bucketFor = (t: number): Bucket => {
    let b = buckets.get(t);
    if (!b) {
      b = { requests: 0, records: 0, bytes: 0, recordErrors: {}, httpErrors: {}, histogram: undefined };
      buckets.set(t, b);
    }
    return b;
  };

  const flush = (upTo: number): void => {
    for (let t = flushedUpTo; t < upTo; t++) {
      const b = buckets.get(t);
      buckets.delete(t);
      sink.second({
        t,
        requests: b?.requests ?? 0,
        records: b?.records ?? 0,
        bytes: b?.bytes ?? 0,
        recordErrors: b?.recordErrors ?? {},
        httpErrors: b?.httpErrors ?? {},
        histogram: b?.histogram ? encodeIntoCompressedBase64(b.histogram) : '',
      });
      b?.histogram?.destroy();
    }
    flushedUpTo = Math.max(flushedUpTo, upTo);
  };
  const flushTimer = setInterval(
    () => flush(Math.floor((epochNow() - startAt) / 1000)),
    LOAD_DEFAULTS.sampleFlushMs,
  );

  const record = (outcome: PutOutcome, intended: number, end: number, transportCode?: string): void => {
    const micros = Math.max(1, Math.round((end - intended) * 1000));
    total.recordValue(micros);
    const b = bucketFor(Math.max(flushedUpTo, Math.floor((end - startAt) / 1000)));
    b.histogram ??= newHistogram();
    b.histogram.recordValue(micros);
    b.requests++;
    b.records += outcome.acknowledged;
    b.bytes += outcome.acknowledgedBytes;
    totals.requests++;
    totals.records += outcome.acknowledged;
    totals.bytes += outcome.acknowledgedBytes;
    if (outcome.recordErrors) {
      addCounts(b.recordErrors, outcome.recordErrors);
      addCounts(totals.recordErrors, outcome.recordErrors);
    }
    if (outcome.httpError !== undefined) {
      b.httpErrors[outcome.httpError] = (b.httpErrors[outcome.httpError] ?? 0) + 1;
      totals.httpErrors[outcome.httpError] = (totals.httpErrors[outcome.httpError] ?? 0) + 1;
    }
    if (transportCode !== undefined)
      totals.transportErrors[transportCode] = (totals.transportErrors[transportCode] ?? 0) + 1;
    if (end > lastCompletion) lastCompletion = end;
  };

  const headersFor = (p: Prepared, now: number): Record<string, string> => {
    if (!signer) return p.headers;
    const second = Math.floor(now / 1000);
    // x-amz-date has one-second resolution: within a second a body's signature does not change.
    if (second !== p.signedSecond) {
      p.headers = signer.sign(p.parts, p.payloadHash, now);
      p.signedSecond = second;
    }
    return p.headers;
  };

  const send = async (intended: number, writer: Writer | undefined): Promise<void> => {
    const p = prepared[nextBody]!;
    nextBody = (nextBody + 1) % prepared.length;
    let bytes = p.bytes;
    let headers: Record<string, string>;
    let firstCounter = 0;
    if (writer && plan.verify) {
      // Every record is unique under --verify: stamp a copy, hash and sign it (once: it is sent once).
      bytes = Buffer.from(p.bytes);
      firstCounter = writer.counter;
      writer.counter += p.body.records;
      stampTags(p.body, bytes, plan.verify.run, writer.id, firstCounter);
      headers = signer
        ? signer.sign({ ...p.parts, body: bytes }, nodeSigningCrypto.sha256Hex(bytes), epochNow())
        : p.headers;
    } else {
      headers = headersFor(p, epochNow());
    }
    inFlight++;
    sent++;
    let outcome: PutOutcome;
    let transportCode: string | undefined;
    const connection = connections.take();
    try {
      const reply = await connection.post(p.parts.path, headers, bytes);
      outcome = allAcknowledgedFast(reply.status, reply.contentType, reply.body)
        ? p.allWritten
        : judgePutRecords(reply.status, decodeReply(reply.contentType, reply.body), p.body);
    } catch (err) {
      outcome = transportFailure();
      transportCode = errorCode(err);
    }
    connections.give(connection);
    inFlight--;
    record(outcome, intended, epochNow(), transportCode);
    if (writer && outcome.acknowledged > 0) {
      const failed = new Set(outcome.failedIndexes ?? []);
      for (let i = 0; i < p.body.records; i++) if (!failed.has(i)) markAcked(writer, firstCounter + i);
    }
    if (inFlight === 0) idle?.();
  };

  const issuing = plan.model === 'open' ? runOpen() : runClosed();

  async function runClosed(): Promise<void> {
    await sleepUntil(startAt);
    const lane = async (writer: Writer | undefined): Promise<void> => {
      for (;;) {
        const now = epochNow();
        if (stopped || now >= endAt || sent >= plan.maxRequests) return;
        await send(now, writer);
      }
    };
    await Promise.all(Array.from({ length: plan.lanes }, (_, i) => lane(writers[i])));
  }

  function runOpen(): Promise<void> {
    const interval = (1000 * plan.generators) / plan.rate!;
    const offset = (1000 * plan.index) / plan.rate!;
    const due = (i: number): number => startAt + offset + i * interval;
    let i = 0;
    return new Promise<void>((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const finish = (): void => {
        clearTimeout(timer);
        resolve();
      };
      wake = finish;
      const tick = (): void => {
        const now = epochNow();
        for (;;) {
          const at = due(i);
          if (stopped || at >= endAt || sent >= plan.maxRequests) return finish();
          if (at > now) break;
          i++;
          if (inFlight >= plan.maxInFlight) totals.dropped++;
          else void send(at, writers[0]);
        }
        timer = setTimeout(tick, Math.max(0, due(i) - epochNow()));
      };
      timer = setTimeout(tick, Math.max(0, startAt - epochNow()));
    });
  }

  const done = (async (): Promise<GeneratorReport> => {
    await issuing;
    if (inFlight > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, plan.drainTimeoutMs);
        idle = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    // Whatever is still in flight after the drain is cut; those requests are recorded as transport failures.
    const cut = inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => (idle = resolve));
    await connections.destroy();
    await cut;
    clearInterval(flushTimer);
    flush(Math.floor((lastCompletion - startAt) / 1000) + 1);
    const report: GeneratorReport = {
      index: plan.index,
      requests: totals.requests,
      records: totals.records,
      bytes: totals.bytes,
      recordErrors: totals.recordErrors,
      httpErrors: totals.httpErrors,
      transportErrors: totals.transportErrors,
      dropped: totals.dropped,
      histogram: encodeIntoCompressedBase64(total),
      lastCompletionEpochMs: lastCompletion,
      ...(plan.verify
        ? {
            acks: writers.map((w): WriterAcks => ({
              writer: w.id,
              sequential: w.sequential,
              bitmap: w.bitmap,
              issued: w.counter,
            })),
          }
        : {}),
    };
    total.destroy();
    return report;
  })();

  return {
    done,
    stop() {
      stopped = true;
      wake?.();
    },
  };
}

function sleepUntil(epochMs: number): Promise<void> {
  const ms = epochMs - epochNow();
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}
