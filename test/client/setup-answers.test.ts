import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseEndpoint } from '../../src/protocol/endpoint.ts';
import { KinesisApi, UnexpectedResponseError } from '../../src/client/kinesis-api.ts';
import { closeConnections, decode } from '../../src/client/send.ts';
import { setupAnswerProblem, type SetupOperation } from '../../src/client/setup-answers.ts';
import { CONTENT_TYPES } from '../../src/protocol/wire.ts';
import type { ApiRequest, Exchange } from '../../src/client/exchange.ts';

function answer(
  operation: SetupOperation,
  status: number,
  body: string,
  contentType: string = CONTENT_TYPES.json,
): Exchange {
  const request: ApiRequest = { operation, wire: 'json', body: {} };
  const raw = Buffer.from(body);
  const decoded = decode(contentType, raw);
  return {
    request,
    http: { url: 'http://127.0.0.1:1/', method: 'POST', headers: {}, body: Buffer.alloc(0) },
    status,
    headers: { 'content-type': contentType },
    rawBody: raw,
    body: decoded.body,
    ...(decoded.error !== undefined ? { decodeError: decoded.error } : {}),
    durationMs: 1,
  };
}

const summary = (status: string) => JSON.stringify({ StreamDescriptionSummary: { StreamStatus: status } });
const shards = JSON.stringify({
  Shards: [{ ShardId: 'shardId-0', HashKeyRange: { StartingHashKey: '0', EndingHashKey: '99' } }],
  NextToken: null,
});

describe('setupAnswerProblem', () => {
  test.each([
    ['CreateStream', 200, ''],
    ['CreateStream', 200, '{}'],
    ['DeleteStream', 200, ''],
    ['DescribeStreamSummary', 200, summary('CREATING')],
    ['ListShards', 200, shards],
    ['ListShards', 200, '{}'],
    ['GetShardIterator', 200, '{"ShardIterator":"AAA"}'],
    ['GetRecords', 200, '{"Records":[{"anything":1}],"NextShardIterator":null,"MillisBehindLatest":0}'],
    ['GetRecords', 200, '{"NextShardIterator":"x"}'],
  ] as const)('%s %i %s keeps the contract', (operation, status, body) => {
    expect(setupAnswerProblem(operation, answer(operation, status, body))).toBeUndefined();
  });

  test.each([
    [
      'CreateStream',
      400,
      '{"__type":"ResourceInUseException","message":"exists"}',
      CONTENT_TYPES.json,
      'answered HTTP 400 ResourceInUseException: exists',
    ],
    [
      'CreateStream',
      200,
      'OK',
      'text/plain',
      `answered HTTP 200 with a body that is not JSON (cannot decode a 'text/plain' body): "OK"`,
    ],
    ['DescribeStreamSummary', 200, '', CONTENT_TYPES.json, 'answered HTTP 200 with an empty body'],
    [
      'DescribeStreamSummary',
      200,
      summary('READY'),
      CONTENT_TYPES.json,
      'answered HTTP 200 where /StreamDescriptionSummary/StreamStatus must be equal to one of the allowed values',
    ],
    ['DescribeStreamSummary', 200, '[]', CONTENT_TYPES.json, 'answered HTTP 200 where (body) must be object'],
    [
      'ListShards',
      200,
      '{"Shards":[{"ShardId":"s","HashKeyRange":{"StartingHashKey":"1e3","EndingHashKey":"9"}}]}',
      CONTENT_TYPES.json,
      'answered HTTP 200 where /Shards/0/HashKeyRange/StartingHashKey must match pattern "^(0|[1-9][0-9]*)$"',
    ],
    ['ListShards', 200, '{"Shards":{}}', CONTENT_TYPES.json, 'answered HTTP 200 where /Shards must be array'],
    [
      'GetShardIterator',
      200,
      '{"ShardIterator":7}',
      CONTENT_TYPES.json,
      'answered HTTP 200 where /ShardIterator must be string',
    ],
    [
      'GetRecords',
      200,
      '{"Records":"none"}',
      CONTENT_TYPES.json,
      'answered HTTP 200 where /Records must be array',
    ],
    [
      'GetRecords',
      500,
      '<html>oops</html>',
      'text/html',
      `answered HTTP 500 with a body that is not JSON (cannot decode a 'text/html' body): "<html>oops</html>"`,
    ],
    ['DeleteStream', 503, '', CONTENT_TYPES.json, 'answered HTTP 503 with an empty body'],
  ] as const)('%s %i %s: %s', (operation, status, body, contentType, problem) => {
    expect(setupAnswerProblem(operation, answer(operation, status, body, contentType))).toBe(problem);
  });
});

describe('KinesisApi setup calls against a target that answers text/plain', () => {
  let server: http.Server;
  let url: string;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end(String(req.headers['x-amz-target']).endsWith('CreateStream') ? '' : summary('ACTIVE'));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await closeConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  test('createStream throws an UnexpectedResponseError naming the call, the request and the answer, not a TypeError', async () => {
    const api = new KinesisApi({ endpoint: parseEndpoint(url), region: 'us-east-1' });
    const error = await api.createStream('s', 1).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    const e = error as UnexpectedResponseError;
    expect(e.code).toBe('KCS_UNEXPECTED_RESPONSE');
    expect(e.call).toBe('DescribeStreamSummary s');
    expect(e.problem).toMatch(
      /^answered HTTP 200 with a body that is not JSON \(cannot decode a 'text\/plain' body\): /,
    );
    expect(e.request).toEqual({
      operation: 'DescribeStreamSummary',
      wire: 'json',
      body: { StreamName: 's' },
    });
    expect(e.exchange?.headers['content-type']).toBe('text/plain');
  });

  test('a call without an answer names the call too', async () => {
    const api = new KinesisApi({ endpoint: parseEndpoint('http://127.0.0.1:9'), region: 'us-east-1' });
    const error = (await api.deleteStream('gone').catch((err: unknown) => err)) as UnexpectedResponseError;
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect(error.call).toBe('DeleteStream gone');
    expect(error.problem).toMatch(/^got no answer: /);
    expect(error.exchange).toBeUndefined();
  });
});
