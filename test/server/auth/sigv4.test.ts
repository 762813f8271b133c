import { describe, it, expect } from 'vitest';
import { NodeSha256 } from '../../../src/protocol/sha256.ts';
import { Buffer } from 'node:buffer';
import aws4 from 'aws4';
import fc from 'fast-check';
import { SignatureV4 } from '@smithy/signature-v4';
import { verifySigV4, type SigV4Config, type SigV4Request } from '../../../src/server/auth/sigv4.ts';

// Fixed clock: every request is signed at NOW (or a chosen offset) so results never depend on the wall clock.
const NOW = Date.UTC(2026, 10, 27, 12, 0, 0);
const MINUTE = 60_000;
const HOST = 'kinesis.us-east-1.amazonaws.com';
const ACCESS_KEY_ID = 'AKIDEXAMPLE';
const SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
const CONFIG: SigV4Config = { credentials: new Map([[ACCESS_KEY_ID, SECRET]]), region: 'us-east-1' };
const BODY = '{"StreamName":"s","Records":[{"Data":"AAE=","PartitionKey":"k"}]}';
const MISMATCH =
  'The request signature we calculated does not match the signature you provided. ' +
  'Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

const amzDate = (ms: number): string =>
  new Date(ms)
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');

interface Aws4Options {
  readonly body?: string | Uint8Array;
  readonly path?: string;
  readonly headers?: Record<string, string>;
  readonly secret?: string;
  readonly accessKeyId?: string;
  readonly at?: number;
  readonly region?: string;
  readonly signQuery?: boolean;
}

/** Signs with aws4 (an implementation independent of the verifier's) and returns what Node would hand us. */
function signWithAws4(options: Aws4Options = {}): SigV4Request {
  const body = Buffer.from(options.body ?? BODY);
  const signed = aws4.sign(
    {
      host: HOST,
      method: 'POST',
      path: options.path ?? '/',
      service: 'kinesis',
      region: options.region ?? 'us-east-1',
      body,
      ...(options.signQuery ? { signQuery: true } : {}),
      headers: {
        'Content-Type': 'application/x-amz-json-1.1',
        'X-Amz-Target': 'Kinesis_20131202.PutRecords',
        ...(options.signQuery ? {} : { 'X-Amz-Date': amzDate(options.at ?? NOW) }),
        ...options.headers,
      },
    },
    { accessKeyId: options.accessKeyId ?? ACCESS_KEY_ID, secretAccessKey: options.secret ?? SECRET },
  );
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(signed.headers ?? {})) {
    if (value !== undefined) headers[name.toLowerCase()] = String(value);
  }
  return { method: 'POST', path: signed.path ?? '/', headers, body: new Uint8Array(body) };
}

/** Signs the way the AWS SDK for JavaScript does (applyChecksum on, so x-amz-content-sha256 is sent). */
async function signWithSmithy(signableHeaders?: Set<string>): Promise<SigV4Request> {
  const signer = new SignatureV4({
    credentials: { accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET },
    region: 'us-east-1',
    service: 'kinesis',
    sha256: NodeSha256,
  });
  const bytes = new Uint8Array(Buffer.from(BODY));
  const signed = await signer.sign(
    {
      method: 'POST',
      protocol: 'https:',
      hostname: HOST,
      path: '/',
      query: {},
      headers: {
        host: HOST,
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'Kinesis_20131202.PutRecords',
        'user-agent': 'aws-sdk-js/3 test',
      },
      body: bytes,
    },
    { signingDate: new Date(NOW), ...(signableHeaders ? { signableHeaders } : {}) },
  );
  return { method: 'POST', path: '/', headers: { ...signed.headers }, body: bytes };
}

const withHeaders = (req: SigV4Request, headers: Record<string, string | undefined>): SigV4Request => ({
  ...req,
  headers: { ...req.headers, ...headers },
});

describe('verifySigV4: valid signatures', () => {
  it('accepts a request signed by @smithy/signature-v4 (the AWS SDK signer)', async () => {
    const req = await signWithSmithy();
    expect(req.headers['x-amz-content-sha256']).toBeDefined();
    expect(await verifySigV4(req, CONFIG, NOW)).toBeUndefined();
  });

  it('accepts a client that signed a header the SDK never signs itself (user-agent)', async () => {
    const req = await signWithSmithy(new Set(['user-agent']));
    expect(req.headers.authorization).toContain('user-agent');
    expect(await verifySigV4(req, CONFIG, NOW)).toBeUndefined();
    const changed = withHeaders(req, { 'user-agent': 'another agent' });
    expect(await verifySigV4(changed, CONFIG, NOW)).toEqual({ kind: 'invalidSignature', message: MISMATCH });
  });

  it('accepts a request signed by aws4 (independent cross-check)', async () => {
    expect(await verifySigV4(signWithAws4(), CONFIG, NOW)).toBeUndefined();
  });

  it('accepts an aws4-signed request received over HTTP/2 (:authority, no host header)', async () => {
    const { host, ...rest } = signWithAws4().headers;
    const req: SigV4Request = {
      method: 'POST',
      path: '/',
      headers: { ...rest, ':authority': host, ':method': 'POST', ':path': '/', ':scheme': 'https' },
      body: new Uint8Array(Buffer.from(BODY)),
    };
    expect(req.headers.host).toBeUndefined();
    expect(await verifySigV4(req, CONFIG, NOW)).toBeUndefined();
  });

  it('accepts a signed Date header alongside X-Amz-Date (the SDK signer would drop it)', async () => {
    const req = signWithAws4({ headers: { Date: new Date(NOW).toUTCString() } });
    expect(req.headers.authorization).toContain('date;');
    expect(await verifySigV4(req, CONFIG, NOW)).toBeUndefined();
  });

  it('accepts a query string and collapses runs of spaces in header values', async () => {
    const req = signWithAws4({ path: '/?b=2&a=x%20y&a=1', headers: { 'X-Custom': '  a   b \t c ' } });
    expect(await verifySigV4(req, CONFIG, NOW)).toBeUndefined();
    // Servers and proxies may fold whitespace; the canonical form is unchanged.
    expect(await verifySigV4(withHeaders(req, { 'x-custom': 'a b c' }), CONFIG, NOW)).toBeUndefined();
  });

  it('accepts a skew within 5 minutes either way', async () => {
    expect(await verifySigV4(signWithAws4({ at: NOW - 4 * MINUTE }), CONFIG, NOW)).toBeUndefined();
    expect(await verifySigV4(signWithAws4({ at: NOW + 4 * MINUTE }), CONFIG, NOW)).toBeUndefined();
  });

  it('accepts a request presigned by aws4 (query-string auth), honouring X-Amz-Expires', async () => {
    // aws4 keeps an X-Amz-Date already in the query, which makes the signing time deterministic.
    const req = signWithAws4({ signQuery: true, path: `/?X-Amz-Date=${amzDate(NOW)}&X-Amz-Expires=3600` });
    expect(req.headers.authorization).toBeUndefined();
    expect(req.path).toContain('X-Amz-Signature=');
    expect(await verifySigV4(req, CONFIG, NOW)).toBeUndefined();
    expect(await verifySigV4(req, CONFIG, NOW + 59 * MINUTE)).toBeUndefined();
    expect(await verifySigV4(req, CONFIG, NOW + 61 * MINUTE)).toEqual({
      kind: 'invalidSignature',
      message:
        'Signature expired: 20261127T120000Z is now earlier than 20261127T120100Z (20261127T130100Z - 60 min.)',
    });
    const tampered = { ...req, body: new Uint8Array(Buffer.from(BODY.replace('"k"', '"j"'))) };
    expect(await verifySigV4(tampered, CONFIG, NOW)).toEqual({ kind: 'invalidSignature', message: MISMATCH });
  });

  it('accepts a request presigned by @smithy/signature-v4', async () => {
    const signer = new SignatureV4({
      credentials: { accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET },
      region: 'us-east-1',
      service: 'kinesis',
      sha256: NodeSha256,
    });
    const body = new Uint8Array(Buffer.from(BODY));
    const presigned = await signer.presign(
      {
        method: 'POST',
        protocol: 'https:',
        hostname: HOST,
        path: '/',
        query: {},
        headers: { host: HOST, 'content-type': 'application/x-amz-json-1.1' },
        body,
      },
      { signingDate: new Date(NOW), expiresIn: 300 },
    );
    const search = Object.entries(presigned.query ?? {})
      .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
      .join('&');
    const req: SigV4Request = {
      method: 'POST',
      path: `/?${search}`,
      headers: { ...presigned.headers },
      body,
    };
    expect(await verifySigV4(req, CONFIG, NOW)).toBeUndefined();
  });
});

describe('verifySigV4: signature mismatches', () => {
  it('rejects a request signed with the wrong secret', async () => {
    const req = signWithAws4({ secret: 'not-the-secret' });
    expect(await verifySigV4(req, CONFIG, NOW)).toEqual({ kind: 'invalidSignature', message: MISMATCH });
  });

  it('rejects a body changed after signing (no declared hash)', async () => {
    const req = { ...signWithAws4(), body: new Uint8Array(Buffer.from(BODY.replace('"k"', '"j"'))) };
    expect(await verifySigV4(req, CONFIG, NOW)).toEqual({ kind: 'invalidSignature', message: MISMATCH });
  });

  it('rejects a body that no longer matches a declared x-amz-content-sha256', async () => {
    const req = {
      ...(await signWithSmithy()),
      body: new Uint8Array(Buffer.from(BODY.replace('"k"', '"j"'))),
    };
    expect(await verifySigV4(req, CONFIG, NOW)).toEqual({
      kind: 'invalidSignature',
      message: "The provided 'x-amz-content-sha256' header does not match what was computed.",
    });
  });

  it('rejects a signed header changed after signing', async () => {
    const req = withHeaders(signWithAws4(), { 'x-amz-target': 'Kinesis_20131202.DeleteStream' });
    expect(await verifySigV4(req, CONFIG, NOW)).toEqual({ kind: 'invalidSignature', message: MISMATCH });
  });

  it('rejects a path or query changed after signing', async () => {
    const req = signWithAws4({ path: '/?a=1' });
    expect(await verifySigV4({ ...req, path: '/?a=2' }, CONFIG, NOW)).toEqual({
      kind: 'invalidSignature',
      message: MISMATCH,
    });
    expect(await verifySigV4({ ...req, path: '/x?a=1' }, CONFIG, NOW)).toEqual({
      kind: 'invalidSignature',
      message: MISMATCH,
    });
  });

  it('rejects a signature for UNSIGNED-PAYLOAD replayed with a different declared hash', async () => {
    const req = withHeaders(await signWithSmithy(), { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' });
    expect(await verifySigV4(req, CONFIG, NOW)).toEqual({ kind: 'invalidSignature', message: MISMATCH });
  });
});

describe('verifySigV4: clock and scope', () => {
  it('rejects a signature 6 minutes in the past with the recorded "expired" message', async () => {
    expect(await verifySigV4(signWithAws4({ at: NOW - 6 * MINUTE }), CONFIG, NOW)).toEqual({
      kind: 'invalidSignature',
      message:
        'Signature expired: 20261127T115400Z is now earlier than 20261127T115500Z (20261127T120000Z - 5 min.)',
    });
  });

  it('rejects a signature 6 minutes in the future with the recorded "not yet current" message', async () => {
    expect(await verifySigV4(signWithAws4({ at: NOW + 6 * MINUTE }), CONFIG, NOW)).toEqual({
      kind: 'invalidSignature',
      message:
        'Signature not yet current: 20261127T120600Z is still later than 20261127T120500Z (20261127T120000Z + 5 min.)',
    });
  });

  it('rejects a credential scope date that differs from X-Amz-Date', async () => {
    const req = signWithAws4();
    const authorization = String(req.headers.authorization).replace('/20261127/', '/20261126/');
    expect(await verifySigV4(withHeaders(req, { authorization }), CONFIG, NOW)).toEqual({
      kind: 'invalidSignature',
      message: 'Invalid credential date. Date is not the same as X-Amz-Date.',
    });
  });

  it('rejects a scope for another region, naming both regions', async () => {
    const result = await verifySigV4(signWithAws4({ region: 'eu-west-1' }), CONFIG, NOW);
    expect(result?.kind).toBe('invalidSignature');
    expect(result?.message).toContain("'us-east-1'");
    expect(result?.message).toContain("'eu-west-1'");
    // Without a configured region any region verifies.
    const anyRegion = { credentials: CONFIG.credentials };
    expect(await verifySigV4(signWithAws4({ region: 'eu-west-1' }), anyRegion, NOW)).toBeUndefined();
  });

  it('rejects a scope for another service', async () => {
    const result = await verifySigV4(signWithAws4(), { ...CONFIG, service: 'firehose' }, NOW);
    expect(result?.kind).toBe('invalidSignature');
    expect(result?.message).toContain("'firehose'");
    expect(result?.message).toContain("'kinesis'");
  });

  it('rejects an unknown access key id', async () => {
    expect(await verifySigV4(signWithAws4({ accessKeyId: 'AKIDUNKNOWN' }), CONFIG, NOW)).toEqual({
      kind: 'unrecognizedClient',
      message: 'The security token included in the request is invalid.',
    });
  });
});

describe('verifySigV4: missing and incomplete authentication', () => {
  const unsigned: SigV4Request = {
    method: 'POST',
    path: '/',
    headers: { host: HOST, 'content-type': 'application/x-amz-json-1.1' },
    body: new Uint8Array(Buffer.from(BODY)),
  };

  it('answers MissingAuthenticationToken without Authorization or X-Amz-Algorithm', async () => {
    expect(await verifySigV4(unsigned, CONFIG, NOW)).toEqual({
      kind: 'missingAuthenticationToken',
      message: 'Missing Authentication Token',
    });
  });

  it('lists every missing part for "Authorization: X" (recorded AWS message)', async () => {
    expect(await verifySigV4(withHeaders(unsigned, { authorization: 'X' }), CONFIG, NOW)).toEqual({
      kind: 'incompleteSignature',
      message:
        "Authorization header requires 'Credential' parameter. " +
        "Authorization header requires 'Signature' parameter. " +
        "Authorization header requires 'SignedHeaders' parameter. " +
        "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. " +
        'Authorization=X',
    });
  });

  it('lists only the parts that are missing', async () => {
    const authorization = `AWS4-HMAC-SHA256 Credential=${ACCESS_KEY_ID}/20261127/us-east-1/kinesis/aws4_request`;
    const req = withHeaders(unsigned, { authorization, 'x-amz-date': amzDate(NOW) });
    expect(await verifySigV4(req, CONFIG, NOW)).toEqual({
      kind: 'incompleteSignature',
      message:
        "Authorization header requires 'Signature' parameter. " +
        "Authorization header requires 'SignedHeaders' parameter. " +
        `Authorization=${authorization}`,
    });
  });

  it('rejects both header and query-string authentication', async () => {
    const req = { ...signWithAws4(), path: '/?X-Amz-Algorithm=AWS4-HMAC-SHA256' };
    expect(await verifySigV4(req, CONFIG, NOW)).toEqual({
      kind: 'invalidSignature',
      message: "Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header.",
    });
  });

  it('lists the missing presigned query-string parameters', async () => {
    const req = { ...unsigned, path: '/?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=20261127T120000Z' };
    expect(await verifySigV4(req, CONFIG, NOW)).toEqual({
      kind: 'incompleteSignature',
      message:
        "AWS query-string parameters must include 'X-Amz-Credential'. " +
        "AWS query-string parameters must include 'X-Amz-Signature'. " +
        "AWS query-string parameters must include 'X-Amz-SignedHeaders'. " +
        'Re-examine the query-string parameters.',
    });
  });

  it('rejects an algorithm other than AWS4-HMAC-SHA256', async () => {
    const req = signWithAws4();
    const authorization = String(req.headers.authorization).replace('AWS4-HMAC-SHA256', 'AWS4-HMAC-SHA1');
    const result = await verifySigV4(withHeaders(req, { authorization }), CONFIG, NOW);
    expect(result?.kind).toBe('incompleteSignature');
    expect(result?.message).toContain("'AWS4-HMAC-SHA1'");
  });

  it('rejects a malformed Credential', async () => {
    const req = signWithAws4();
    const authorization = String(req.headers.authorization).replace('/aws4_request', '');
    const result = await verifySigV4(withHeaders(req, { authorization }), CONFIG, NOW);
    expect(result?.kind).toBe('incompleteSignature');
    expect(result?.message).toMatch(/Credential is malformed/);
  });
});

describe('verifySigV4: property', () => {
  // Unreserved characters plus everything encodeURIComponent escapes, so the path and query exercise
  // SigV4's double-encoding and sorting rules.
  const segment = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 6 }).map(encodeURIComponent);
  const path = fc.array(segment, { maxLength: 3 }).map((segments) => `/${segments.join('/')}`);
  const query = fc
    .array(
      fc.tuple(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 5 }), fc.string({ unit: 'grapheme' })),
      {
        maxLength: 4,
      },
    )
    .map((pairs) => pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&'));
  const headerValue = fc.string({ unit: fc.constantFrom(...'ab Z9-\t;,"='.split('')), maxLength: 12 });

  it('verifies what aws4 signs, and rejects any single flipped body byte', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ minLength: 1, maxLength: 256 }),
        path,
        query,
        headerValue,
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        async (body, p, q, value, index, mask) => {
          const req = signWithAws4({ body, path: q ? `${p}?${q}` : p, headers: { 'X-Custom': value } });
          expect(await verifySigV4(req, CONFIG, NOW)).toBeUndefined();
          const flipped = new Uint8Array(req.body);
          const at = index % flipped.length;
          flipped[at] = (flipped[at] ?? 0) ^ mask;
          expect(await verifySigV4({ ...req, body: flipped }, CONFIG, NOW)).toEqual({
            kind: 'invalidSignature',
            message: MISMATCH,
          });
        },
      ),
      { numRuns: 200 },
    );
  });
});
