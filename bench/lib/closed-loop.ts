/**
 * A closed-loop load generator on an undici Pool: `connections` keep-alive connections, one request in flight
 * on each (pipelining 1), the next sent as soon as the previous answer ends. A warm-up is discarded; only
 * answers that end inside the measured window count. Bodies are pre-built and cycled, never built per send.
 *
 * Latency is measured from the actual send, which in a closed loop is also the intended send (there is no
 * schedule to fall behind), so it carries no coordinated-omission correction; it shows service time under
 * full load, not what an open-model client at a fixed rate would see.
 */
import os from 'node:os';
import * as hdr from 'hdr-histogram-js';
import { Pool, type Dispatcher } from 'undici';

export interface LoadSpec {
  readonly url: string;
  readonly bodies: readonly Buffer[];
  readonly headers: Readonly<Record<string, string>>;
  readonly recordsPerRequest: number;
  readonly dataBytesPerRequest: number;
  readonly connections: number;
  readonly warmupMs: number;
  readonly durationMs: number;
  readonly drainMs: number;
  /** 'kinesis': a success is HTTP 200 with FailedRecordCount 0; 'status': any HTTP 200. */
  readonly judge: 'kinesis' | 'status';
  /** CPU seconds the target process has used so far (to report how busy it was). */
  readonly targetCpuSeconds: () => number | undefined;
}

export interface ErrorCount {
  count: number;
  /** The first instance, for the report. */
  example: string;
}

export interface LatencySummary {
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
  readonly mean: number;
}

export interface LoadResult {
  readonly windowMs: number;
  /** The window on the monotonic clock in microseconds (process.hrtime; the clock of V8's CPU profiles). */
  readonly windowMonotonicUs: readonly [number, number];
  /** Successful answers that ended in the window. */
  readonly ok: number;
  /** Answers that ended in the window but did not count (HTTP error, failed records, transport error). */
  readonly failed: number;
  /** By kind: `HTTP 400 InvalidArgumentException`, `FailedRecordCount > 0`, `transport UND_ERR_SOCKET`... */
  readonly errors: Record<string, ErrorCount>;
  /** Failed answers outside the window (warm-up and drain), not in `errors`. */
  readonly errorsOutsideWindow: number;
  /** Successful answers whose whole body was decoded and checked record by record. */
  readonly sampled: number;
  readonly requestsPerSecond: number;
  readonly recordsPerSecond: number;
  /** Decoded Data bytes per second, in MB (10^6 bytes). */
  readonly payloadMBPerSecond: number;
  /** Milliseconds, over the successful answers of the window. */
  readonly latencyMs: LatencySummary;
  /** Percent of one core over the window. */
  readonly generatorCpuPercent: number;
  readonly targetCpuPercent: number | undefined;
  /**
   * Records per CPU-second of the target process: what a record costs the server, which other processes on
   * the machine disturb far less than they disturb throughput.
   */
  readonly recordsPerTargetCpuSecond: number | undefined;
  /** Percent of the whole machine (all cores) busy over the window. */
  readonly machineBusyPercent: number;
  /**
   * Percent of one core used by everything else on the machine (other processes, the kernel's share not
   * billed to either): non-zero means a noisy neighbour took CPU from this window.
   */
  readonly otherCpuPercent: number | undefined;
  /** Requests still in flight when the drain time ran out and the pool was destroyed. */
  readonly cutInFlight: number;
}

/** A successful answer is decoded in full once in this many (and always the first of the window). */
const SAMPLE_EVERY = 200;
/** After a transport error the loop waits this long before the next send, so a dead target is not spun on. */
const ERROR_BACKOFF_MS = 10;
const FAILED_COUNT = Buffer.from('"FailedRecordCount"');

type Phase = 'warmup' | 'measure' | 'drain';

function cpuBusyMs(): { busy: number; total: number } {
  let busy = 0;
  let total = 0;
  for (const cpu of os.cpus()) {
    const t = cpu.times;
    busy += t.user + t.nice + t.sys + t.irq;
    total += t.user + t.nice + t.sys + t.irq + t.idle;
  }
  return { busy, total };
}

/** FailedRecordCount from the start of a JSON answer, or undefined when it is not a number there. */
export function failedRecordCount(chunks: readonly Buffer[]): number | undefined {
  let buf = chunks[0];
  if (buf === undefined) return undefined;
  let at = buf.indexOf(FAILED_COUNT);
  if (at < 0 || at + 64 > buf.length) {
    // Not in the first chunk (or too close to its end): look at the whole body.
    buf = Buffer.concat(chunks);
    at = buf.indexOf(FAILED_COUNT);
    if (at < 0) return undefined;
  }
  const m = /^\s*:\s*(\d+)/.exec(
    buf.toString('latin1', at + FAILED_COUNT.length, at + FAILED_COUNT.length + 32),
  );
  return m ? Number(m[1]) : undefined;
}

/** The full check of a sampled answer: every record written, in a shard, with a sequence number. */
export function checkPutRecordsAnswer(body: Buffer, records: number): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return 'answer is not JSON';
  }
  const answer = parsed as { FailedRecordCount?: unknown; Records?: unknown };
  if (answer.FailedRecordCount !== 0) return `FailedRecordCount ${String(answer.FailedRecordCount)}`;
  if (!Array.isArray(answer.Records) || answer.Records.length !== records)
    return `Records has ${Array.isArray(answer.Records) ? answer.Records.length : 'no'} entries, sent ${records}`;
  for (const r of answer.Records as { SequenceNumber?: unknown; ShardId?: unknown }[]) {
    if (typeof r.SequenceNumber !== 'string' || typeof r.ShardId !== 'string')
      return `a record without SequenceNumber/ShardId: ${JSON.stringify(r).slice(0, 120)}`;
  }
  return undefined;
}

function describeHttpError(status: number, chunks: readonly Buffer[]): string {
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    const parsed = JSON.parse(text) as { __type?: unknown };
    if (typeof parsed.__type === 'string') return `HTTP ${status} ${parsed.__type}`;
  } catch {
    // Not JSON (an XML or empty body): the status alone names it.
  }
  return `HTTP ${status}`;
}

class Exchange implements Dispatcher.DispatchHandler {
  status = 0;
  readonly chunks: Buffer[] = [];
  constructor(
    private readonly loop: Loop,
    readonly startedAt: number,
  ) {}
  // undici 7 takes a handler for its new API only when it has onRequestStart (UnwrapHandler.unwrap).
  onRequestStart(): void {
    return;
  }
  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number): void {
    this.status = statusCode;
  }
  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    // Only references are kept; a body is copied only when it is judged beyond its first chunk.
    if (this.loop.keepsBodies || this.status !== 200) this.chunks.push(chunk);
  }
  onResponseEnd(): void {
    this.loop.complete(this, undefined);
  }
  onResponseError(_controller: Dispatcher.DispatchController, err: Error): void {
    this.loop.complete(this, err);
  }
}

class Loop {
  readonly keepsBodies: boolean;
  readonly histogram = hdr.build({ lowestDiscernibleValue: 1, numberOfSignificantValueDigits: 3 });
  readonly errors: Record<string, ErrorCount> = {};
  phase: Phase = 'warmup';
  inFlight = 0;
  ok = 0;
  failed = 0;
  sampled = 0;
  errorsOutsideWindow = 0;
  private next = 0;
  private readonly pool: Pool;
  private readonly dispatchOptions: Dispatcher.DispatchOptions;
  private onIdle: (() => void) | undefined;

  constructor(private readonly spec: LoadSpec) {
    this.keepsBodies = spec.judge === 'kinesis';
    // A request may take long under full load (kinesalite with 5 MiB bodies), but never longer than this.
    const timeout = Math.max(spec.drainMs, 30_000);
    this.pool = new Pool(new URL(spec.url).origin, {
      connections: spec.connections,
      pipelining: 1,
      keepAliveTimeout: 60_000,
      headersTimeout: timeout,
      bodyTimeout: timeout,
    });
    this.dispatchOptions = { path: '/', method: 'POST', headers: spec.headers };
  }

  send(): void {
    const body = this.spec.bodies[this.next++ % this.spec.bodies.length]!;
    this.inFlight++;
    this.pool.dispatch({ ...this.dispatchOptions, body }, new Exchange(this, performance.now()));
  }

  complete(ex: Exchange, err: Error | undefined): void {
    this.inFlight--;
    const endedAt = performance.now();
    const failure = err ? `transport ${(err as NodeJS.ErrnoException).code ?? err.name}` : this.judge(ex);
    if (this.phase === 'measure') {
      if (failure === undefined) {
        this.ok++;
        this.histogram.recordValue(Math.max(1, Math.round((endedAt - ex.startedAt) * 1000)));
      } else {
        this.failed++;
        const entry = (this.errors[failure] ??= { count: 0, example: '' });
        if (entry.count++ === 0)
          entry.example = err ? err.message : Buffer.concat(ex.chunks).toString('utf8', 0, 300);
      }
    } else if (failure !== undefined && this.phase === 'warmup') {
      this.errorsOutsideWindow++;
    }
    if (this.phase === 'drain') {
      if (this.inFlight === 0) this.onIdle?.();
      return;
    }
    if (err) setTimeout(() => this.phase !== 'drain' && this.send(), ERROR_BACKOFF_MS);
    else this.send();
  }

  private judge(ex: Exchange): string | undefined {
    if (ex.status !== 200) return describeHttpError(ex.status, ex.chunks);
    if (this.spec.judge === 'status') return undefined;
    const failed = failedRecordCount(ex.chunks);
    if (failed === undefined) return 'answer without FailedRecordCount';
    if (failed > 0) return 'FailedRecordCount > 0';
    if (this.phase === 'measure' && this.ok % SAMPLE_EVERY === 0) {
      const problem = checkPutRecordsAnswer(Buffer.concat(ex.chunks), this.spec.recordsPerRequest);
      if (problem) return `sample check: ${problem}`;
      this.sampled++;
    }
    return undefined;
  }

  /** Resolves when nothing is in flight, or after `ms`; says how many requests were still in flight. */
  async drain(ms: number): Promise<number> {
    this.phase = 'drain';
    if (this.inFlight > 0) {
      let timer: NodeJS.Timeout | undefined;
      await new Promise<void>((resolve) => {
        this.onIdle = resolve;
        timer = setTimeout(resolve, ms);
      });
      clearTimeout(timer);
    }
    const cut = this.inFlight;
    if (cut > 0) await this.pool.destroy();
    else await this.pool.close();
    return cut;
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function runClosedLoop(spec: LoadSpec): Promise<LoadResult> {
  const loop = new Loop(spec);
  for (let i = 0; i < spec.connections; i++) loop.send();
  await sleep(spec.warmupMs);

  loop.phase = 'measure';
  const t0 = performance.now();
  const mono0 = Number(process.hrtime.bigint() / 1000n);
  const gen0 = process.cpuUsage();
  const target0 = spec.targetCpuSeconds();
  const machine0 = cpuBusyMs();
  await sleep(spec.durationMs);
  loop.phase = 'drain';
  const windowMs = performance.now() - t0;
  const mono1 = Number(process.hrtime.bigint() / 1000n);
  const gen = process.cpuUsage(gen0);
  const target1 = spec.targetCpuSeconds();
  const machine1 = cpuBusyMs();

  const cutInFlight = await loop.drain(spec.drainMs);
  const seconds = windowMs / 1000;
  const h = loop.histogram;
  const ms = (us: number): number => us / 1000;
  const generatorCpuPercent = ((gen.user + gen.system) / 1000 / windowMs) * 100;
  const targetCpuPercent =
    target0 === undefined || target1 === undefined ? undefined : ((target1 - target0) / seconds) * 100;
  const machineBusyPercent =
    machine1.total > machine0.total
      ? ((machine1.busy - machine0.busy) / (machine1.total - machine0.total)) * 100
      : 0;
  return {
    windowMs,
    windowMonotonicUs: [mono0, mono1],
    ok: loop.ok,
    failed: loop.failed,
    errors: loop.errors,
    errorsOutsideWindow: loop.errorsOutsideWindow,
    sampled: loop.sampled,
    requestsPerSecond: loop.ok / seconds,
    recordsPerSecond: (loop.ok * spec.recordsPerRequest) / seconds,
    payloadMBPerSecond: (loop.ok * spec.dataBytesPerRequest) / 1e6 / seconds,
    latencyMs: {
      p50: ms(h.getValueAtPercentile(50)),
      p90: ms(h.getValueAtPercentile(90)),
      p99: ms(h.getValueAtPercentile(99)),
      max: ms(h.maxValue),
      mean: ms(h.mean),
    },
    generatorCpuPercent,
    targetCpuPercent,
    recordsPerTargetCpuSecond:
      target0 === undefined || target1 === undefined || target1 <= target0
        ? undefined
        : (loop.ok * spec.recordsPerRequest) / (target1 - target0),
    machineBusyPercent,
    otherCpuPercent:
      targetCpuPercent === undefined
        ? undefined
        : Math.max(
            0,
            (machineBusyPercent / 100) * os.cpus().length * 100 - generatorCpuPercent - targetCpuPercent,
          ),
    cutInFlight,
  };
}
