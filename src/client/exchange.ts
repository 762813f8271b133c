import type { Endpoint } from '../protocol/endpoint.ts';
import type { OperationName } from '../protocol/operations.ts';
import type { WireFormat } from '../protocol/wire.ts';

/**
 * Build, sign, send, judge: four steps over plain data. An ApiRequest is a value before it is signed;
 * an HttpRequest is what goes on the wire; an Exchange is what was recorded. Checks judge Exchanges and
 * reports replay HttpRequests (as a curl line).
 */
export interface ApiRequest {
  readonly operation: OperationName;
  /** The request body as a plain value. For CBOR, blobs are Uint8Array; for JSON they are base64 strings. */
  readonly body: unknown;
  readonly wire: WireFormat;
  /**
   * A raw body to send instead of encoding `body` (negative tests: malformed JSON, invalid base64...).
   * `body` then still describes the intent for reports.
   */
  readonly rawBody?: Buffer;
  /** Header overrides (negative tests: a wrong content type, a missing target). `null` removes a header. */
  readonly headers?: Readonly<Record<string, string | null>>;
}

export interface HttpRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

export interface Exchange {
  readonly request: ApiRequest;
  readonly http: HttpRequest;
  readonly status: number;
  /** Lower-cased header names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly rawBody: Buffer;
  /** The decoded body (JSON or CBOR per the response Content-Type), or undefined when empty or undecodable. */
  readonly body: unknown;
  /** Set when the body could not be decoded. */
  readonly decodeError?: string;
  /** When the request was sent, in epoch milliseconds of the suite's clock (timestamps in answers are judged against it). */
  readonly sentAt?: number;
  readonly durationMs: number;
}

export interface Target {
  readonly endpoint: Endpoint;
  readonly region: string;
  readonly credentials?: {
    readonly accessKeyId: string;
    readonly secretAccessKey: string;
    readonly sessionToken?: string;
  };
}

/**
 * The head of an answer's raw body for one-line messages, `: "<html><title>500..."`, or its size when it is
 * binary: a body the wire format cannot decode still says something (moto's JSON errors, an HTML 500 page).
 */
export function bodyHint(exchange: Pick<Exchange, 'rawBody'>, max = 160): string {
  // A multi-byte character cut at the end decodes as U+FFFD: not a sign of binary.
  const text = exchange.rawBody.toString('utf8', 0, max * 2).replace(/\ufffd$/, '');
  // eslint-disable-next-line no-control-regex
  if (text.length === 0 || /[\u0000-\u0008\u000e-\u001f\ufffd]/.test(text))
    return ` (${exchange.rawBody.length} bytes)`;
  const line = text.replace(/\s+/g, ' ').trim();
  return `: ${JSON.stringify(line.length > max ? `${line.slice(0, max)}...` : line)}`;
}
