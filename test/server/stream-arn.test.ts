/**
 * StreamARN as each profile reads it (profile.acceptsStreamArn). aws: every stream operation takes it
 * instead of StreamName, or with it (AWS-M). yds: the seed's requests have no StreamARN, and YDB refuses a
 * member its requests lack while reading the body, with 400 InvalidArgumentException "Unexpected json key:
 * StreamARN" (behaviour.md 1.2 "Unknown JSON key", 6 row 16; json_proto_conversion.h, V-CODE), PutRecords
 * included (its one-pass check leaves any request with StreamARN to the generic engine).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATIONS } from '../../src/protocol/operations.ts';
import type { RunningServer } from '../../src/server/server.ts';
import { call, createStream, expectMessage, startServer } from '../helpers/api.ts';
import { streamArn } from './operations/fixtures.ts';

const RECORD = { PartitionKey: 'k', Data: 'AA==' };

describe('StreamARN (yds profile)', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ profile: 'yds', shardWriteLimits: false });
    await createStream(server.url, 's', 1);
  });
  afterAll(() => server.close());

  it.each(OPERATIONS)('%s refuses it, alone or with StreamName', async (op) => {
    for (const body of [
      { StreamARN: streamArn('s'), Records: [RECORD], ...RECORD },
      { StreamName: 's', StreamARN: streamArn('s'), Records: [RECORD], ...RECORD },
    ])
      expectMessage(
        await call(server.url, op, body),
        { type: 'InvalidArgumentException', status: 400 },
        'Unexpected json key: StreamARN',
      );
  });

  it('writes nothing for a refused PutRecords', async () => {
    await call(server.url, 'PutRecords', { StreamName: 's', StreamARN: streamArn('s'), Records: [RECORD] });
    const it = await call<{ ShardIterator: string }>(server.url, 'GetShardIterator', {
      StreamName: 's',
      ShardId: 'shardId-000000000000',
      ShardIteratorType: 'TRIM_HORIZON',
    });
    const page = await call<{ Records: unknown[] }>(server.url, 'GetRecords', {
      ShardIterator: it.body.ShardIterator,
    });
    expect(page.body.Records).toEqual([]);
  });
});

describe('StreamARN (aws profile)', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ profile: 'aws', shardWriteLimits: false });
    await createStream(server.url, 's', 1);
  });
  afterAll(() => server.close());

  it('names the stream in PutRecords and PutRecord, alone or with StreamName', async () => {
    for (const body of [{ StreamARN: streamArn('s') }, { StreamName: 's', StreamARN: streamArn('s') }]) {
      const batch = await call<{ FailedRecordCount: number }>(server.url, 'PutRecords', {
        ...body,
        Records: [RECORD],
      });
      expect([batch.status, batch.body.FailedRecordCount]).toEqual([200, 0]);
      expect((await call(server.url, 'PutRecord', { ...body, ...RECORD })).status).toBe(200);
    }
  });
});
