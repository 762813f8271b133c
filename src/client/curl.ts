import { wireFormatOf } from '../protocol/wire.ts';
import { SIGNING_SERVICE } from './sign.ts';
import type { HttpRequest } from './exchange.ts';

/** Headers curl sets itself or that re-signing replaces: a replay must not carry the old signature. */
const DROPPED = new Set([
  'host',
  'content-length',
  'authorization',
  'x-amz-date',
  'x-amz-content-sha256',
  'x-amz-security-token',
]);

/** Bodies above this are not inlined (a 5 MiB request would make an unreadable report). */
const MAX_INLINE_BYTES = 64 * 1024;

export interface CurlOptions {
  /** The region to re-sign for; when set (the request was signed) the line re-signs with curl's --aws-sigv4. */
  readonly region?: string;
}

/**
 * A copy-pasteable curl line for an HttpRequest. The Authorization value is never printed: a signed request
 * is replayed by letting curl re-sign it from $AWS_ACCESS_KEY_ID/$AWS_SECRET_ACCESS_KEY. JSON bodies are
 * inlined in single quotes; CBOR bodies are piped in from base64.
 */
export function curlLine(http: HttpRequest, options: CurlOptions = {}): string {
  const parts = ['curl', '-sS', '-i', '-X', http.method, quote(http.url)];
  for (const [name, value] of Object.entries(http.headers)) {
    if (DROPPED.has(name.toLowerCase())) continue;
    parts.push('-H', quote(`${name}: ${value}`));
  }
  const signed = Object.keys(http.headers).some((h) => h.toLowerCase() === 'authorization');
  if (signed) {
    const region = options.region ?? regionOf(http.headers) ?? 'us-east-1';
    parts.push(
      '--aws-sigv4',
      quote(`aws:amz:${region}:${SIGNING_SERVICE}`),
      '--user',
      '"$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY"',
    );
  }
  if (http.body.length > MAX_INLINE_BYTES) {
    parts.push('--data-binary', '@request-body.bin');
    return `${parts.join(' ')}  # body of ${http.body.length} bytes not inlined: save it as request-body.bin`;
  }
  const contentType = Object.entries(http.headers).find(([k]) => k.toLowerCase() === 'content-type')?.[1];
  if (wireFormatOf(contentType) === 'cbor' || !isUtf8Text(http.body)) {
    parts.push('--data-binary', '@-');
    return `printf %s ${quote(http.body.toString('base64'))} | base64 -d | ${parts.join(' ')}`;
  }
  parts.push('--data-binary', quote(http.body.toString('utf8')));
  return parts.join(' ');
}

/** POSIX shell single quoting. */
export function quote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

function regionOf(headers: Readonly<Record<string, string>>): string | undefined {
  const auth = Object.entries(headers).find(([k]) => k.toLowerCase() === 'authorization')?.[1];
  // Credential=AKID/20240101/us-east-1/kinesis/aws4_request
  return auth ? /Credential=[^/]+\/\d+\/([^/]+)\//.exec(auth)?.[1] : undefined;
}

function isUtf8Text(body: Buffer): boolean {
  return Buffer.from(body.toString('utf8'), 'utf8').equals(body);
}
