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
  /** The HTTP method, POST unless a negative test asks for another (behaviour.md 1.1: AWS takes only POST). */
  readonly method?: HttpMethod;
}

/** Methods a request may use: POST, and the others a protocol test sends to see them refused. */
export type HttpMethod = 'POST' | 'GET' | 'PUT' | 'DELETE';

export interface HttpRequest {
  readonly url: string;
  readonly method: HttpMethod;
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
