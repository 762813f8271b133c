/**
 * Stream lifecycle, listing, reading back, retention and the protocol edges of the handler (behaviour.md
 * 1.2, 4.4, 5): everything around PutRecords that a conformance run relies on.
 */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROFILES } from '../../src/profiles/index.ts';
import { CONTENT_TYPES, TARGET_PREFIX } from '../../src/protocol/wire.ts';
import { maxBodyBytes } from '../../src/server/body-limit.ts';
import type { RunningServer } from '../../src/server/server.ts';
import {
  call,
  createStream,
  expectError,
  listShardRanges,
  readShard,
  startServer,
  type ApiResponse,
} from '../helpers/api.ts';

interface PutRecordsOutput {
  readonly FailedRecordCount: number;
  readonly Records: { SequenceNumber: string; ShardId: string }[];
}
interface StoredRecord {
  readonly SequenceNumber: string;
  readonly PartitionKey: string;
  readonly Data: string;
  readonly ApproximateArrivalTimestamp: number;
}
interface GetRecordsOutput {
  readonly Records: StoredRecord[];
  readonly NextShardIterator: string;
  readonly MillisBehindLatest: number;
}
interface StreamDescription {
  readonly StreamDescription: { StreamStatus: string; Shards: { ShardId: string }[] };
}

const profile = PROFILES.yds;
const ERR = profile.errors;
const WRITE_WHILE_CREATING = {
  ResourceNotFoundException: ERR.resourceNotFound,
  ResourceInUseException: ERR.resourceInUse,
}[profile.writeWhileCreating];

const b64 = (text: string): string => Buffer.from(text).toString('base64');
const records = (keys: string[]): { PartitionKey: string; Data: string }[] =>
  keys.map((k) => ({ PartitionKey: k, Data: b64(`data-${k}`) }));

async function putOk(url: string, stream: string, keys: string[]): Promise<PutRecordsOutput> {
  const res = await call<PutRecordsOutput>(url, 'PutRecords', { StreamName: stream, Records: records(keys) });
  expect(res.status, res.text).toBe(200);
  expect(res.body.FailedRecordCount).toBe(0);
  return res.body;
}

/** Polls `check` until it holds or `ms` pass: waiting on a condition, never a fixed sleep. */
async function until(check: () => Promise<boolean>, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('stream lifecycle', () => {
  let server: RunningServer;
  let url: string;
  beforeAll(async () => {
    server = await startServer({ profile: profile.name, shardWriteLimits: false, shardLimit: 10 });
    url = server.url;
  });
  afterAll(() => server.close());

  it('refuses a second stream of the same name with ResourceInUseException', async () => {
    await createStream(url, 'dup', 1);
    const res = await call(url, 'CreateStream', { StreamName: 'dup', ShardCount: 1 });
    expectError(res, ERR.resourceInUse);
  });

  it('refuses shards beyond the shard limit with LimitExceededException, and frees them on delete', async () => {
    // 'dup' holds 1 of the 10.
    await createStream(url, 'big', 6);
    expectError(await call(url, 'CreateStream', { StreamName: 'more', ShardCount: 4 }), ERR.limitExceeded);
    await createStream(url, 'more', 3);
    expect((await call(url, 'DeleteStream', { StreamName: 'big' })).status).toBe(200);
    await createStream(url, 'again', 6);
    for (const name of ['again', 'more'])
      expect((await call(url, 'DeleteStream', { StreamName: name })).status).toBe(200);
  });

  it('answers ResourceNotFoundException for writes and reads of a deleted stream', async () => {
    await createStream(url, 'doomed', 1);
    await putOk(url, 'doomed', ['a']);
    expect((await call(url, 'DeleteStream', { StreamName: 'doomed' })).status).toBe(200);
    expectError(
      await call(url, 'PutRecords', { StreamName: 'doomed', Records: records(['a']) }),
      ERR.resourceNotFound,
    );
    expectError(
      await call(url, 'PutRecord', { StreamName: 'doomed', PartitionKey: 'a', Data: b64('x') }),
      ERR.resourceNotFound,
    );
    expectError(await call(url, 'DescribeStream', { StreamName: 'doomed' }), ERR.resourceNotFound);
    expectError(await call(url, 'DeleteStream', { StreamName: 'doomed' }), ERR.resourceNotFound);
  });
});

describe('a stream that is still CREATING', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ profile: profile.name, shardWriteLimits: false, createStreamDelayMs: 500 });
  });
  afterAll(() => server.close());

  it(`refuses writes with ${profile.writeWhileCreating}, lists no shards, then becomes ACTIVE`, async () => {
    const url = server.url;
    await createStream(url, 'slow', 2);
    expectError(
      await call(url, 'PutRecords', { StreamName: 'slow', Records: records(['a']) }),
      WRITE_WHILE_CREATING,
    );
    expectError(
      await call(url, 'PutRecord', { StreamName: 'slow', PartitionKey: 'a', Data: b64('x') }),
      WRITE_WHILE_CREATING,
    );
    const creating = await call<StreamDescription>(url, 'DescribeStream', { StreamName: 'slow' });
    expect(creating.body.StreamDescription.StreamStatus).toBe('CREATING');
    expect(creating.body.StreamDescription.Shards).toEqual([]);

    let last: ApiResponse<StreamDescription> | undefined;
    await until(async () => {
      last = await call<StreamDescription>(url, 'DescribeStream', { StreamName: 'slow' });
      return last.body.StreamDescription.StreamStatus !== 'CREATING';
    });
    expect(last!.body.StreamDescription.StreamStatus).toBe('ACTIVE');
    expect(last!.body.StreamDescription.Shards).toHaveLength(2);
    await putOk(url, 'slow', ['a', 'b']);
  });
});

describe('listing', () => {
  let server: RunningServer;
  let url: string;
  const NAMES = ['ls-a', 'ls-b', 'ls-c', 'ls-d', 'ls-e'];
  beforeAll(async () => {
    server = await startServer({ profile: profile.name, shardWriteLimits: false });
    url = server.url;
    for (const name of [...NAMES].reverse()) await createStream(url, name, 1);
    await createStream(url, 'shards5', 5);
  });
  afterAll(() => server.close());

  it('pages ListStreams with Limit and NextToken', async () => {
    const seen: string[] = [];
    let token: string | undefined;
    for (let page = 0; page < 10; page++) {
      const res = await call<{ StreamNames: string[]; HasMoreStreams: boolean; NextToken?: string }>(
        url,
        'ListStreams',
        token === undefined ? { Limit: 2 } : { Limit: 2, NextToken: token },
      );
      expect(res.status).toBe(200);
      expect(res.body.StreamNames.length).toBeLessThanOrEqual(2);
      seen.push(...res.body.StreamNames);
      expect(res.body.HasMoreStreams).toBe(res.body.NextToken !== undefined);
      if (!res.body.HasMoreStreams) break;
      token = res.body.NextToken;
    }
    expect(seen).toEqual([...NAMES, 'shards5'].sort());
  });

  it('starts ListStreams after ExclusiveStartStreamName', async () => {
    const res = await call<{ StreamNames: string[] }>(url, 'ListStreams', {
      ExclusiveStartStreamName: 'ls-c',
    });
    expect(res.body.StreamNames).toEqual(['ls-d', 'ls-e', 'shards5']);
  });

  it('pages ListShards with MaxResults and NextToken', async () => {
    const all = (await listShardRanges(url, 'shards5')).map((r) => r.shardId);
    expect(all).toHaveLength(5);
    const seen: string[] = [];
    let res = await call<{ Shards: { ShardId: string }[]; NextToken?: string }>(url, 'ListShards', {
      StreamName: 'shards5',
      MaxResults: 2,
    });
    const sizes: number[] = [];
    for (let page = 0; page < 10; page++) {
      expect(res.status).toBe(200);
      sizes.push(res.body.Shards.length);
      seen.push(...res.body.Shards.map((s) => s.ShardId));
      if (res.body.NextToken === undefined) break;
      res = await call(url, 'ListShards', { NextToken: res.body.NextToken, MaxResults: 2 });
    }
    expect(sizes).toEqual([2, 2, 1]);
    expect(seen).toEqual(all);
  });

  it('refuses NextToken together with StreamName, and neither, with InvalidArgumentException', async () => {
    const first = await call<{ NextToken: string }>(url, 'ListShards', {
      StreamName: 'shards5',
      MaxResults: 1,
    });
    expect(typeof first.body.NextToken).toBe('string');
    expectError(
      await call(url, 'ListShards', { StreamName: 'shards5', NextToken: first.body.NextToken }),
      ERR.invalidArgument,
    );
    expectError(await call(url, 'ListShards', {}), ERR.invalidArgument);
  });
});

describe('reading back', () => {
  let server: RunningServer;
  let url: string;
  let shardId: string;
  let written: PutRecordsOutput['Records'];
  let all: StoredRecord[];
  const STREAM = 'iterators';
  const KEYS = ['r0', 'r1', 'r2', 'r3', 'r4'];

  const iterate = async (body: Record<string, unknown>): Promise<ApiResponse<{ ShardIterator: string }>> =>
    call<{ ShardIterator: string }>(url, 'GetShardIterator', {
      StreamName: STREAM,
      ShardId: shardId,
      ...body,
    });
  const page = (iterator: string, limit?: number): Promise<ApiResponse<GetRecordsOutput>> =>
    call<GetRecordsOutput>(
      url,
      'GetRecords',
      limit === undefined ? { ShardIterator: iterator } : { ShardIterator: iterator, Limit: limit },
    );
  const keysFrom = async (body: Record<string, unknown>): Promise<string[]> => {
    const it = await iterate(body);
    expect(it.status, it.text).toBe(200);
    return (await page(it.body.ShardIterator)).body.Records.map((r) => r.PartitionKey);
  };

  beforeAll(async () => {
    server = await startServer({ profile: profile.name, shardWriteLimits: false });
    url = server.url;
    await createStream(url, STREAM, 1);
    [shardId] = (await listShardRanges(url, STREAM)).map((r) => r.shardId) as [string];
    const first = await putOk(url, STREAM, KEYS.slice(0, 2));
    // The second batch must arrive in a later millisecond than the first, for AT_TIMESTAMP.
    const after = Date.now();
    await until(() => Promise.resolve(Date.now() > after));
    const second = await putOk(url, STREAM, KEYS.slice(2));
    written = [...first.Records, ...second.Records];
    all = (await readShard(url, STREAM, shardId)) as StoredRecord[];
  });
  afterAll(() => server.close());

  it('reads everything from TRIM_HORIZON in write order with the written sequence numbers and data', () => {
    expect(all.map((r) => r.PartitionKey)).toEqual(KEYS);
    expect(all.map((r) => r.SequenceNumber)).toEqual(written.map((w) => w.SequenceNumber));
    expect(all.map((r) => Buffer.from(r.Data, 'base64').toString())).toEqual(KEYS.map((k) => `data-${k}`));
  });

  it('starts AT_SEQUENCE_NUMBER at and AFTER_SEQUENCE_NUMBER after the given record', async () => {
    const seq = written[2]!.SequenceNumber;
    expect(await keysFrom({ ShardIteratorType: 'AT_SEQUENCE_NUMBER', StartingSequenceNumber: seq })).toEqual([
      'r2',
      'r3',
      'r4',
    ]);
    expect(
      await keysFrom({ ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', StartingSequenceNumber: seq }),
    ).toEqual(['r3', 'r4']);
    expect(
      await keysFrom({
        ShardIteratorType: 'AFTER_SEQUENCE_NUMBER',
        StartingSequenceNumber: written[4]!.SequenceNumber,
      }),
    ).toEqual([]);
  });

  it('starts AT_TIMESTAMP at the first record that arrived at or after the time', async () => {
    const arrival = all.map((r) => r.ApproximateArrivalTimestamp);
    expect(arrival[2]!).toBeGreaterThan(arrival[1]!);
    expect(await keysFrom({ ShardIteratorType: 'AT_TIMESTAMP', Timestamp: arrival[2] })).toEqual([
      'r2',
      'r3',
      'r4',
    ]);
    expect(await keysFrom({ ShardIteratorType: 'AT_TIMESTAMP', Timestamp: arrival[0] })).toEqual(KEYS);
    expect(await keysFrom({ ShardIteratorType: 'AT_TIMESTAMP', Timestamp: 0 })).toEqual(KEYS);
    // One millisecond after the last arrival, once that is in the past (a future time is refused, below).
    const afterLast = arrival[4]! + 0.001;
    await until(() => Promise.resolve(Date.now() > afterLast * 1000));
    expect(await keysFrom({ ShardIteratorType: 'AT_TIMESTAMP', Timestamp: afterLast })).toEqual([]);
  });

  it("refuses an AT_TIMESTAMP in the future with InvalidArgumentException (AWS's text, via kinesalite)", async () => {
    const res = await iterate({ ShardIteratorType: 'AT_TIMESTAMP', Timestamp: Date.now() / 1000 + 60 });
    expectError(res, ERR.invalidArgument);
    expect(res.text).toContain(
      'The timestampInMillis parameter cannot be greater than the currentTimestampInMillis',
    );
  });

  it('refuses inconsistent iterator requests with InvalidArgumentException', async () => {
    expectError(await iterate({ ShardIteratorType: 'AT_SEQUENCE_NUMBER' }), ERR.invalidArgument);
    expectError(
      await iterate({
        ShardIteratorType: 'TRIM_HORIZON',
        StartingSequenceNumber: written[0]!.SequenceNumber,
      }),
      ERR.invalidArgument,
    );
    expectError(await iterate({ ShardIteratorType: 'AT_TIMESTAMP' }), ERR.invalidArgument);
  });

  it('answers ResourceNotFoundException for a shard that does not exist', async () => {
    expectError(
      await call(url, 'GetShardIterator', {
        StreamName: STREAM,
        ShardId: 'shardId-000000000009',
        ShardIteratorType: 'LATEST',
      }),
      ERR.resourceNotFound,
    );
  });

  // YDS takes only the exact id (behaviour.md 6 row 25); AWS's short ids are get-shard-iterator.test.ts's.
  it('refuses the short shard ids shardId-0 and 0 with ResourceNotFoundException', async () => {
    for (const short of ['shardId-0', '0']) {
      const res = await call(url, 'GetShardIterator', {
        StreamName: STREAM,
        ShardId: short,
        ShardIteratorType: 'TRIM_HORIZON',
      });
      expectError(res, ERR.resourceNotFound);
    }
  });

  it('pages GetRecords with Limit and ends caught up', async () => {
    const it = await iterate({ ShardIteratorType: 'TRIM_HORIZON' });
    let iterator = it.body.ShardIterator;
    const pages: string[][] = [];
    let last: GetRecordsOutput | undefined;
    for (let i = 0; i < 10; i++) {
      const res = await page(iterator, 2);
      expect(res.status).toBe(200);
      last = res.body;
      if (res.body.Records.length === 0) break;
      pages.push(res.body.Records.map((r) => r.PartitionKey));
      iterator = res.body.NextShardIterator;
    }
    expect(pages).toEqual([['r0', 'r1'], ['r2', 'r3'], ['r4']]);
    expect(last!.MillisBehindLatest).toBe(0);
    expect(typeof last!.NextShardIterator).toBe('string');
  });

  it('starts LATEST after the last record and then sees new ones (runs last: it writes)', async () => {
    const latest = await iterate({ ShardIteratorType: 'LATEST' });
    const empty = await page(latest.body.ShardIterator);
    expect(empty.body.Records).toEqual([]);
    await putOk(url, STREAM, ['r5']);
    expect((await page(latest.body.ShardIterator)).body.Records.map((r) => r.PartitionKey)).toEqual(['r5']);
    expect((await page(empty.body.NextShardIterator)).body.Records.map((r) => r.PartitionKey)).toEqual([
      'r5',
    ]);
  });

  it('refuses an iterator that is not one with InvalidArgumentException', async () => {
    expectError(await page('not-an-iterator'), ERR.invalidArgument);
    expectError(await page(Buffer.from('{"s":"x"}').toString('base64')), ERR.invalidArgument);
  });
});

describe('retention by bytes', () => {
  const BUDGET = 100;
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({
      profile: profile.name,
      shardWriteLimits: false,
      retentionBytesPerShard: BUDGET,
    });
  });
  afterAll(() => server.close());

  it('trims the oldest records and starts TRIM_HORIZON at the first kept one', async () => {
    const url = server.url;
    await createStream(url, 'small', 1);
    const keys = Array.from({ length: 10 }, (_, i) => `k${i}`);
    // 2-byte keys and 20-byte data: 22 bytes a record (data + keys, options.ts).
    const put = await call<PutRecordsOutput>(url, 'PutRecords', {
      StreamName: 'small',
      Records: keys.map((k) => ({ PartitionKey: k, Data: Buffer.alloc(20).toString('base64') })),
    });
    expect(put.body.FailedRecordCount).toBe(0);
    const kept = Math.floor(BUDGET / 22);
    const [shard] = await listShardRanges(url, 'small');
    const read = await readShard(url, 'small', shard!.shardId);
    expect(read.map((r) => r.PartitionKey)).toEqual(keys.slice(-kept));
    expect(read[0]!.SequenceNumber).toBe(put.body.Records[keys.length - kept]!.SequenceNumber);
  });
});

/**
 * AWS's answers (behaviour.md 1.2, KL-T connection.js, V-AWS), so the aws profile; the yds profile's own are
 * test/server/protocol.test.ts's. The body cap is the same in both.
 */
describe('protocol edges (aws profile)', () => {
  let server: RunningServer;
  let url: string;
  const AWS_ERR = PROFILES.aws.errors;
  const cap = maxBodyBytes(PROFILES.aws);
  beforeAll(async () => {
    server = await startServer({ profile: 'aws', shardWriteLimits: false });
    url = server.url;
    await createStream(url, 'edge', 1);
  });
  afterAll(() => server.close());

  it('answers a non-POST request with 403 AccessDeniedException XML', async () => {
    const res = await call(url, 'ListStreams', undefined, { method: 'GET' });
    expect(res.status).toBe(403);
    expect(res.headers['content-type']).toBe('application/xml');
    expect(res.text).toContain('<AccessDeniedException>');
  });

  it('answers a missing Content-Type with 404 UnknownOperation XML for a known target, 403 AccessDenied otherwise', async () => {
    const known = await call(url, 'ListStreams', '{}', { contentType: null });
    expect(known.status).toBe(404);
    expect(known.text).toContain('<UnknownOperationException/>');
    const unknown = await call(url, 'ListStreams', '{}', { contentType: null, target: null });
    expect(unknown.status).toBe(403);
    expect(unknown.text).toContain('<AccessDeniedException>');
    // JSON 1.0 is not served either (behaviour.md 1.2).
    const json10 = await call(url, 'ListStreams', '{}', { contentType: 'application/x-amz-json-1.0' });
    expect(json10.status).toBe(404);
  });

  it('answers malformed JSON and an empty body with SerializationException without a message', async () => {
    for (const body of ['{"StreamName":', '']) {
      const res = await call(url, 'ListStreams', body);
      expectError(res, AWS_ERR.serialization);
      expect(res.body).toEqual({ __type: AWS_ERR.serialization.type });
    }
  });

  it('answers an unknown operation or service with UnknownOperationException', async () => {
    for (const target of [`${TARGET_PREFIX}.Foo`, 'Foo_1.PutRecords', 'PutRecords', null]) {
      const res = await call(url, 'Foo', {}, { target });
      expectError(res, AWS_ERR.unknownOperation);
    }
  });

  it('refuses a declared Content-Length over the cap with 413', async () => {
    const res = await rawRequest(url, { 'content-length': String(cap + 1) }, (req) => req.write('{}'));
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body).__type).toBe(AWS_ERR.requestTooLarge.type);
  });

  it('refuses a chunked body over the cap with 413 while it is still streaming, and keeps serving', async () => {
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    let sent = 0;
    const res = await rawRequest(url, { 'transfer-encoding': 'chunked' }, (req, answered) => {
      const pump = (): void => {
        while (!answered() && sent <= cap) {
          sent += chunk.length;
          if (!req.write(chunk)) {
            req.once('drain', pump);
            return;
          }
        }
        // Past the cap the body is left open: only an answer given mid-stream ends this request.
      };
      pump();
    });
    expect(res.status).toBe(413);
    expect(res.ended).toBe(false);
    expect(sent).toBeGreaterThan(cap);
    expect(JSON.parse(res.body).__type).toBe(AWS_ERR.requestTooLarge.type);
    const after = await call(url, 'PutRecords', { StreamName: 'edge', Records: records(['after']) });
    expect(after.status).toBe(200);
  });
});

/**
 * A raw HTTP/1.1 PutRecords request whose body `write` produces; resolves with the answer as soon as it
 * is complete, whether or not the body was finished (`ended`).
 */
function rawRequest(
  url: string,
  headers: Record<string, string>,
  write: (req: http.ClientRequest, answered: () => boolean) => void,
): Promise<{ status: number; body: string; ended: boolean }> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    let answered = false;
    let ended = false;
    const req = http.request({
      host: target.hostname,
      port: target.port,
      method: 'POST',
      path: '/',
      headers: {
        'content-type': CONTENT_TYPES.json,
        'x-amz-target': `${TARGET_PREFIX}.PutRecords`,
        ...headers,
      },
    });
    const guard = setTimeout(() => {
      req.destroy();
      reject(new Error('no answer within 10 s'));
    }, 10_000);
    req.on('finish', () => {
      ended = true;
    });
    req.on('response', (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        clearTimeout(guard);
        req.destroy();
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), ended });
      });
      res.on('error', () => undefined);
    });
    // Once answered, a reset of the half-sent body is expected.
    req.on('error', (err) => {
      if (!answered) {
        clearTimeout(guard);
        reject(err);
      }
    });
    write(req, () => answered);
  });
}
