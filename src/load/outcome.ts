/**
 * What one PutRecords reply means for the counters: records acknowledged, per-record failures by ErrorCode
 * (throttling is `ProvisionedThroughputExceededException`, counted like any other code, never guessed from a
 * message), or a whole-request error. PURE, shared with the k6 scripts; decoding the body is the caller's.
 */

/** Keys of `httpErrors` that are not an AWS `__type`. */
export const HTTP_ERROR_KEYS = {
  /** Connection refused, reset or timed out. */
  transport: 'transport',
  /** A 200 whose body is not a PutRecords result for the records sent. */
  malformed: 'malformed-response',
} as const;

export interface PutOutcome {
  /** 0 when the exchange broke off before a status. */
  readonly status: number;
  /** Set when the request as a whole failed: the AWS `__type`, `HTTP <status>`, or an HTTP_ERROR_KEYS value. */
  readonly httpError?: string;
  readonly acknowledged: number;
  /** Decoded Data bytes of the acknowledged records. */
  readonly acknowledgedBytes: number;
  /** ErrorCode -> count, when some records failed. */
  readonly recordErrors?: Readonly<Record<string, number>>;
  /** Indexes of the failed records, when some failed (--verify needs to know which were acknowledged). */
  readonly failedIndexes?: readonly number[];
}

export interface SentBody {
  readonly records: number;
  readonly dataBytes: readonly number[];
  readonly totalDataBytes: number;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The AWS error name of an error body: `__type` without its namespace (`com.amazonaws...#Name`). */
export function errorTypeOf(body: unknown): string | undefined {
  if (!isRecord(body)) return undefined;
  const t = body['__type'];
  if (typeof t !== 'string' || t === '') return undefined;
  const hash = t.lastIndexOf('#');
  return hash >= 0 ? t.slice(hash + 1) : t;
}

export function transportFailure(): PutOutcome {
  return { status: 0, httpError: HTTP_ERROR_KEYS.transport, acknowledged: 0, acknowledgedBytes: 0 };
}

/** Judges a reply from its status and decoded body (undefined when empty or undecodable). */
export function judgePutRecords(status: number, body: unknown, sent: SentBody): PutOutcome {
  if (status !== 200) {
    return {
      status,
      httpError: errorTypeOf(body) ?? `HTTP ${status}`,
      acknowledged: 0,
      acknowledgedBytes: 0,
    };
  }
  const malformed: PutOutcome = {
    status,
    httpError: HTTP_ERROR_KEYS.malformed,
    acknowledged: 0,
    acknowledgedBytes: 0,
  };
  if (!isRecord(body)) return malformed;
  const results = body['Records'];
  if (!Array.isArray(results) || results.length !== sent.records) return malformed;
  if (body['FailedRecordCount'] === 0) {
    return { status, acknowledged: sent.records, acknowledgedBytes: sent.totalDataBytes };
  }
  const recordErrors: Record<string, number> = {};
  const failedIndexes: number[] = [];
  let bytes = sent.totalDataBytes;
  for (let i = 0; i < results.length; i++) {
    const r: unknown = results[i];
    const code = isRecord(r) ? r['ErrorCode'] : undefined;
    // A record failed when it carries an ErrorCode (YDB may also print an empty SequenceNumber, behaviour.md 2).
    if (typeof code === 'string' && code !== '') {
      recordErrors[code] = (recordErrors[code] ?? 0) + 1;
      failedIndexes.push(i);
      bytes -= sent.dataBytes[i]!;
    } else if (!isRecord(r) || typeof r['SequenceNumber'] !== 'string' || r['SequenceNumber'] === '') {
      return malformed;
    }
  }
  if (failedIndexes.length === 0) {
    return { status, acknowledged: sent.records, acknowledgedBytes: sent.totalDataBytes };
  }
  return {
    status,
    acknowledged: sent.records - failedIndexes.length,
    acknowledgedBytes: bytes,
    recordErrors,
    failedIndexes,
  };
}
