/**
 * Differential testing: the same generated PutRecords request goes to two targets, and their answers are
 * compared after normalising away what legitimately differs (sequence numbers, request ids, messages). When
 * they differ, fast-check shrinks the request to the smallest one that still shows the difference, and the
 * shrunk request is sent once more to both so the report can show the two answers side by side.
 *
 * This needs no oracle: it says where two targets disagree, not which one is right. The matrix says that.
 */
import fc from 'fast-check';
import { curlLine } from '../client/curl.ts';
import type { ApiRequest, Exchange, Target } from '../client/exchange.ts';
import { KinesisApi } from '../client/kinesis-api.ts';
import { send } from '../client/send.ts';
import { putRecordsRequest, recordArb, type RecordSpec } from '../generators/batch.ts';
import { boundaryCases, type CaseEnv } from '../generators/cases.ts';
import { invalidRequestArb } from '../generators/invalid.ts';
import type { Profile } from '../profiles/profile.ts';
import { splitHashRange } from '../protocol/hash-key.ts';
import type { WireFormat } from '../protocol/wire.ts';
import { clipValue } from './clip.ts';
import { differenceOf, reduceRequest } from './reduce.ts';

/**
 * Shards of the differential's stream: 2 is the smallest count where AWS's split (floor(2^128/n)) and
 * kinesis-mock's and YDB's (floor((2^128-1)/n)) disagree (behaviour.md 4.1).
 */
export const DIFF_SHARDS = 2;

export const DIFF_DEFAULTS = {
  /** fast-check runs per request family and pair of targets. */
  runs: 100,
  /** Per family: fast-check stops generating (and shrinking) after this long and reports what it has. */
  timeLimitMs: 60_000,
  /** Records per generated valid batch: small, since a difference shrinks to one record anyway. */
  maxRecords: 16,
  requestTimeoutMs: 30_000,
} as const;

/** The request families, each its own property so that each can show its own smallest difference. */
export const FAMILIES = ['valid batches', 'invalid requests', 'limit cases'] as const;
export type Family = (typeof FAMILIES)[number];

export interface DiffCase {
  readonly name: string;
  request(env: CaseEnv): ApiRequest;
}

/**
 * Hash keys at the first shard boundary of a DIFF_SHARDS-shard stream under both splits. A random 128-bit
 * key almost never lands there, so valid batches use these now and then.
 */
export function boundaryHashKeys(shards: number = DIFF_SHARDS): string[] {
  const keys = new Set<bigint>();
  for (const divisor of ['pow128', 'pow128minus1'] as const) {
    for (const range of splitHashRange(shards, divisor).slice(1)) {
      keys.add(range.startingHashKey - 1n);
      keys.add(range.startingHashKey);
    }
  }
  return [...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).map(String);
}

/** The generators of src/generators, as request families (the same ones the suite draws from). */
export function familyArbitraries(
  profile: Profile,
  wire: WireFormat,
  maxRecords: number = DIFF_DEFAULTS.maxRecords,
): Record<Family, fc.Arbitrary<DiffCase>> {
  // Shrinks towards "no override": a boundary key stays only when the difference needs it.
  const boundaryKey = fc.oneof(
    { weight: 3, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.constantFrom(...boundaryHashKeys()) },
  );
  const record = fc
    .tuple(recordArb(profile), boundaryKey)
    .map(([r, key]): RecordSpec => (key === undefined ? r : { ...r, explicitHashKey: key }));
  const minRecords = Math.max(profile.putRecords.minRecords, 1);
  const limitCases = boundaryCases(profile, wire);
  const valid = fc
    .array(record, { minLength: minRecords, maxLength: Math.max(minRecords, maxRecords) })
    .map((records): DiffCase => ({
      name: `a valid batch of ${records.length} record${records.length === 1 ? '' : 's'}`,
      request: (env) => putRecordsRequest(env.stream, records, env.wire),
    }));
  return {
    'valid batches': valid,
    'invalid requests': invalidRequestArb(profile),
    // By index: an integer shrinks towards 0, so towards the earlier (smaller) cases that still differ.
    'limit cases': fc.integer({ min: 0, max: limitCases.length - 1 }).map((i) => limitCases[i]!),
  };
}

/** What two answers are compared on. */
export interface Outcome {
  readonly status: number;
  /** The AWS error name, without a `namespace#` prefix. */
  readonly type?: string;
  /** On a PutRecords result: per entry, the ShardId it landed in or `error <ErrorCode>`. */
  readonly entries?: readonly string[];
}

function isFields(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array)
  );
}

/**
 * Status, `__type`, and per entry the ShardId or the ErrorCode. Left out on purpose: sequence numbers and
 * request ids (unique per target by design), messages (free text), EncryptionType and explicit nulls (the
 * matrix judges those; here they would hide every more interesting difference).
 */
export function normalise(exchange: Pick<Exchange, 'status' | 'body'>): Outcome {
  const body = exchange.body;
  const rawType = isFields(body) && typeof body['__type'] === 'string' ? body['__type'] : undefined;
  const records = exchange.status === 200 && isFields(body) ? body['Records'] : undefined;
  const entries = Array.isArray(records)
    ? records.map((entry): string => {
        if (!isFields(entry)) return 'not an object';
        const code = entry['ErrorCode'];
        if (typeof code === 'string' && code !== '') return `error ${code}`;
        return typeof entry['ShardId'] === 'string' ? entry['ShardId'] : 'no ShardId';
      })
    : undefined;
  return {
    status: exchange.status,
    ...(rawType !== undefined ? { type: rawType.slice(rawType.lastIndexOf('#') + 1) } : {}),
    ...(entries ? { entries } : {}),
  };
}

export function sameOutcome(a: Outcome, b: Outcome): boolean {
  return differenceOf(a, b) === undefined;
}

/** One line: `400 ValidationException`, `200 [shardId-000000000000, error InvalidArgumentException]`. */
export function describeOutcome(o: Outcome): string {
  const parts = [String(o.status)];
  if (o.type !== undefined) parts.push(o.type);
  if (o.entries !== undefined) parts.push(summariseEntries(o.entries));
  return parts.join(' ');
}

/** Runs of entries shown in one line before the rest is counted. */
const MAX_SHOWN_RUNS = 4;

function summariseEntries(entries: readonly string[]): string {
  // 500 entries read better as runs: "shardId-000000000000 x12".
  const runs: [string, number][] = [];
  for (const e of entries) {
    const last = runs.at(-1);
    if (last && last[0] === e) last[1]++;
    else runs.push([e, 1]);
  }
  const shown = runs.slice(0, MAX_SHOWN_RUNS).map(([e, n]) => (n > 1 ? `${e} x${n}` : e));
  if (runs.length > MAX_SHOWN_RUNS) shown.push(`... (${entries.length} entries)`);
  return `[${shown.join(', ')}]`;
}

export interface DiffEndpoint {
  readonly name: string;
  readonly target: Target;
}

/** One side of a difference, as the report shows it. */
export interface Answer {
  readonly outcome: Outcome;
  readonly status: number;
  readonly contentType?: string;
  /** The decoded body (long strings and blobs summarised), or the raw text when it did not decode. */
  readonly body: unknown;
  readonly curl: string;
}

export type Verdict = 'same' | 'differs' | 'unstable' | 'error' | 'interrupted';

export interface DifferentialFinding {
  readonly family: Family;
  readonly baseline: string;
  readonly target: string;
  /**
   * same: no generated request told them apart; differs: the shrunk request still does when sent again;
   * unstable: it did not on the second sending; error: a request could not be sent; interrupted: cancelled.
   */
  readonly verdict: Verdict;
  /** Generated cases tried before the first difference (all of them when none), and shrinking steps. */
  readonly numRuns: number;
  readonly numShrinks: number;
  /** Steps the reduction after fast-check's shrinking kept (reduce.ts). */
  readonly reduced?: number;
  readonly seed: number;
  /** fast-check path: with the seed, replays exactly this counterexample. */
  readonly path?: string;
  readonly caseName?: string;
  /** The shrunk request as a value (long strings and blobs summarised). */
  readonly request?: unknown;
  readonly answers?: { readonly baseline: Answer; readonly target: Answer };
  readonly error?: string;
}

export interface DifferentialOptions {
  readonly profile: Profile;
  readonly wire: WireFormat;
  readonly seed: number;
  readonly runs?: number;
  readonly timeLimitMs?: number;
  /** Every stream the differential creates starts with this (unique per run and pair). */
  readonly streamPrefix: string;
  readonly families?: readonly Family[];
  readonly signal?: AbortSignal;
}

class Interrupted extends Error {}

/** A request that could not be sent (or answered) on one side: there is no pair of answers to compare. */
class SendFailed extends Error {}

/**
 * Runs every family against both endpoints: one stream of DIFF_SHARDS shards with the same name on each,
 * created first and deleted at the end.
 */
export async function runDifferential(
  baseline: DiffEndpoint,
  target: DiffEndpoint,
  options: DifferentialOptions,
): Promise<DifferentialFinding[]> {
  const apis = [baseline, target].map((e) => new KinesisApi(e.target, { wire: options.wire }));
  const stream = `${options.streamPrefix}put-records`;
  const env: CaseEnv = { stream, missingStream: `${options.streamPrefix}missing`, wire: options.wire };
  const families = options.families ?? FAMILIES;
  const base = {
    baseline: baseline.name,
    target: target.name,
    seed: options.seed,
    numRuns: 0,
    numShrinks: 0,
  };
  try {
    try {
      await Promise.all(apis.map((api) => api.createStream(stream, DIFF_SHARDS)));
    } catch (err) {
      return families.map((family) => ({
        ...base,
        family,
        verdict: 'error',
        error: `setup: ${messageOf(err)}`,
      }));
    }
    const arbitraries = familyArbitraries(options.profile, options.wire);
    const findings: DifferentialFinding[] = [];
    for (const family of families) {
      if (options.signal?.aborted) break;
      findings.push(await runFamily(family, arbitraries[family], baseline, target, env, options));
    }
    return findings;
  } finally {
    // Also when only one side was created.
    await Promise.all(apis.map((api) => api.deleteStream(stream).catch(() => undefined)));
  }
}

async function exchangeBoth(
  baseline: DiffEndpoint,
  target: DiffEndpoint,
  request: ApiRequest,
): Promise<[Exchange, Exchange]> {
  const timeoutMs = DIFF_DEFAULTS.requestTimeoutMs;
  return Promise.all([
    send(baseline.target, request, { timeoutMs }),
    send(target.target, request, { timeoutMs }),
  ]);
}

async function runFamily(
  family: Family,
  arb: fc.Arbitrary<DiffCase>,
  baseline: DiffEndpoint,
  target: DiffEndpoint,
  env: CaseEnv,
  options: DifferentialOptions,
): Promise<DifferentialFinding> {
  const base = { family, baseline: baseline.name, target: target.name, seed: options.seed };
  const details = await fc.check(
    fc.asyncProperty(arb, async (c) => {
      if (options.signal?.aborted) throw new Interrupted('interrupted');
      const [a, b] = await exchangeBoth(baseline, target, c.request(env)).catch((err: unknown) => {
        throw new SendFailed(messageOf(err), { cause: err });
      });
      return sameOutcome(normalise(a), normalise(b));
    }),
    {
      seed: options.seed,
      numRuns: options.runs ?? DIFF_DEFAULTS.runs,
      interruptAfterTimeLimit: options.timeLimitMs ?? DIFF_DEFAULTS.timeLimitMs,
      markInterruptAsFailure: false,
    },
  );
  const counts = { numRuns: details.numRuns, numShrinks: details.numShrinks };
  if (!details.failed || details.counterexample === null) return { ...base, ...counts, verdict: 'same' };
  const path = details.counterexamplePath ?? undefined;
  const [shrunk] = details.counterexample;
  const found = { ...base, ...counts, ...(path !== undefined ? { path } : {}), caseName: shrunk.name };
  if (details.errorInstance instanceof Interrupted) return { ...base, ...counts, verdict: 'interrupted' };
  let request = shrunk.request(env);
  if (details.errorInstance instanceof SendFailed) {
    return {
      ...found,
      request: describe(request),
      verdict: 'error',
      error: messageOf(details.errorInstance),
    };
  }
  try {
    const probe = async (r: ApiRequest): Promise<string | undefined> => {
      const [a, b] = await exchangeBoth(baseline, target, r);
      return differenceOf(normalise(a), normalise(b));
    };
    // Sent once more: a difference that does not show again is reported as unstable, not shrunk further.
    const difference = await probe(request);
    let reduced = 0;
    if (difference !== undefined) {
      const reduction = await reduceRequest(request, difference, probe);
      request = reduction.request;
      reduced = reduction.kept;
    }
    const [a, b] = await exchangeBoth(baseline, target, request);
    const answers = { baseline: answerOf(a), target: answerOf(b) };
    const differs = differenceOf(answers.baseline.outcome, answers.target.outcome) !== undefined;
    return {
      ...found,
      ...(reduced > 0
        ? { caseName: `${shrunk.name}, ${reducedTo(shrunk.request(env), request)}`, reduced }
        : {}),
      request: describe(request),
      answers,
      verdict: difference !== undefined && differs ? 'differs' : 'unstable',
    };
  } catch (err) {
    return { ...found, request: describe(request), verdict: 'error', error: messageOf(err) };
  }
}

function recordsOf(request: ApiRequest): number {
  const body = request.body;
  return isFields(body) && Array.isArray(body['Records']) ? body['Records'].length : 0;
}

function reducedTo(before: ApiRequest, after: ApiRequest): string {
  const n = recordsOf(after);
  return recordsOf(before) === n ? 'simplified' : `reduced to ${n} record${n === 1 ? '' : 's'}`;
}

function describe(request: ApiRequest): unknown {
  return clipValue({
    operation: request.operation,
    wire: request.wire,
    body: request.body,
    ...(request.rawBody ? { rawBody: request.rawBody.toString('utf8') } : {}),
  });
}

function answerOf(exchange: Exchange): Answer {
  const contentType = exchange.headers['content-type'];
  const body =
    exchange.body !== undefined
      ? clipValue(exchange.body)
      : exchange.rawBody.length === 0
        ? '(empty body)'
        : clipValue(exchange.rawBody.toString('utf8'));
  return {
    outcome: normalise(exchange),
    status: exchange.status,
    ...(contentType !== undefined ? { contentType } : {}),
    body,
    curl: curlLine(exchange.http),
  };
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
