/**
 * Reading an Exchange as PutRecords data, tolerantly: a check looks only at what it judges and leaves the
 * shape of everything else to `put-records.response-schema`.
 */
import { bodyHint, type Exchange } from '../client/exchange.ts';
import type { Check, Failure } from './check.ts';

export type Fields = Record<string, unknown>;

export function isObject(value: unknown): value is Fields {
  return (
    typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array)
  );
}

export function isPutRecords(exchange: Exchange): boolean {
  return exchange.request.operation === 'PutRecords';
}

/** The request's Records as sent (the intent, also for a rawBody request), or undefined. */
export function requestRecords(exchange: Exchange): readonly Fields[] | undefined {
  const body = exchange.request.body;
  if (!isObject(body) || !Array.isArray(body['Records'])) return undefined;
  return body['Records'] as Fields[];
}

/** The response's Records on a 200, or undefined. */
export function resultEntries(exchange: Exchange): readonly unknown[] | undefined {
  if (exchange.status !== 200 || !isObject(exchange.body)) return undefined;
  const records = exchange.body['Records'];
  return Array.isArray(records) ? records : undefined;
}

/** A member that is there: AWS omits absent members, so an explicit null counts as absent. */
export function present(entry: unknown, key: string): boolean {
  return isObject(entry) && entry[key] !== undefined && entry[key] !== null;
}

/** The AWS error name, without the `namespace#` AWS sometimes prefixes it with. */
export function errorType(body: unknown): string | undefined {
  if (!isObject(body) || typeof body['__type'] !== 'string') return undefined;
  const type = body['__type'];
  return type.slice(type.lastIndexOf('#') + 1);
}

export function errorMessage(body: unknown): string | undefined {
  if (!isObject(body)) return undefined;
  const m = body['message'] ?? body['Message'];
  return typeof m === 'string' ? m : undefined;
}

/** One line describing a response, for `received`. */
export function describeResponse(exchange: Exchange): string {
  const type = errorType(exchange.body);
  if (type !== undefined) {
    const message = errorMessage(exchange.body);
    return `HTTP ${exchange.status} ${type}${message ? `: ${clip(message)}` : ''}`;
  }
  if (exchange.status === 200 && isObject(exchange.body)) {
    const entries = resultEntries(exchange);
    return `HTTP 200 with FailedRecordCount ${String(exchange.body['FailedRecordCount'])} and ${entries ? entries.length : 'no'} Records`;
  }
  if (exchange.decodeError)
    return `HTTP ${exchange.status} with an undecodable body (${exchange.decodeError})${bodyHint(exchange)}`;
  return `HTTP ${exchange.status} with ${exchange.rawBody.length === 0 ? 'an empty body' : clip(exchange.rawBody.toString('utf8', 0, 200))}`;
}

export function clip(text: string, max = 160): string {
  return text.length > max ? `${text.slice(0, max)}...` : text;
}

export function failure(check: Check, expected: string, received: string): Failure {
  return { checkId: check.id, title: check.title, severity: check.severity, expected, received };
}
