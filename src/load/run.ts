/**
 * The run: split the load over generators (worker threads, so the generator uses the cores it is given),
 * start them together on a shared clock, forward their per-second samples, and collect their reports.
 * Aggregating is aggregate.ts's job, printing print.ts's.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { mergeSecond } from './aggregate.ts';
import { base64Length } from './bytes.ts';
import { LOAD_DEFAULTS } from './defaults.ts';
import {
  epochNow,
  prepareGenerator,
  type GeneratorPlan,
  type GeneratorSink,
  type PreparedGenerator,
} from './generator.ts';
import { deriveSeed, largestRecordSize, type RecordSize, type WireFormat } from './payload.ts';
import { SOURCE_EXTENSION } from '../package-info.ts';
import type { Endpoint } from '../protocol/endpoint.ts';
import type { SigningCredentials } from './request.ts';
import type { SecondSample } from './result.ts';
import { addCounts, type Counts, type GeneratorReport, type WorkerSecond } from './samples.ts';
import type { MainMessage, WorkerMessage } from './worker.ts';

export interface RunPlan {
  readonly endpoint: Endpoint;
  readonly stream: string;
  readonly model: 'open' | 'closed';
  readonly rate?: number;
  readonly connections?: number;
  readonly maxInFlight: number;
  readonly durationMs: number;
  readonly maxRequests: number;
  readonly recordsPerRequest: number;
  readonly recordSize: RecordSize;
  readonly keys: readonly string[];
  readonly wire: WireFormat;
  readonly seed: number;
  /** Generators wanted; the closed model never uses more than it has connections. */
  readonly generators: number;
  /** --verify: the run id written into every record's tag. */
  readonly verifyRun?: number;
  readonly credentials?: SigningCredentials;
  readonly region: string;
  readonly requestTimeoutMs: number;
  readonly drainTimeoutMs?: number;
}

export interface RunHooks {
  /** Each second of the measured phase, once every generator has reported it (with its record errors by code). */
  readonly onSecond?: (sample: SecondSample, recordErrors: Readonly<Counts>) => void;
  /** Aborting stops starting requests; the run still returns what it measured. */
  readonly signal?: AbortSignal;
  /** Run the generators in this thread instead of worker threads (tests, debugging). */
  readonly inProcess?: boolean;
}

export interface RunOutput {
  readonly reports: GeneratorReport[];
  readonly seconds: WorkerSecond[];
  readonly startAtEpochMs: number;
  readonly generators: number;
  readonly interrupted: boolean;
}

/** `n` split into `parts` shares that differ by at most one; share `i`. */
export function share(n: number, parts: number, i: number): number {
  return Math.floor(n / parts) + (i < n % parts ? 1 : 0);
}

/** Distinct bodies per generator: as many as the default, as few as fit in the pool's memory. */
export function bodiesFor(recordsPerRequest: number, recordSize: RecordSize): number {
  const estimate = recordsPerRequest * (base64Length(largestRecordSize(recordSize)) + 64);
  return Math.max(
    1,
    Math.min(LOAD_DEFAULTS.bodiesPerGenerator, Math.floor(LOAD_DEFAULTS.bodyPoolBytes / estimate)),
  );
}

/** Pure: the run -> one plan per generator (connections, request cap and writers split, seeds derived). */
export function splitPlan(plan: RunPlan): GeneratorPlan[] {
  const open = plan.model === 'open';
  const connections = plan.connections ?? 1;
  const count = Math.max(1, open ? plan.generators : Math.min(plan.generators, connections));
  const bodies = bodiesFor(plan.recordsPerRequest, plan.recordSize);
  const plans: GeneratorPlan[] = [];
  let firstWriter = 0;
  for (let i = 0; i < count; i++) {
    const lanes = open ? 0 : share(connections, count, i);
    plans.push({
      index: i,
      generators: count,
      endpoint: plan.endpoint,
      stream: plan.stream,
      wire: plan.wire,
      model: plan.model,
      ...(plan.rate !== undefined ? { rate: plan.rate } : {}),
      lanes,
      maxInFlight: Math.max(1, share(plan.maxInFlight, count, i)),
      durationMs: plan.durationMs,
      maxRequests: share(plan.maxRequests, count, i),
      recordsPerRequest: plan.recordsPerRequest,
      recordSize: plan.recordSize,
      keys: plan.keys,
      seed: deriveSeed(plan.seed, i),
      bodies,
      ...(plan.verifyRun !== undefined ? { verify: { run: plan.verifyRun, firstWriter } } : {}),
      ...(plan.credentials ? { credentials: plan.credentials } : {}),
      region: plan.region,
      requestTimeoutMs: plan.requestTimeoutMs,
      drainTimeoutMs: plan.drainTimeoutMs ?? LOAD_DEFAULTS.drainTimeoutMs,
    });
    firstWriter += open ? 1 : lanes;
  }
  return plans;
}

/** One generator, wherever it runs. */
interface Handle {
  ready: Promise<void>;
  start(startAtEpochMs: number): void;
  stop(): void;
  done: Promise<GeneratorReport>;
  kill(): void;
}

function inProcessHandle(plan: GeneratorPlan, sink: GeneratorSink): Handle {
  let prepared: PreparedGenerator | undefined;
  let stopEarly = false;
  let stopRunning: (() => void) | undefined;
  let resolveDone!: (r: GeneratorReport) => void;
  let rejectDone!: (e: unknown) => void;
  const done = new Promise<GeneratorReport>((resolve, reject) => {
    resolveDone = resolve;
    rejectDone = reject;
  });
  return {
    ready: (async () => {
      prepared = prepareGenerator(plan, sink);
    })(),
    start(at) {
      const running = prepared!.start(at);
      stopRunning = () => running.stop();
      if (stopEarly) running.stop();
      running.done.then(resolveDone, rejectDone);
    },
    stop() {
      stopEarly = true;
      stopRunning?.();
    },
    done,
    kill() {
      prepared?.close().catch(() => undefined);
    },
  };
}

const requireHere = createRequire(import.meta.url);

/** The ESM entry of tsx's API (require.resolve would give its CommonJS twin, which cannot register ESM hooks). */
function tsxEsmApi(): string {
  const manifest = requireHere.resolve('tsx/package.json');
  const { exports } = JSON.parse(readFileSync(manifest, 'utf8')) as {
    exports: Record<string, { import?: { default?: string } }>;
  };
  const entry = exports['./esm/api']?.import?.default ?? './dist/esm/api/index.mjs';
  return pathToFileURL(join(dirname(manifest), entry)).href;
}

/**
 * A generator thread. From the built package the worker is plain JavaScript; from the sources (tests,
 * benchmarks) workers do not inherit the main thread's tsx hooks, so each registers them first.
 */
function startWorker(plan: GeneratorPlan): Worker {
  const entry = new URL(`./worker${SOURCE_EXTENSION}`, import.meta.url);
  if (SOURCE_EXTENSION === '.js') return new Worker(entry, { workerData: plan });
  const boot = `import(${JSON.stringify(tsxEsmApi())}).then((m) => { m.register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(boot, { eval: true, workerData: plan });
}

function workerHandle(plan: GeneratorPlan, sink: GeneratorSink): Handle {
  const worker = startWorker(plan);
  const send = (m: MainMessage): void => worker.postMessage(m);
  let resolveReady!: () => void;
  let resolveDone!: (r: GeneratorReport) => void;
  let fail!: (e: unknown) => void;
  const ready = new Promise<void>((resolve, reject) => {
    resolveReady = resolve;
    fail = reject;
  });
  const done = new Promise<GeneratorReport>((resolve, reject) => {
    resolveDone = resolve;
    const previous = fail;
    fail = (e) => {
      previous(e);
      reject(e);
    };
  });
  // Either promise may be left unobserved when the other fails first.
  ready.catch(() => undefined);
  done.catch(() => undefined);
  let finished = false;
  worker.on('message', (m: WorkerMessage) => {
    if (m.type === 'ready') resolveReady();
    else if (m.type === 'second') sink.second(m.sample);
    else if (m.type === 'done') {
      finished = true;
      resolveDone(m.report);
    } else fail(new Error(`generator ${plan.index}: ${m.message}`));
  });
  worker.on('error', (err) => fail(err));
  worker.on('exit', (code) => {
    if (!finished) fail(new Error(`generator ${plan.index} exited (code ${code}) before reporting`));
  });
  return {
    ready,
    start: (startAtEpochMs) => send({ type: 'start', startAtEpochMs }),
    stop: () => send({ type: 'stop' }),
    done,
    kill: () => void worker.terminate().catch(() => undefined),
  };
}

/** Gap between all generators being ready and the shared start, so every one of them starts on time. */
const START_MARGIN_MS = 50;

export async function runGenerators(plan: RunPlan, hooks: RunHooks = {}): Promise<RunOutput> {
  const plans = splitPlan(plan);
  const seconds: WorkerSecond[] = [];
  const pending = new Map<number, WorkerSecond[]>();
  const sink: GeneratorSink = {
    second(sample) {
      seconds.push(sample);
      const list = pending.get(sample.t) ?? [];
      list.push(sample);
      if (list.length === plans.length) {
        pending.delete(sample.t);
        if (hooks.onSecond) {
          const recordErrors: Counts = {};
          for (const s of list) addCounts(recordErrors, s.recordErrors);
          hooks.onSecond(mergeSecond(sample.t, list), recordErrors);
        }
      } else pending.set(sample.t, list);
    },
  };
  const handles = plans.map((p) => (hooks.inProcess ? inProcessHandle(p, sink) : workerHandle(p, sink)));
  let interrupted = false;
  const onAbort = (): void => {
    interrupted = true;
    for (const h of handles) h.stop();
  };
  // Every run stops by itself: a generator that has not reported long after its deadline is cut off.
  const deadlineMs =
    plan.durationMs + (plan.drainTimeoutMs ?? LOAD_DEFAULTS.drainTimeoutMs) + plan.requestTimeoutMs + 30_000;
  let deadline: NodeJS.Timeout | undefined;
  try {
    await Promise.all(handles.map((h) => h.ready));
    const startAtEpochMs = epochNow() + START_MARGIN_MS;
    if (hooks.signal?.aborted) onAbort();
    hooks.signal?.addEventListener('abort', onAbort, { once: true });
    for (const h of handles) h.start(startAtEpochMs);
    const reports = await Promise.race([
      Promise.all(handles.map((h) => h.done)),
      new Promise<never>((_, reject) => {
        deadline = setTimeout(
          () => reject(new Error(`the generators did not finish within ${deadlineMs} ms`)),
          deadlineMs,
        );
      }),
    ]);
    return { reports, seconds, startAtEpochMs, generators: plans.length, interrupted };
  } finally {
    clearTimeout(deadline);
    hooks.signal?.removeEventListener('abort', onAbort);
    for (const h of handles) h.kill();
  }
}
