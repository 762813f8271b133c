/**
 * The protocol-level answers of each profile (behaviour.md 1.1 and 1.2) for every operation the server
 * implements, the resharding, tag and retention operations included: they come before the operation is
 * looked at, so each must hold for every target the server knows. `aws`: AWS's answers (KL-T connection.js,
 * V-AWS). `yds`: YDB's (YDB-T DifferentContentTypes, MissingAction; http_req.cpp, V-CODE), and AWS's where
 * YDS's sources are silent (another method than POST).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROFILES } from '../../src/profiles/index.ts';
import { OPERATIONS } from '../../src/protocol/operations.ts';
import { CONTENT_TYPES } from '../../src/protocol/wire.ts';
import type { RunningServer } from '../../src/server/server.ts';
import { call, expectError, expectMessage, startServer, type ApiResponse } from '../helpers/api.ts';

const ACCESS_DENIED_XML =
  '<AccessDeniedException>\n  <Message>Unable to determine service/operation name to be authorized</Message>\n</AccessDeniedException>\n';

function useServer(profile: 'aws' | 'yds'): () => string {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ profile, shardWriteLimits: false });
  });
  afterAll(() => server.close());
  return () => server.url;
}

describe('protocol-level answers for every operation (aws profile: AWS)', () => {
  const profile = PROFILES.aws;
  const url = useServer('aws');

  it.each(OPERATIONS)('%s', async (op) => {
    const get = await call(url(), op, undefined, { method: 'GET' });
    expect([get.status, get.headers['content-type']]).toEqual([403, 'application/xml']);
    expect(get.text).toBe(ACCESS_DENIED_XML);
    for (const contentType of [null, 'application/x-amz-json-1.0']) {
      const res = await call(url(), op, '{}', { contentType });
      expect(res.status).toBe(404);
      expect(res.text).toBe('<UnknownOperationException/>\n');
    }
    for (const body of ['{"StreamName":', '']) {
      const res = await call(url(), op, body);
      expect(res.body).toEqual({ __type: profile.errors.serialization.type });
      expect(res.status).toBe(profile.errors.serialization.status);
    }
    expectError(
      await call(url(), op, '{}', { target: `Kinesis_20131201.${op}` }),
      profile.errors.unknownOperation,
    );
    // Answered in CBOR when asked in CBOR.
    const cbor = await call(url(), op, Buffer.from([0xff]), { wire: 'cbor' });
    expect(cbor.headers['content-type']).toBe(CONTENT_TYPES.cbor);
    expectError(cbor, profile.errors.serialization);
  });
});

/** What decides an answer: its status, error type and message (a success has neither). */
function outcome(res: ApiResponse): unknown {
  const body = res.body as { __type?: unknown; message?: unknown } | undefined;
  return { status: res.status, type: body?.__type, message: body?.message };
}

describe('protocol-level answers for every operation (yds profile: YDB)', () => {
  const url = useServer('yds');
  const invalid = { type: 'InvalidArgumentException', status: 400 };

  it.each(OPERATIONS)('%s', async (op) => {
    // behaviour.md 1.1: only GET /ping is documented for YDB, so another method gets AWS's answer.
    const get = await call(url(), op, undefined, { method: 'GET' });
    expect([get.status, get.headers['content-type'], get.text]).toEqual([
      403,
      'application/xml',
      ACCESS_DENIED_XML,
    ]);
    // 1.1 "Request content types": "Anything else, including an absent header: 400 InvalidArgumentException
    // 'Unknown ContentType'" (YDB-T DifferentContentTypes), whatever the target.
    for (const [contentType, target] of [
      [null, undefined],
      ['text/plain', undefined],
      ['application/x-amz-json-1.2', undefined],
      [null, null],
      [null, 'Foo_1.Foo'],
    ] as const) {
      const res = await call(url(), op, '{}', { contentType, target });
      expect(res.headers['content-type']).toBe(CONTENT_TYPES.json);
      expectMessage(res, invalid, 'Unknown ContentType');
    }
    // 1.2 "Malformed JSON" / "Empty body" (http_req.cpp RequestBodyToProto, YDB-T).
    expectMessage(await call(url(), op, '{"StreamName":'), invalid, 'Can not parse request body from JSON');
    expectMessage(await call(url(), op, ''), invalid, 'Empty body');
    const cbor = await call(url(), op, Buffer.from([0xff]), { wire: 'cbor' });
    expect(cbor.headers['content-type']).toBe(CONTENT_TYPES.cbor);
    expectMessage(cbor, invalid, 'Can not parse request body from CBOR');
    // 1.2 "Wrong service": any prefix but AmazonSQS is served as the API's own (YDB-T kinesisApi.PutRecords,
    // legacyApi.CreateStream); AmazonSQS names the message queue's methods, none of which this is (INF).
    const served = outcome(await call(url(), op, '{}'));
    for (const target of [`kinesisApi.${op}`, `Foo_1.${op}`])
      expect(outcome(await call(url(), op, '{}', { target })), target).toEqual(served);
    expectMessage(
      await call(url(), op, '{}', { target: `AmazonSQS.${op}` }),
      { type: 'InvalidAction', status: 400 },
      `Missing method name ${op}`,
    );
    // 1.1: application/json, x-amz-json-1.0 and -1.1 are JSON, application/cbor and x-amz-cbor-1.1 CBOR,
    // answered in JSON 1.1 or CBOR 1.1 (http_req.cpp strByMimeAws).
    for (const contentType of [
      'application/json',
      'application/x-amz-json-1.0',
      'Application/JSON; charset=utf-8',
    ]) {
      const res = await call(url(), op, '{}', { contentType });
      expect(res.headers['content-type'], contentType).toBe(CONTENT_TYPES.json);
      expect(outcome(res), contentType).toEqual(served);
    }
    const viaCbor = await call(url(), op, {}, { wire: 'cbor', contentType: 'application/cbor' });
    expect(viaCbor.headers['content-type']).toBe(CONTENT_TYPES.cbor);
    expect(outcome(viaCbor)).toEqual(served);
  });
});

describe('X-Amz-Target without a known method (yds profile: YDB)', () => {
  const url = useServer('yds');

  it('answers an unknown method with InvalidAction "Missing method name <name>" (behaviour.md 1.2, YDB-T)', async () => {
    for (const target of ['Kinesis_20131202.Foo', 'kinesisApi.Foo'])
      expectMessage(
        await call(url(), 'Foo', '{}', { target }),
        { type: 'InvalidAction', status: 400 },
        'Missing method name Foo',
      );
  });

  it("answers an empty method with MissingAction (YDB-T MissingAction; the text is http_req.cpp's)", async () => {
    for (const target of ['Kinesis_20131202.', '.', 'PutRecords', null])
      expectMessage(
        await call(url(), 'PutRecords', '{}', { target }),
        { type: 'MissingAction', status: 400 },
        'Unknown method name ',
      );
  });
});

describe('X-Amz-Target without a known method (aws profile: AWS)', () => {
  const url = useServer('aws');

  it('answers UnknownOperationException without a message (KL-T connection.js, V-AWS)', async () => {
    for (const target of [
      'Kinesis_20131202.Foo',
      'Kinesis_20131202.',
      'Foo_1.PutRecords',
      'PutRecords',
      null,
    ]) {
      const res = await call(url(), 'PutRecords', '{}', { target });
      expect([res.status, res.body], String(target)).toEqual([400, { __type: 'UnknownOperationException' }]);
    }
  });

  it('answers no Content-Type with AccessDenied XML when the target names no operation (behaviour.md 1.2)', async () => {
    for (const target of [null, 'Kinesis_20131202.Foo', 'Foo_1.PutRecords']) {
      const res = await call(url(), 'PutRecords', '{}', { contentType: null, target });
      expect([res.status, res.text], String(target)).toEqual([403, ACCESS_DENIED_XML]);
    }
  });

  it('refuses the content types only YDB reads with 404 UnknownOperationException XML', async () => {
    for (const contentType of ['application/json', 'application/cbor', 'text/plain']) {
      const res = await call(url(), 'ListStreams', '{}', { contentType });
      expect([res.status, res.text], contentType).toEqual([404, '<UnknownOperationException/>\n']);
    }
  });
});
