import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseEndpoint } from '../../src/protocol/endpoint.ts';
import { build } from '../../src/client/build.ts';
import { curlLine, quote } from '../../src/client/curl.ts';
import type { Target } from '../../src/client/exchange.ts';
import { KinesisApi } from '../../src/client/kinesis-api.ts';
import { closeConnections, decode, send } from '../../src/client/send.ts';
import { sign } from '../../src/client/sign.ts';
import { TransportError } from '../../src/errors.ts';
import { CONTENT_TYPES, decodeCbor } from '../../src/protocol/wire.ts';
import { createServer, type RunningServer } from '../../src/server/server.ts';

const credentials = { accessKeyId: 'AKIDKCS', secretAccessKey: 'kcs-secret' };
let server: RunningServer;
let target: Target;

beforeAll(async () => {
  server = await createServer({
    port: 0,
    host: '127.0.0.1',
    auth: { mode: 'sigv4', credentials: new Map([[credentials.accessKeyId, credentials.secretAccessKey]]) },
  });
  target = { endpoint: parseEndpoint(server.url), region: 'us-east-1', credentials };
});
afterAll(async () => {
  await closeConnections();
  await server.close();
});

describe('build', () => {
  test('frames JSON and CBOR requests: POST to the endpoint path, content type, target; header overrides and removals', () => {
    const json = build(
      { endpoint: parseEndpoint('http://127.0.0.1:9/x'), region: 'r' },
      { operation: 'PutRecords', wire: 'json', body: { A: 1 } },
    );
    // The path is kept: Yandex Data Streams reads the database from it (behaviour.md 1.1).
    expect(json).toMatchObject({ url: 'http://127.0.0.1:9/x', method: 'POST' });
    expect(json.headers['host']).toBe('127.0.0.1:9');
    expect(json.headers).toMatchObject({
      'content-type': CONTENT_TYPES.json,
      'x-amz-target': 'Kinesis_20131202.PutRecords',
    });
    expect(json.body.toString()).toBe('{"A":1}');
    const cbor = build(target, {
      operation: 'ListShards',
      wire: 'cbor',
      body: { D: new Uint8Array([1, 2]) },
      headers: { 'X-Amz-Target': null },
    });
    expect(cbor.headers['x-amz-target']).toBeUndefined();
    expect([...(decodeCbor(cbor.body) as { D: Uint8Array }).D]).toEqual([1, 2]);
  });
});

describe('sign and send', () => {
  test('a signed request is accepted by a SigV4-verifying server; unsigned is refused', async () => {
    const api = new KinesisApi(target);
    await api.createStream('kcs-client-test', 2);
    expect((await api.listShards('kcs-client-test')).map((s) => s.shardId)).toHaveLength(2);
    const unsigned = await send(
      { endpoint: parseEndpoint(server.url), region: 'us-east-1' },
      { operation: 'ListStreams', wire: 'json', body: {} },
    );
    expect(unsigned.status).toBe(400);
    expect(unsigned.headers['x-amzn-requestid']).toBeTruthy();
  });

  test('PutRecords over CBOR round-trips Data as bytes', async () => {
    const api = new KinesisApi(target, { wire: 'cbor' });
    const ex = await api.putRecords('kcs-client-test', [
      { PartitionKey: 'a', Data: new Uint8Array([0, 255]) },
    ]);
    expect(ex.status).toBe(200);
    expect(ex.headers['content-type']).toBe(CONTENT_TYPES.cbor);
    const shardId = (ex.body as { Records: { ShardId: string }[] }).Records[0]!.ShardId;
    const read = await api.getRecords(await api.getShardIterator('kcs-client-test', shardId));
    expect(read.records.map((r) => (r as { PartitionKey?: unknown }).PartitionKey)).toEqual(['a']);
    await api.deleteStream('kcs-client-test');
  });

  test('a refused connection is a TransportError', async () => {
    const closed = await createServer({ port: 0, host: '127.0.0.1' });
    const url = closed.url;
    await closed.close();
    await expect(
      send(
        { endpoint: parseEndpoint(url), region: 'r' },
        { operation: 'ListStreams', wire: 'json', body: {} },
      ),
    ).rejects.toBeInstanceOf(TransportError);
  });

  test('decode: by content type, empty is undefined, garbage is a decode error', () => {
    expect(decode(CONTENT_TYPES.json, Buffer.from('{"a":1}'))).toEqual({ body: { a: 1 } });
    expect(decode(CONTENT_TYPES.json, Buffer.alloc(0))).toEqual({ body: undefined });
    expect(decode(CONTENT_TYPES.json, Buffer.from('{'))?.error).toMatch(/invalid JSON/);
    expect(decode('application/xml', Buffer.from('<x/>'))?.error).toMatch(/application\/xml/);
  });
});

describe('curlLine', () => {
  test('a signed JSON request: no secret, re-signed by curl, body quoted for the shell', async () => {
    const http = await sign(
      target,
      build(target, { operation: 'PutRecords', wire: 'json', body: { StreamName: "it's" } }),
    );
    const line = curlLine(http, { region: 'us-east-1' });
    expect(http.headers['authorization']).toMatch(/Signature=/);
    expect(line).not.toMatch(/Signature=|authorization/i);
    expect(line).toContain(
      `--aws-sigv4 'aws:amz:us-east-1:kinesis' --user "$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY"`,
    );
    expect(line).toContain(`--data-binary '{"StreamName":"it'\\''s"}'`);
  });

  test('a CBOR body is piped from base64 and decodes back to the same bytes', () => {
    const http = build(
      { endpoint: parseEndpoint('http://127.0.0.1:9'), region: 'r' },
      { operation: 'PutRecords', wire: 'cbor', body: { D: new Uint8Array([0, 1]) } },
    );
    const line = curlLine(http);
    expect(line).toMatch(/^printf %s '[A-Za-z0-9+/=]+' \| base64 -d \| curl /);
    const b64 = /^printf %s '([^']+)'/.exec(line)![1]!;
    expect(Buffer.from(b64, 'base64').equals(http.body)).toBe(true);
  });

  test('quote survives a real shell', () => {
    const text = `a'b "c" $HOME \\`;
    expect(execFileSync('sh', ['-c', `printf %s ${quote(text)}`]).toString()).toBe(text);
  });
});
