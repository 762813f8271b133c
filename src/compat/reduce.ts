/**
 * A last pass over fast-check's shrunk counterexample. fast-check shrinks an array by dropping items from the
 * front, so a difference carried by the first record keeps every record after it; and a partition key drawn
 * from the "long key" branch stays long. This pass drops records one at a time from the back, then
 * simplifies the records left (a one-letter key, empty Data, no ExplicitHashKey), keeping each step only if
 * the two targets still differ in the same way.
 */
import type { ApiRequest } from '../client/exchange.ts';
import { blob } from '../client/kinesis-api.ts';
import type { Outcome } from './differential.ts';

/** Requests with more records than this (the 500-record limit cases) are left as they are. */
export const MAX_REDUCIBLE_RECORDS = 32;
/** Requests sent to each target during one reduction, at most. */
export const MAX_REDUCTION_STEPS = 64;

/**
 * How two outcomes differ, as a value that must not change while reducing: the top-level answers when they
 * differ there, else the distinct pairs of differing entries (`shardId-000000000000|shardId-000000000001`).
 * undefined when they do not differ.
 */
export function differenceOf(a: Outcome, b: Outcome): string | undefined {
  if (a.status !== b.status || a.type !== b.type)
    return `answer ${a.status} ${a.type ?? '-'} | ${b.status} ${b.type ?? '-'}`;
  if ((a.entries === undefined) !== (b.entries === undefined))
    return `entries ${a.entries ? 'listed' : 'none'} | ${b.entries ? 'listed' : 'none'}`;
  const x = a.entries ?? [];
  const y = b.entries ?? [];
  if (x.length !== y.length) return `entries ${x.length} | ${y.length}`;
  const pairs = new Set<string>();
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) pairs.add(`${x[i]} | ${y[i]}`);
  return pairs.size > 0 ? `entries ${[...pairs].sort().join(', ')}` : undefined;
}

type Fields = Record<string, unknown>;

function isFields(value: unknown): value is Fields {
  return (
    typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array)
  );
}

function withRecords(request: ApiRequest, records: readonly Fields[]): ApiRequest {
  return { ...request, body: { ...(request.body as Fields), Records: records } };
}

/** Simplifications of one record, tried in this order, each on the record as it stands by then. */
const SIMPLIFICATIONS: readonly ((record: Fields, request: ApiRequest) => Fields | undefined)[] = [
  (r) =>
    typeof r['PartitionKey'] === 'string' && r['PartitionKey'] !== 'k'
      ? { ...r, PartitionKey: 'k' }
      : undefined,
  (r, request) => {
    const data = r['Data'];
    const nonEmpty =
      (typeof data === 'string' && data !== '') || (data instanceof Uint8Array && data.length > 0);
    return nonEmpty ? { ...r, Data: blob(request.wire, Buffer.alloc(0)) } : undefined;
  },
  (r) => {
    if (!('ExplicitHashKey' in r)) return undefined;
    const { ExplicitHashKey: _dropped, ...rest } = r;
    return rest;
  },
];

export interface Reduction {
  readonly request: ApiRequest;
  /** Steps kept, and requests sent (to each target). */
  readonly kept: number;
  readonly tried: number;
}

/**
 * Reduces a PutRecords request while `differenceOf` its two answers stays `difference`. `probe` sends a
 * request to both targets and returns how they differ (undefined: they agree).
 */
export async function reduceRequest(
  request: ApiRequest,
  difference: string,
  probe: (request: ApiRequest) => Promise<string | undefined>,
  maxSteps: number = MAX_REDUCTION_STEPS,
): Promise<Reduction> {
  const body = request.body;
  if (request.rawBody || !isFields(body) || !Array.isArray(body['Records']))
    return { request, kept: 0, tried: 0 };
  let records = body['Records'] as unknown[];
  if (records.length > MAX_REDUCIBLE_RECORDS || !records.every(isFields))
    return { request, kept: 0, tried: 0 };
  let current = request;
  let kept = 0;
  let tried = 0;
  const attempt = async (candidate: readonly Fields[]): Promise<boolean> => {
    if (tried >= maxSteps) return false;
    tried++;
    const next = withRecords(current, candidate);
    if ((await probe(next)) !== difference) return false;
    current = next;
    records = [...candidate];
    kept++;
    return true;
  };
  for (let i = records.length - 1; i >= 0 && records.length > 1; i--) {
    await attempt((records as Fields[]).filter((_, j) => j !== i));
  }
  for (let i = 0; i < records.length; i++) {
    for (const simplify of SIMPLIFICATIONS) {
      const variant = simplify(records[i] as Fields, current);
      if (variant) await attempt((records as Fields[]).map((r, j) => (j === i ? variant : r)));
    }
  }
  return { request: current, kept, tried };
}
