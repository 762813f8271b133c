/**
 * Kinesis requests as plain data, and their SigV4 signature. PURE: the k6 scripts import this module as it
 * is, so there is no Node API here; SHA-256 and HMAC are injected (node:crypto in Node, k6/crypto in k6).
 *
 * Signing stays cheap under load: a body's payload hash is computed once, when the body is generated, and
 * the signing key once per day; what is left per request is one SHA-256 of the canonical request and one
 * HMAC (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html).
 */
import type { Endpoint } from '../protocol/endpoint.ts';
import type { OperationName } from '../protocol/operations.ts';
import { hexEncode, utf8Encode } from './bytes.ts';
import { CONTENT_TYPES, TARGET_PREFIX, type WireFormat } from '../protocol/wire-constants.ts';

export { CONTENT_TYPES, TARGET_PREFIX } from '../protocol/wire-constants.ts';

/** Kinesis's SigV4 signing name (API model `signingName`). */
export const SIGNING_SERVICE = 'kinesis';
const ALGORITHM = 'AWS4-HMAC-SHA256';

/** An HTTP request before it is signed and sent. */
export interface HttpParts {
  readonly method: 'POST';
  readonly path: string;
  /** Lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Uint8Array;
}

export function buildRequest(
  endpoint: Endpoint,
  operation: OperationName,
  wire: WireFormat,
  body: Uint8Array,
): HttpParts {
  return {
    method: 'POST',
    path: endpoint.path,
    headers: {
      host: endpoint.host,
      'content-type': CONTENT_TYPES[wire],
      'x-amz-target': `${TARGET_PREFIX}.${operation}`,
    },
    body,
  };
}

/** A control-plane call (CreateStream, ListShards, GetRecords, ...) in JSON 1.1. */
export function buildJsonRequest(
  endpoint: Endpoint,
  operation: OperationName,
  input: Readonly<Record<string, unknown>>,
): HttpParts {
  return buildRequest(endpoint, operation, 'json', utf8Encode(JSON.stringify(input)));
}

// --- SigV4 -----------------------------------------------------------------------------------------------

export interface SigningCrypto {
  /** SHA-256 as lower-case hex. */
  sha256Hex(data: Uint8Array | string): string;
  /** HMAC-SHA256 of UTF-8 `data` under `key`. */
  hmacSha256(key: Uint8Array | string, data: string): Uint8Array;
}

export interface SigningCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

/** ISO 8601 basic format: 20240102T030405Z. */
export function amzDate(epochMs: number): string {
  return new Date(epochMs)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/** RFC 3986 unreserved characters stay; everything else is percent-encoded (SigV4 "UriEncode"). */
function uriEncode(segment: string): string {
  return encodeURIComponent(segment).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/**
 * The canonical URI of a non-S3 service: dot segments removed, then each segment encoded once more (the
 * path is already percent-encoded as sent, so this is AWS's "double encoding").
 */
export function canonicalUri(path: string): string {
  const out: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') out.pop();
    else out.push(segment);
  }
  const joined = out.map(uriEncode).join('/');
  const trailing = path.endsWith('/') && joined !== '' ? '/' : '';
  return `/${joined}${trailing}`;
}

export interface CanonicalParts {
  readonly canonicalRequest: string;
  readonly signedHeaders: string;
}

/** Canonical request over every header of `headers` (names lower case, values trimmed, spaces folded). */
export function canonicalRequest(
  method: string,
  path: string,
  headers: Readonly<Record<string, string>>,
  payloadHash: string,
): CanonicalParts {
  const names = Object.keys(headers)
    .map((n) => n.toLowerCase())
    .sort();
  const lower: Record<string, string> = {};
  for (const [n, v] of Object.entries(headers)) lower[n.toLowerCase()] = v;
  let canonicalHeaders = '';
  for (const n of names) canonicalHeaders += `${n}:${lower[n]!.trim().replace(/\s+/g, ' ')}\n`;
  const signedHeaders = names.join(';');
  // No query string: Kinesis requests are POST / with the input in the body.
  return {
    canonicalRequest: `${method}\n${canonicalUri(path)}\n\n${canonicalHeaders}\n${signedHeaders}\n${payloadHash}`,
    signedHeaders,
  };
}

export class SigV4Signer {
  private keyDate = '';
  private key: Uint8Array = new Uint8Array(0);

  constructor(
    private readonly credentials: SigningCredentials,
    private readonly region: string,
    private readonly crypto: SigningCrypto,
    private readonly service: string = SIGNING_SERVICE,
  ) {}

  private signingKey(date: string): Uint8Array {
    if (date !== this.keyDate) {
      const c = this.crypto;
      const kDate = c.hmacSha256(`AWS4${this.credentials.secretAccessKey}`, date);
      const kRegion = c.hmacSha256(kDate, this.region);
      const kService = c.hmacSha256(kRegion, this.service);
      this.key = c.hmacSha256(kService, 'aws4_request');
      this.keyDate = date;
    }
    return this.key;
  }

  /**
   * The headers to send: `parts.headers` plus x-amz-date, x-amz-security-token (temporary credentials) and
   * Authorization, signing every header. `payloadHash` is the SHA-256 hex of `parts.body`, computed once
   * per body by the caller.
   */
  sign(parts: HttpParts, payloadHash: string, epochMs: number): Record<string, string> {
    const date = amzDate(epochMs);
    const day = date.slice(0, 8);
    const headers: Record<string, string> = { ...parts.headers, 'x-amz-date': date };
    if (this.credentials.sessionToken) headers['x-amz-security-token'] = this.credentials.sessionToken;
    const { canonicalRequest: creq, signedHeaders } = canonicalRequest(
      parts.method,
      parts.path,
      headers,
      payloadHash,
    );
    const scope = `${day}/${this.region}/${this.service}/aws4_request`;
    const stringToSign = `${ALGORITHM}\n${date}\n${scope}\n${this.crypto.sha256Hex(creq)}`;
    const signature = hexEncode(this.crypto.hmacSha256(this.signingKey(day), stringToSign));
    headers['authorization'] =
      `${ALGORITHM} Credential=${this.credentials.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
    return headers;
  }
}
