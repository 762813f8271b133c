// Server-side AWS Signature Version 4 verification for the reference server.
//
// The checks and their messages follow the recorded AWS responses (behaviour.md §1.2, reproduced by
// kinesalite's index.js and its tests) and the AWS SigV4 docs
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html).
// The signature itself is recomputed by @smithy/signature-v4, the signer the AWS SDK for JavaScript
// uses, so canonicalisation (path double-encoding, query sorting, header whitespace) is not ours.
import { Buffer } from 'node:buffer';
import { createHash, timingSafeEqual } from 'node:crypto';
import {
  ALGORITHM_IDENTIFIER,
  SignatureV4,
  UNSIGNED_PAYLOAD,
  createScope,
  getCanonicalHeaders,
  type getCanonicalQuery,
} from '@smithy/signature-v4';
import { NodeSha256 } from '../../protocol/sha256.ts';

export type AuthFailureKind =
  'missingAuthenticationToken' | 'incompleteSignature' | 'invalidSignature' | 'unrecognizedClient';

export interface AuthFailure {
  readonly kind: AuthFailureKind;
  readonly message: string;
}

export interface SigV4Request {
  readonly method: string;
  /** Request target including the query string, e.g. '/' or '/?a=b'. */
  readonly path: string;
  /** Lower-cased names as Node gives them; HTTP/2 pseudo headers (':path', ':authority', ...) may be present. */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: Uint8Array;
}

export interface SigV4Config {
  /** accessKeyId -> secretAccessKey */
  readonly credentials: ReadonlyMap<string, string>;
  /** default 'kinesis' */
  readonly service?: string;
  /** if set, the credential scope region must equal it */
  readonly region?: string;
  /** default 5 minutes (AWS's allowed skew) */
  readonly maxClockSkewMs?: number;
}

/** Kinesis's SigV4 signing name (API model `signingName`). */
const DEFAULT_SERVICE = 'kinesis';
/** AWS SigV4 docs: a signature is valid for 5 minutes around the request timestamp. */
const DEFAULT_MAX_CLOCK_SKEW_MS = 5 * 60 * 1000;
/** AWS SigV4 docs: presigned URLs live at most 7 days (X-Amz-Expires in seconds). */
const MAX_PRESIGNED_EXPIRES_SECONDS = 7 * 24 * 60 * 60;
/** ISO 8601 basic format used by X-Amz-Date and the string to sign. */
const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;
/** Order and wording of the recorded "incomplete" messages (kinesalite index.js mirrors AWS). */
const HEADER_PARAMS = ['Credential', 'Signature', 'SignedHeaders'] as const;
const QUERY_PARAMS = [
  'X-Amz-Algorithm',
  'X-Amz-Credential',
  'X-Amz-Signature',
  'X-Amz-SignedHeaders',
  'X-Amz-Date',
] as const;

const SIGNATURE_MISMATCH =
  'The request signature we calculated does not match the signature you provided. ' +
  'Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

/** @smithy/types is not one of our direct dependencies, so take its HttpRequest type from the signer. */
type HttpRequest = Parameters<typeof getCanonicalQuery>[0];
type QueryBag = Record<string, string | string[]>;

/** What the client claims: the signature and the inputs it says it signed. */
interface Claim {
  readonly algorithm: string;
  readonly credential: string;
  readonly signedHeaders: string;
  readonly signature: string;
  /** Raw timestamp and where it came from (X-Amz-Date wins over Date, per the AWS SigV4 docs). */
  readonly date: string;
  readonly dateFromDateHeader: boolean;
  /** Presigned requests: X-Amz-Expires in ms, which replaces the 5-minute window into the past. */
  readonly maxAgeMs?: number;
}

/**
 * Verifies a SigV4-signed request (Authorization header or presigned query string).
 * Returns undefined when the request is authentic, or the AWS error kind and message to send.
 *
 * Async because @smithy/signature-v4 computes digests through a Promise-returning Checksum interface.
 */
export async function verifySigV4(
  req: SigV4Request,
  config: SigV4Config,
  nowMs: number,
): Promise<AuthFailure | undefined> {
  const queryStart = req.path.indexOf('?');
  const path = queryStart < 0 ? req.path : req.path.slice(0, queryStart);
  const query = parseQuery(queryStart < 0 ? '' : req.path.slice(queryStart + 1));
  const headers = normaliseHeaders(req.headers);

  // Recorded AWS responses: these two checks come before any look at the signature's contents.
  const authorization = headers.get('authorization');
  const queryAuth = query['X-Amz-Algorithm'] !== undefined;
  if (authorization && queryAuth) {
    return fail(
      'invalidSignature',
      "Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header.",
    );
  }
  if (!authorization && !queryAuth) return fail('missingAuthenticationToken', 'Missing Authentication Token');

  const claim = authorization ? claimFromHeader(authorization, headers) : claimFromQuery(query);
  if ('kind' in claim) return claim;
  if (claim.algorithm !== ALGORITHM_IDENTIFIER) {
    return fail(
      'incompleteSignature',
      `Unsupported signing algorithm '${claim.algorithm}': only '${ALGORITHM_IDENTIFIER}' is supported.`,
    );
  }

  const scope = parseCredential(claim.credential);
  if (scope === undefined) {
    return fail(
      'incompleteSignature',
      `Credential is malformed: expected '<access key id>/<yyyymmdd>/<region>/<service>/aws4_request', got '${claim.credential}'.`,
    );
  }
  const dateMs = parseSignedDate(claim);
  if (dateMs === undefined) {
    // AWS's wording for an unparsable timestamp.
    return fail(
      'incompleteSignature',
      `Date must be in ISO-8601 'basic format'. Got '${claim.date}'. See http://en.wikipedia.org/wiki/ISO_8601`,
    );
  }
  const longDate = toAmzDate(dateMs);

  const service = config.service ?? DEFAULT_SERVICE;
  if (config.region !== undefined && scope.region !== config.region) {
    return fail(
      'invalidSignature',
      `Credential should be scoped to a valid region: expected '${config.region}', got '${scope.region}'.`,
    );
  }
  if (scope.service !== service) {
    return fail(
      'invalidSignature',
      `Credential should be scoped to correct service: expected '${service}', got '${scope.service}'.`,
    );
  }
  if (scope.date !== longDate.slice(0, 8)) {
    return fail('invalidSignature', 'Invalid credential date. Date is not the same as X-Amz-Date.');
  }

  const skewMs = config.maxClockSkewMs ?? DEFAULT_MAX_CLOCK_SKEW_MS;
  const shownDate = claim.dateFromDateHeader ? claim.date : longDate;
  const maxAgeMs = claim.maxAgeMs ?? skewMs;
  if (dateMs < nowMs - maxAgeMs) {
    return fail(
      'invalidSignature',
      `Signature expired: ${shownDate} is now earlier than ${toAmzDate(nowMs - maxAgeMs)} ` +
        `(${toAmzDate(nowMs)} - ${maxAgeMs / 60_000} min.)`,
    );
  }
  if (dateMs > nowMs + skewMs) {
    return fail(
      'invalidSignature',
      `Signature not yet current: ${shownDate} is still later than ${toAmzDate(nowMs + skewMs)} ` +
        `(${toAmzDate(nowMs)} + ${skewMs / 60_000} min.)`,
    );
  }

  const secretAccessKey = config.credentials.get(scope.accessKeyId);
  if (secretAccessKey === undefined) {
    return fail('unrecognizedClient', 'The security token included in the request is invalid.');
  }

  // The client may declare the body hash; a declared hash must be the real one, or the body was changed
  // after signing. UNSIGNED-PAYLOAD opts out and is itself what goes into the canonical request.
  const bodyHash = createHash('sha256').update(req.body).digest('hex');
  const declaredHash = headers.get('x-amz-content-sha256');
  if (declaredHash !== undefined && declaredHash !== UNSIGNED_PAYLOAD && declaredHash !== bodyHash) {
    return fail(
      'invalidSignature',
      "The provided 'x-amz-content-sha256' header does not match what was computed.",
    );
  }
  const payloadHash = declaredHash === UNSIGNED_PAYLOAD ? UNSIGNED_PAYLOAD : bodyHash;

  // Rebuild the request exactly as the client says it signed it: only the SignedHeaders, the path
  // still percent-encoded as sent (the signer encodes it once more, as SigV4 wants for non-S3
  // services), and the query decoded (the signer re-encodes and sorts it).
  const signedNames = new Set(claim.signedHeaders.toLowerCase().split(';').filter(Boolean));
  const signedHeaders: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const name of signedNames) {
    const value = headers.get(name);
    if (value !== undefined) signedHeaders[name] = value;
  }
  const request: HttpRequest = {
    method: req.method,
    protocol: 'https:',
    hostname: headers.get('host') ?? '',
    path,
    query,
    headers: signedHeaders,
  };
  const signer = new Resigner({
    credentials: { accessKeyId: scope.accessKeyId, secretAccessKey },
    region: scope.region,
    service: scope.service,
    sha256: NodeSha256,
  });
  const credentialScope = createScope(scope.date, scope.region, scope.service);
  const expected = await signer.signatureOf(
    request,
    signedNames,
    payloadHash,
    new Date(dateMs),
    credentialScope,
  );
  return constantTimeEqual(expected, claim.signature)
    ? undefined
    : fail('invalidSignature', SIGNATURE_MISMATCH);
}

/**
 * SignatureV4 with its canonical-request steps driven directly. Its public `sign(request)` cannot
 * re-sign an arbitrary client's request: it always deletes the `date` header (which aws4, for one,
 * signs when present) and always adds and signs `x-amz-date`. Here the signer builds the canonical
 * request from exactly the headers the client signed, hashes the string to sign, derives the key
 * and computes the HMAC; only the choice of inputs is ours.
 */
class Resigner extends SignatureV4 {
  async signatureOf(
    request: HttpRequest,
    signedNames: ReadonlySet<string>,
    payloadHash: string,
    signingDate: Date,
    credentialScope: string,
  ): Promise<string> {
    // signableHeaders = the client's list, so headers the SDK never signs itself (user-agent, ...)
    // still count when a client did sign them.
    const canonicalHeaders = getCanonicalHeaders(request, undefined, new Set(signedNames));
    const canonicalRequest = this.createCanonicalRequest(request, canonicalHeaders, payloadHash);
    const { longDate } = this.formatDate(signingDate);
    const stringToSign = await this.createStringToSign(
      longDate,
      credentialScope,
      canonicalRequest,
      ALGORITHM_IDENTIFIER,
    );
    // The signing key is derived from signingDate's day and the signer's region and service.
    return this.sign(stringToSign, { signingDate });
  }
}

function claimFromHeader(authorization: string, headers: ReadonlyMap<string, string>): Claim | AuthFailure {
  // Same tokenising as kinesalite (which reproduces AWS): parameters separated by commas and/or spaces.
  const [algorithm = '', ...pieces] = authorization.trim().split(/[, ]+/);
  const params = new Map<string, string>();
  for (const piece of pieces) {
    const eq = piece.indexOf('=');
    if (eq > 0) params.set(piece.slice(0, eq), piece.slice(eq + 1));
  }
  const amzDate = headers.get('x-amz-date');
  const date = amzDate || headers.get('date');
  // Recorded AWS response: every missing part is listed, then the header as received.
  const missing = HEADER_PARAMS.filter((name) => !params.get(name)).map(
    (name) => `Authorization header requires '${name}' parameter. `,
  );
  if (!date)
    missing.push("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ");
  if (missing.length > 0)
    return fail('incompleteSignature', `${missing.join('')}Authorization=${authorization}`);
  return {
    algorithm,
    credential: params.get('Credential') ?? '',
    signedHeaders: params.get('SignedHeaders') ?? '',
    signature: params.get('Signature') ?? '',
    date: date ?? '',
    dateFromDateHeader: !amzDate,
  };
}

function claimFromQuery(query: QueryBag): Claim | AuthFailure {
  const param = (name: string): string => {
    const value = query[name];
    return (Array.isArray(value) ? value[0] : value) ?? '';
  };
  // Recorded AWS response (kinesalite reproduces it): every missing parameter, then a closing sentence.
  const missing = QUERY_PARAMS.filter((name) => !param(name));
  if (missing.length > 0) {
    const parts = missing.map((name) => `AWS query-string parameters must include '${name}'. `);
    return fail('incompleteSignature', `${parts.join('')}Re-examine the query-string parameters.`);
  }
  const expires = param('X-Amz-Expires');
  if (expires !== '' && !(/^\d+$/.test(expires) && Number(expires) <= MAX_PRESIGNED_EXPIRES_SECONDS)) {
    return fail(
      'incompleteSignature',
      `X-Amz-Expires must be a whole number of seconds between 0 and ${MAX_PRESIGNED_EXPIRES_SECONDS}, got '${expires}'.`,
    );
  }
  return {
    algorithm: param('X-Amz-Algorithm'),
    credential: param('X-Amz-Credential'),
    signedHeaders: param('X-Amz-SignedHeaders'),
    signature: param('X-Amz-Signature'),
    date: param('X-Amz-Date'),
    dateFromDateHeader: false,
    ...(expires === '' ? {} : { maxAgeMs: Number(expires) * 1000 }),
  };
}

/** AWS SigV4 docs: Credential = <access key id>/<yyyymmdd>/<region>/<service>/aws4_request. */
function parseCredential(
  credential: string,
): { accessKeyId: string; date: string; region: string; service: string } | undefined {
  const parts = credential.split('/');
  if (parts.length !== 5 || parts.some((part) => part === '')) return undefined;
  const [accessKeyId = '', date = '', region = '', service = '', terminator] = parts;
  if (!/^\d{8}$/.test(date) || terminator !== 'aws4_request') return undefined;
  return { accessKeyId, date, region, service };
}

/** X-Amz-Date must be ISO 8601 basic; a lone Date header may also be an HTTP date (RFC 7231). */
function parseSignedDate(claim: Claim): number | undefined {
  const match = AMZ_DATE.exec(claim.date);
  if (match) {
    const [, y, mo, d, h, mi, s] = match.map(Number) as [
      number,
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    const ms = Date.UTC(y, mo - 1, d, h, mi, s);
    // Reject dates Date.UTC silently rolls over (month 13, 31 February, ...).
    return toAmzDate(ms) === claim.date ? ms : undefined;
  }
  if (!claim.dateFromDateHeader) return undefined;
  const ms = Date.parse(claim.date);
  return Number.isNaN(ms) ? undefined : ms;
}

function toAmzDate(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
}

/**
 * Decoded query parameters, repeated keys as arrays. '+' is a space, as in aws4 and Node's
 * querystring (SDKs send a literal plus as %2B). Empty keys are dropped: signers never send them.
 */
function parseQuery(queryString: string): QueryBag {
  const query: QueryBag = Object.create(null) as QueryBag;
  for (const pair of queryString.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const key = decodeComponent(eq < 0 ? pair : pair.slice(0, eq));
    const value = eq < 0 ? '' : decodeComponent(pair.slice(eq + 1));
    if (key === '') continue;
    const previous = query[key];
    query[key] =
      previous === undefined ? value : [...(Array.isArray(previous) ? previous : [previous]), value];
  }
  return query;
}

function decodeComponent(text: string): string {
  const spaced = text.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(spaced);
  } catch {
    // A malformed escape is kept as sent; the signature comparison then decides.
    return spaced;
  }
}

/**
 * Lower-cased headers without HTTP/2 pseudo headers other than ':authority'. Repeated headers are
 * comma-joined (AWS SigV4 docs). HTTP/2's ':authority' stands in for 'host', which HTTP/2 clients do not
 * send; the AWS SDK v3 over HTTP/2 even lists ':authority' itself in SignedHeaders, so it is kept too.
 */
function normaliseHeaders(raw: SigV4Request['headers']): Map<string, string> {
  const headers = new Map<string, string>();
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined || (name.startsWith(':') && name !== ':authority')) continue;
    headers.set(name.toLowerCase(), Array.isArray(value) ? value.join(',') : value);
  }
  const authority = raw[':authority'];
  if (!headers.has('host') && typeof authority === 'string') headers.set('host', authority);
  return headers;
}

function constantTimeEqual(expected: string, received: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(received, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

function fail(kind: AuthFailureKind, message: string): AuthFailure {
  return { kind, message };
}
