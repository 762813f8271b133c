/**
 * What the three scripts share: options from the environment, setup (create the stream if asked, wait until
 * ACTIVE), one PutRecords per iteration with its outcome counted as `kcs load` counts it, teardown, and
 * handleSummary writing load.json (and load.html). A script only picks the scenario.
 */
import { sleep } from 'k6';
import exec from 'k6/execution';
import { Counter, Trend } from 'k6/metrics';
import type { Options } from 'k6/options';
import { LOAD_DEFAULTS } from '../../../src/load/defaults.ts';
import { renderLoadHtml } from '../../../src/load/html-report.ts';
import { judgePutRecords, transportFailure, errorTypeOf } from '../../../src/load/outcome.ts';
import {
  deriveSeed,
  generateBodies,
  partitionKeysFor,
  type PutRecordsBody,
} from '../../../src/load/payload.ts';
import type { HttpParts } from '../../../src/load/request.ts';
import type { LoadResult } from '../../../src/load/result.ts';
import { configFromEnv, type K6Config } from './config.ts';
import { k6Md5Hex, k6SigningCrypto, toArrayBuffer } from './k6-crypto.ts';
import { describeReply, KinesisClient } from './kinesis.ts';
import { SCENARIOS, type PlannedScenario, type ScenarioName } from './scenarios.ts';
import {
  isSetupData,
  METRICS,
  PUT_RECORDS_TAG,
  SUMMARY_TREND_STATS,
  thresholdsFor,
  toLoadResult,
  type K6SummaryData,
  type SetupData,
} from './summary.ts';

// Custom metrics must be created in the init context.
const requests = new Counter(METRICS.requests);
const records = new Counter(METRICS.records);
const bytes = new Counter(METRICS.bytes);
const recordErrors = new Counter(METRICS.recordErrors);
const throttled = new Counter(METRICS.throttled);
const httpErrors = new Counter(METRICS.httpErrors);
const latency = new Trend(METRICS.latency, true);

interface PreparedBody {
  readonly body: PutRecordsBody;
  readonly parts: HttpParts;
  readonly buffer: ArrayBuffer;
  /** Computed once per body, as `kcs load` does: signing a request then costs one SHA-256 and one HMAC. */
  readonly payloadHash: string;
}

export interface Load {
  readonly options: Options;
  setup(): SetupData;
  iteration(data: SetupData): void;
  teardown(data: SetupData): void;
  handleSummary(data: K6SummaryData): Record<string, string>;
}

function kcsVersionOf(readPackageJson: () => string): string {
  try {
    const v: unknown = JSON.parse(readPackageJson());
    const version =
      typeof v === 'object' && v !== null ? (v as Record<string, unknown>)['version'] : undefined;
    return typeof version === 'string' ? version : 'unknown';
  } catch {
    // Not there when the script was bundled elsewhere (see load/k6/README.md).
    return 'unknown';
  }
}

function waitForActive(client: KinesisClient, config: K6Config): number {
  const deadline = Date.now() + LOAD_DEFAULTS.streamActiveTimeoutMs;
  for (;;) {
    const reply = client.call('DescribeStreamSummary', { StreamName: config.stream });
    const summary =
      reply.status === 200 && typeof reply.body === 'object' && reply.body !== null
        ? (reply.body as Record<string, unknown>)['StreamDescriptionSummary']
        : undefined;
    const s =
      typeof summary === 'object' && summary !== null ? (summary as Record<string, unknown>) : undefined;
    if (s && s['StreamStatus'] === 'ACTIVE') {
      const shards = s['OpenShardCount'];
      return typeof shards === 'number' ? shards : config.shards;
    }
    const missing = errorTypeOf(reply.body) === config.profile.errors.resourceNotFound.type;
    if (reply.status !== 200 && !(missing && config.createStream))
      throw new Error(
        `DescribeStreamSummary ${config.stream} at ${config.endpointUrl}: ${describeReply(reply)}` +
          (missing ? ' (set CREATE_STREAM=1 to create it)' : ''),
      );
    if (Date.now() > deadline)
      throw new Error(
        `stream ${config.stream} not ACTIVE after ${LOAD_DEFAULTS.streamActiveTimeoutMs / 1000}s`,
      );
    sleep(1);
  }
}

/** One line per number that matters, for the terminal (k6 prints this instead of its own summary). */
function terminalSummary(result: LoadResult, files: readonly string[], failed: readonly string[]): string {
  const l = result.latencyMs;
  const t = result.totals;
  const sum = (c: Readonly<Record<string, number>>): number => Object.values(c).reduce((a, b) => a + b, 0);
  const lines = [
    '',
    `kcs k6 load against ${result.target.endpoint}, stream ${result.scenario.stream}`,
    `  ${result.rates.requestsPerSecond} requests/s, ${result.rates.recordsPerSecond} records/s, ` +
      `${result.rates.megabytesPerSecond} MB/s over ${result.measuredSeconds}s`,
    `  latency p50 ${l.p50} ms, p90 ${l.p90} ms, p99 ${l.p99} ms, p99.9 ${l.p999} ms, max ${l.max} ms`,
    `  record errors ${JSON.stringify(t.recordErrors)}, HTTP errors ${sum(t.httpErrors)} ` +
      `${JSON.stringify(t.httpErrors)}, dropped ${t.dropped}`,
    ...files.map((f) => `  wrote ${f}`),
    ...(failed.length > 0 ? [`  THRESHOLDS FAILED: ${failed.join(', ')}`] : ['  thresholds passed']),
    '',
  ];
  return lines.join('\n');
}

export function createLoad(name: ScenarioName, readPackageJson: () => string): Load {
  const config = configFromEnv(__ENV);
  const planned: PlannedScenario = SCENARIOS[name](config);
  const client = new KinesisClient(config);
  const kcsVersion = kcsVersionOf(readPackageJson);
  const throttledCode = config.profile.recordErrors.throughputExceeded;

  // Each VU sends its own bodies, seeded by its number across the whole test (distinct across the runners of
  // a distributed run too), generated on its first iteration: not in the init context, which k6 also runs
  // for setup, teardown and handleSummary.
  let pool: PreparedBody[] | undefined;
  let next = 0;
  const bodies = (): PreparedBody[] => {
    if (pool) return pool;
    const keys = partitionKeysFor(config.partitionKeys, k6Md5Hex);
    pool = generateBodies({
      wire: config.wire,
      stream: config.stream,
      recordsPerRequest: config.recordsPerRequest,
      recordSize: config.recordSize,
      keys,
      seed: deriveSeed(config.seed, exec.vu.idInTest),
      count: config.bodies,
    }).map((body) => ({
      body,
      parts: client.putRecordsParts(body.bytes),
      buffer: toArrayBuffer(body.bytes),
      payloadHash: k6SigningCrypto.sha256Hex(body.bytes),
    }));
    return pool;
  };

  return {
    options: {
      scenarios: { [planned.name]: planned.executor },
      thresholds: thresholdsFor(config),
      summaryTrendStats: [...SUMMARY_TREND_STATS],
      setupTimeout: `${LOAD_DEFAULTS.streamActiveTimeoutMs + LOAD_DEFAULTS.controlTimeoutMs}ms`,
      teardownTimeout: `${LOAD_DEFAULTS.controlTimeoutMs}ms`,
    },

    setup(): SetupData {
      let created = false;
      if (config.createStream) {
        const reply = client.call('CreateStream', { StreamName: config.stream, ShardCount: config.shards });
        created = reply.status === 200;
        // An existing stream is used as it is; its shard count is what DescribeStreamSummary reports.
        if (!created && errorTypeOf(reply.body) !== config.profile.errors.resourceInUse.type)
          throw new Error(`CreateStream ${config.stream} at ${config.endpointUrl}: ${describeReply(reply)}`);
      }
      const shards = waitForActive(client, config);
      return { created, shards, startedAt: new Date().toISOString() };
    },

    iteration(): void {
      const pool = bodies();
      const p = pool[next++ % pool.length]!;
      const reply = client.send(p.parts, p.buffer, p.payloadHash, PUT_RECORDS_TAG);
      const outcome =
        reply.status === 0 ? transportFailure() : judgePutRecords(reply.status, reply.body, p.body);
      requests.add(1);
      if (reply.status !== 0) latency.add(reply.latencyMs);
      if (outcome.acknowledged > 0) {
        records.add(outcome.acknowledged);
        bytes.add(outcome.acknowledgedBytes);
      }
      for (const [code, n] of Object.entries(outcome.recordErrors ?? {})) {
        recordErrors.add(n, { code });
        if (code === throttledCode) throttled.add(n);
      }
      if (outcome.httpError !== undefined) httpErrors.add(1, { code: outcome.httpError });
    },

    teardown(data: SetupData): void {
      const remove = config.deleteStream ?? (isSetupData(data) && data.created);
      if (!remove) return;
      const reply = client.call('DeleteStream', { StreamName: config.stream });
      if (reply.status !== 200) console.warn(`DeleteStream ${config.stream}: ${describeReply(reply)}`);
    },

    handleSummary(data: K6SummaryData): Record<string, string> {
      const result = toLoadResult(data, {
        config,
        scenario: planned.name,
        plannedMs: planned.plannedMs,
        peakRate: planned.peakRate,
        now: new Date(),
        kcsVersion,
      });
      const out: Record<string, string> = {};
      if (config.summaryPath !== '') out[config.summaryPath] = `${JSON.stringify(result, null, 2)}\n`;
      if (config.htmlPath !== '') out[config.htmlPath] = renderLoadHtml(result);
      const failed = Object.entries(data.metrics).flatMap(([metric, m]) =>
        Object.entries(m.thresholds ?? {})
          .filter(([, t]) => !t.ok)
          .map(([expr]) => `${metric} ${expr}`),
      );
      // SUMMARY=stdout puts load.json itself on stdout (one per runner pod under the k6 operator).
      if (config.summaryPath !== 'stdout') out['stdout'] = terminalSummary(result, Object.keys(out), failed);
      return out;
    },
  };
}
