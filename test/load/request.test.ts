import { describe, expect, it } from 'vitest';
import { NodeSha256 } from '../../src/protocol/sha256.ts';
import aws4 from 'aws4';
import { SignatureV4 } from '@smithy/signature-v4';
import { verifySigV4 } from '../../src/server/auth/sigv4.ts';
import { nodeSigningCrypto } from '../../src/load/node-crypto.ts';
import { parseEndpoint } from '../../src/protocol/endpoint.ts';
import {
  amzDate,
  buildJsonRequest,
  buildRequest,
  canonicalUri,
  SigV4Signer,
  type HttpParts,
  type SigningCredentials,
} from '../../src/load/request.ts';

// A fixed clock, so the signature never depends on the wall clock.
const NOW = Date.UTC(2026, 10, 27, 12, 34, 56);
const CREDENTIALS: SigningCredentials = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
};
const BODY = new TextEncoder().encode('{"StreamName":"s","Records":[{"Data":"AAE=","PartitionKey":"k"}]}');

function ours(parts: HttpParts, credentials = CREDENTIALS, region = 'us-east-1'): Record<string, string> {
  const signer = new SigV4Signer(credentials, region, nodeSigningCrypto);
  return signer.sign(parts, nodeSigningCrypto.sha256Hex(parts.body), NOW);
}

async function smithy(
  parts: HttpParts,
  credentials = CREDENTIALS,
  region = 'us-east-1',
): Promise<Record<string, string>> {
  const signer = new SignatureV4({
    credentials,
    region,
    service: 'kinesis',
    sha256: NodeSha256,
    applyChecksum: false,
  });
  const signed = await signer.sign(
    {
      method: parts.method,
      protocol: 'http:',
      hostname: parts.headers['host']!,
      path: parts.path,
      query: {},
      headers: { ...parts.headers },
      body: parts.body,
    },
    { signingDate: new Date(NOW) },
  );
  return signed.headers;
}

describe('the pure request module', () => {
  it('frames an operation as the JSON 1.1 / CBOR 1.1 protocol does', () => {
    const endpoint = parseEndpoint('http://127.0.0.1:9');
    const put = buildRequest(endpoint, 'PutRecords', 'cbor', BODY);
    expect(put).toEqual({
      method: 'POST',
      path: '/',
      headers: {
        host: '127.0.0.1:9',
        'content-type': 'application/x-amz-cbor-1.1',
        'x-amz-target': 'Kinesis_20131202.PutRecords',
      },
      body: BODY,
    });
    const control = buildJsonRequest(endpoint, 'ListShards', { StreamName: 's' });
    expect(new TextDecoder().decode(control.body)).toBe('{"StreamName":"s"}');
  });

  it('formats X-Amz-Date in ISO 8601 basic format', () => {
    expect(amzDate(NOW)).toBe('20261127T123456Z');
  });

  it.each([
    ['/', '/'],
    ['', '/'],
    ['/a/b', '/a/b'],
    ['/a/./b/../c/', '/a/c/'],
    ['/a%20b', '/a%2520b'],
  ])('canonical URI of %j is %j', (path, expected) => {
    expect(canonicalUri(path)).toBe(expected);
  });
});

describe('SigV4: the same signature as the reference signers', () => {
  const endpoint = parseEndpoint('http://127.0.0.1:4567');

  it.each(['/', '/kinesis/', '/a%20b/c'])(
    'as @smithy/signature-v4 (the AWS SDK signer) for path %s',
    async (path) => {
      const parts = buildRequest({ ...endpoint, path }, 'PutRecords', 'json', BODY);
      const mine = ours(parts);
      const theirs = await smithy(parts);
      expect(mine['authorization']).toBe(theirs['authorization']);
      expect(mine['x-amz-date']).toBe(theirs['x-amz-date']);
    },
  );

  it('as @smithy/signature-v4 with temporary credentials (session token signed)', async () => {
    const credentials = { ...CREDENTIALS, sessionToken: 'FQoGZXIvYXdzEXAMPLETOKEN' };
    const parts = buildRequest(endpoint, 'PutRecords', 'cbor', BODY);
    const mine = ours(parts, credentials, 'ru-central1');
    const theirs = await smithy(parts, credentials, 'ru-central1');
    expect(mine['x-amz-security-token']).toBe(credentials.sessionToken);
    expect(mine['authorization']).toBe(theirs['authorization']);
    expect(mine['authorization']).toContain('x-amz-security-token');
  });

  it('as aws4', () => {
    const parts = buildRequest(endpoint, 'PutRecords', 'json', BODY);
    // aws4 signs the Content-Length it adds; give ours the same header set.
    const withLength: HttpParts = {
      ...parts,
      headers: { ...parts.headers, 'content-length': String(BODY.length) },
    };
    const mine = ours(withLength);
    const theirs = aws4.sign(
      {
        host: endpoint.host,
        method: 'POST',
        path: '/',
        service: 'kinesis',
        region: 'us-east-1',
        body: Buffer.from(BODY),
        headers: {
          'Content-Type': parts.headers['content-type']!,
          'X-Amz-Target': parts.headers['x-amz-target']!,
          'X-Amz-Date': amzDate(NOW),
        },
      },
      CREDENTIALS,
    );
    expect(mine['authorization']).toBe(theirs.headers?.['Authorization']);
  });

  it('is accepted by the reference server, and refused once the body changes', async () => {
    const parts = buildRequest(endpoint, 'PutRecords', 'json', BODY);
    const headers = ours(parts);
    const config = { credentials: new Map([[CREDENTIALS.accessKeyId, CREDENTIALS.secretAccessKey]]) };
    const request = { method: 'POST', path: '/', headers, body: BODY };
    expect(await verifySigV4(request, config, NOW)).toBeUndefined();
    const tampered = { ...request, body: new TextEncoder().encode('{"StreamName":"t"}') };
    expect(await verifySigV4(tampered, config, NOW)).toMatchObject({ kind: 'invalidSignature' });
  });

  it('derives the signing key once per day', () => {
    let hmacs = 0;
    const counting = {
      ...nodeSigningCrypto,
      hmacSha256: (k: Uint8Array | string, d: string) => (hmacs++, nodeSigningCrypto.hmacSha256(k, d)),
    };
    const signer = new SigV4Signer(CREDENTIALS, 'us-east-1', counting);
    const parts = buildRequest(endpoint, 'PutRecords', 'json', BODY);
    signer.sign(parts, 'x', NOW);
    expect(hmacs).toBe(5); // 4 for the key, 1 for the signature
    signer.sign(parts, 'x', NOW + 1000);
    expect(hmacs).toBe(6);
    signer.sign(parts, 'x', NOW + 86_400_000);
    expect(hmacs).toBe(11);
  });
});
