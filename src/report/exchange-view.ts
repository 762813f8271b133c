/**
 * A request and the target's whole answer as values a report can hold and a person can read: the status, every
 * header, and the body as text (pretty JSON whenever it parses as JSON, whatever its Content-Type; CBOR as
 * JSON; other text as it is; binary as hex), also when the body is not in the request's wire format. Strings
 * inside a body and the text as a whole are clipped at the sizes below.
 */
import type { ApiRequest, Exchange } from '../client/exchange.ts';
import { wireFormatOf } from '../protocol/wire.ts';
import { toJsonSafe } from './report.ts';

/** A body's text in a report stops after this many characters (a 5 MiB answer would drown the page). */
export const BODY_TEXT_LIMIT = 16 * 1024;
/** Strings inside a JSON or CBOR value longer than this keep their head (base64 Data of a 1 MiB record). */
export const VALUE_STRING_LIMIT = 1024;
/** Lists in a request longer than this keep their head and say how many were left out (a 501-record batch). */
export const REQUEST_LIST_LIMIT = 16;
/** A binary body is shown as hex of this many leading bytes. */
export const BODY_HEX_BYTES = 1024;

/** How a body is shown: `json` also covers JSON under another Content-Type, `cbor` is CBOR shown as JSON. */
export type BodyForm = 'empty' | 'json' | 'cbor' | 'text' | 'hex';

export interface BodyView {
  readonly form: BodyForm;
  /** The body's length on the wire. */
  readonly bytes: number;
  readonly text: string;
  /** True when `text` stops short of the whole body. */
  readonly clipped: boolean;
  /** Why the body is not what the request's wire format promised (it is still shown). */
  readonly decodeError?: string;
}

export interface ResponseView {
  readonly status: number;
  /** Lower-cased names, as received. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: BodyView;
}

export type AnswerLike = Pick<Exchange, 'status' | 'headers' | 'rawBody' | 'body' | 'decodeError'>;

export function responseView(answer: AnswerLike): ResponseView {
  return { status: answer.status, headers: { ...answer.headers }, body: bodyView(answer) };
}

export function bodyView(
  answer: Omit<AnswerLike, 'status' | 'headers'> & { headers?: AnswerLike['headers'] },
): BodyView {
  const raw = Buffer.from(answer.rawBody.buffer, answer.rawBody.byteOffset, answer.rawBody.byteLength);
  const base = {
    bytes: raw.length,
    ...(answer.decodeError !== undefined ? { decodeError: answer.decodeError } : {}),
  };
  if (raw.length === 0) return { ...base, form: 'empty', text: '', clipped: false };
  if (answer.body !== undefined && answer.decodeError === undefined) {
    const cbor = wireFormatOf(answer.headers?.['content-type']) === 'cbor';
    return { ...base, form: cbor ? 'cbor' : 'json', ...clipText(prettyJson(answer.body)) };
  }
  const text = utf8Text(raw);
  if (text !== undefined) {
    const parsed = parseJson(text);
    if (parsed.ok) return { ...base, form: 'json', ...clipText(prettyJson(parsed.value)) };
    return { ...base, form: 'text', ...clipText(text) };
  }
  const clipped = raw.length > BODY_HEX_BYTES;
  const dump = hexDump(raw.subarray(0, BODY_HEX_BYTES));
  return {
    ...base,
    form: 'hex',
    text: clipped ? `${dump}\n... (${raw.length - BODY_HEX_BYTES} more bytes)` : dump,
    clipped,
  };
}

/** The request as a value: its operation, wire and body (long strings and blobs summarised), header overrides. */
export function requestView(request: ApiRequest): unknown {
  return {
    operation: request.operation,
    wire: request.wire,
    body: shortenLists(shortenValue(request.body)),
    ...(request.headers ? { headers: request.headers } : {}),
    ...(request.rawBody ? { rawBody: shortenValue(request.rawBody.toString('utf8')) } : {}),
  };
}

/** Long strings keep their head and say how long they were; blobs say their size; bigints become text. */
export function shortenValue(value: unknown, maxString = VALUE_STRING_LIMIT): unknown {
  if (typeof value === 'string')
    return value.length > maxString ? `${value.slice(0, 64)}... (${value.length} characters)` : value;
  if (value instanceof Uint8Array) return `(${value.length} bytes)`;
  if (Array.isArray(value)) return value.map((v) => shortenValue(v, maxString));
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return value;
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shortenValue(v, maxString)]));
  return value;
}

/** Lists longer than REQUEST_LIST_LIMIT keep their first half of it and say how many were left out. */
function shortenLists(value: unknown): unknown {
  if (Array.isArray(value)) {
    if (value.length <= REQUEST_LIST_LIMIT) return value.map(shortenLists);
    const head = value.slice(0, REQUEST_LIST_LIMIT / 2).map(shortenLists);
    return [...head, `... (${value.length - head.length} more of ${value.length})`];
  }
  if (typeof value === 'object' && value !== null && !(value instanceof Date))
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shortenLists(v)]));
  return value;
}

function prettyJson(value: unknown): string {
  return JSON.stringify(shortenValue(toJsonSafe(value)), null, 2) ?? String(value);
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

function clipText(text: string): { text: string; clipped: boolean } {
  if (text.length <= BODY_TEXT_LIMIT) return { text, clipped: false };
  return {
    text: `${text.slice(0, BODY_TEXT_LIMIT)}\n... (${text.length - BODY_TEXT_LIMIT} more characters)`,
    clipped: true,
  };
}

/** The body as text when it is UTF-8 without control characters other than tab and line breaks. */
function utf8Text(raw: Buffer): string | undefined {
  const text = raw.toString('utf8');
  if (!Buffer.from(text, 'utf8').equals(raw)) return undefined;
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text) ? undefined : text;
}

/** `0000  7b 22 5f 5f ...` lines of 16 bytes, offsets in hex. */
function hexDump(bytes: Buffer): string {
  const lines: string[] = [];
  for (let at = 0; at < bytes.length; at += 16) {
    const row = [...bytes.subarray(at, at + 16)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
    lines.push(`${at.toString(16).padStart(4, '0')}  ${row}`);
  }
  return lines.join('\n');
}

const FORM_WORDS = {
  empty: 'empty',
  json: 'JSON',
  cbor: 'CBOR, shown as JSON',
  text: 'text',
  hex: 'binary, shown as hex',
} as const satisfies Record<BodyForm, string>;

/** The answer as an HTTP dump: the status line, every header, a blank line, the body's text. */
export function responseText(view: ResponseView): string {
  const headers = Object.entries(view.headers).map(([name, value]) => `${name}: ${value}`);
  return [`HTTP ${view.status}`, ...headers, '', view.body.text].join('\n');
}

/** One line about the body: its form and size, and why it is not the wire format when it is not. */
export function bodyCaption(body: BodyView): string {
  const size = `${body.bytes} byte${body.bytes === 1 ? '' : 's'}`;
  const clipped = body.clipped ? ', clipped' : '';
  const wire = body.decodeError !== undefined ? `; not the request's wire format: ${body.decodeError}` : '';
  return `body: ${FORM_WORDS[body.form]}, ${size}${clipped}${wire}`;
}
