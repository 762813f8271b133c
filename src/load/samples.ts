/**
 * What a generator hands back, as plain data that crosses a worker-thread boundary: one sample per second
 * (with that second's latency histogram, HDR-encoded) and a final report. `aggregate.ts` merges them.
 */

/** Counts by name (ErrorCode, `__type`, transport error code). */
export type Counts = Record<string, number>;

export interface WorkerSecond {
  /** Seconds since the start of the measured phase (by completion time). */
  readonly t: number;
  readonly requests: number;
  readonly records: number;
  readonly bytes: number;
  readonly recordErrors: Readonly<Counts>;
  readonly httpErrors: Readonly<Counts>;
  /** Latency of the requests completed in this second, microseconds, HDR compressed base64. */
  readonly histogram: string;
}

/** Records acknowledged by one writer, as a bitmap over its counters (--verify). */
export interface WriterAcks {
  readonly writer: number;
  /** Ordering domain: a sequential writer's records keep their order per shard across requests. */
  readonly sequential: boolean;
  readonly bitmap: Uint8Array;
  /** Counters issued (acknowledged or not). */
  readonly issued: number;
}

export interface GeneratorReport {
  readonly index: number;
  readonly requests: number;
  readonly records: number;
  readonly bytes: number;
  readonly recordErrors: Readonly<Counts>;
  readonly httpErrors: Readonly<Counts>;
  /** Transport failures by their error code (ECONNREFUSED, UND_ERR_HEADERS_TIMEOUT, ...). */
  readonly transportErrors: Readonly<Counts>;
  /** Open model: requests the schedule called for but the in-flight cap did not allow. */
  readonly dropped: number;
  /** All latencies, microseconds, HDR compressed base64. */
  readonly histogram: string;
  /** Epoch ms of the last completion (or of the start when nothing completed). */
  readonly lastCompletionEpochMs: number;
  readonly acks?: readonly WriterAcks[];
}

export function addCounts(into: Counts, from: Readonly<Counts>): Counts {
  for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + v;
  return into;
}

export function sumCounts(counts: Readonly<Counts>): number {
  let n = 0;
  for (const v of Object.values(counts)) n += v;
  return n;
}
