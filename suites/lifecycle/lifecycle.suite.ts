/**
 * Stream lifecycle and addressing: a stream created by the suite is watched from CreateStream to ACTIVE (with
 * writes while it shows CREATING), then deleted and written to once it is gone; writes go to a name no stream
 * has; and a 2-shard stream is addressed by StreamName, StreamARN and both. One test per check id.
 */
import { afterAll, beforeAll, inject, test } from 'vitest';
import { blob } from '../../src/client/kinesis-api.ts';
import type { ApiRequest } from '../../src/client/exchange.ts';
import { CHECKS, HISTORY_CHECKS } from '../../src/checks/index.ts';
import {
  arnOf,
  type ArnContext,
  type CreationContext,
  type GoneContext,
} from '../../src/checks/lifecycle-view.ts';
import { bytesOf } from '../../src/generators/bytes.ts';
import { putRecordsRequest } from '../../src/generators/batch.ts';
import { putRecordRequest } from '../../src/generators/put-record.ts';
import { runCheck } from '../lib/harness.ts';
import { runHistoryCheck } from '../lib/history-harness.ts';
import {
  addressEachWay,
  deleteAndWrite,
  sendAll,
  watchCreation,
  type Addressable,
} from '../lib/lifecycle-recorder.ts';
import { Session } from '../lib/session.ts';

const cfg = inject('kcs');
const session = new Session(cfg);
const ADDRESSED = { suffix: 'lifecycle-arn', shards: 2 };
const addressed = session.name(ADDRESSED.suffix);
/** Created and deleted by the tests themselves, so that its creation and deletion can be watched. */
const fresh = session.name('lifecycle-new');
const FRESH_SHARDS = 1;
const missing = session.name('lifecycle-missing');

beforeAll(() => {
  const needed = ADDRESSED.shards + FRESH_SHARDS;
  if (needed > cfg.maxShards)
    throw new Error(`the lifecycle suite needs ${needed} shards, more than the allowed ${cfg.maxShards}`);
  return session.createStreams([ADDRESSED]);
});
afterAll(async () => {
  // The watched stream is gone when the tests ran to their end; otherwise it goes here.
  await session.api
    .call('DeleteStream', { StreamName: fresh, EnforceConsumerDeletion: true })
    .catch(() => undefined);
  await session.close();
});

/** One write of each kind to `stream`. */
function writes(stream: string): ApiRequest[] {
  const record = { partitionKey: 'k', dataBytes: 1 };
  return [putRecordsRequest(stream, [record], cfg.wire), putRecordRequest(stream, record, cfg.wire)];
}

let creation: Promise<CreationContext> | undefined;
function created(): Promise<CreationContext> {
  creation ??= (async () => ({
    profile: session.profile,
    stream: fresh,
    ...(await watchCreation(session.api, fresh, FRESH_SHARDS, () => writes(fresh))),
  }))();
  return creation;
}

let deletion: Promise<GoneContext> | undefined;
function deleted(): Promise<GoneContext> {
  deletion ??= (async () => {
    await created();
    return {
      profile: session.profile,
      stream: fresh,
      ...(await deleteAndWrite(session.api, session.profile, fresh, () => writes(fresh))),
    };
  })();
  return deletion;
}

async function neverCreated(): Promise<GoneContext> {
  return { profile: session.profile, stream: missing, writes: await sendAll(session.api, writes(missing)) };
}

let addressing: Promise<ArnContext> | undefined;
function addressedEachWay(): Promise<ArnContext> {
  addressing ??= (async () => {
    const summary = await session.api.call('DescribeStreamSummary', { StreamName: addressed });
    const arn = arnOf(summary);
    const shardId = session.shardsOf(addressed)![0]!.shardId;
    const record = { PartitionKey: 'k', Data: blob(cfg.wire, bytesOf(1)) };
    const requests: Addressable = [
      ['DescribeStreamSummary', {}],
      ['DescribeStream', {}],
      ['ListShards', {}],
      ['GetShardIterator', { ShardId: shardId, ShardIteratorType: 'TRIM_HORIZON' }],
      ['PutRecords', { Records: [record] }],
      ['PutRecord', record],
    ];
    return {
      profile: session.profile,
      stream: addressed,
      summary,
      requests: arn === undefined ? [] : await addressEachWay(session.api, addressed, arn, requests),
    };
  })();
  return addressing;
}

// No describe block: the test's name is exactly the check id (the reporters' contract).
for (const id of ['lifecycle.creating-then-active', 'lifecycle.write-while-creating'] as const)
  test(id, (t) => runHistoryCheck(t, HISTORY_CHECKS[id], session, created));

test('lifecycle.missing-stream', (t) =>
  runHistoryCheck(t, HISTORY_CHECKS['lifecycle.missing-stream'], session, neverCreated));

test('lifecycle.deleted-stream', (t) =>
  runHistoryCheck(t, HISTORY_CHECKS['lifecycle.deleted-stream'], session, deleted));

test('lifecycle.stream-arn-format', (t) =>
  runCheck(t, CHECKS['lifecycle.stream-arn-format'], session, async (run) => {
    const { summary } = await addressedEachWay();
    run.judge([
      { name: 'DescribeStreamSummary by StreamName', ctx: { profile: session.profile, exchange: summary } },
    ]);
  }));

for (const id of ['lifecycle.stream-arn-accepted', 'lifecycle.stream-arn-with-name'] as const)
  test(id, (t) => runHistoryCheck(t, HISTORY_CHECKS[id], session, addressedEachWay));
