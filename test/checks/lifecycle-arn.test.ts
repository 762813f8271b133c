import { describe, expect, test } from 'vitest';
import type { HistoryCheck, HistoryFailure } from '../../src/checks/history-check.ts';
import type { Exchange } from '../../src/client/exchange.ts';
import { streamArnAccepted, streamArnFormat, streamArnWithName } from '../../src/checks/lifecycle-arn.ts';
import type { AddressedRequest, ArnContext } from '../../src/checks/lifecycle-view.ts';
import { aws, context, yds } from './fixtures.ts';
import { ARN, call, look, STREAM } from './lifecycle-fixtures.ts';

/** The verdict, read as a failure where a test expects one (a cannot-judge verdict has its own key). */
function verdict<C>(check: HistoryCheck<C>, ctx: C): HistoryFailure | undefined {
  return check.judge(ctx) as HistoryFailure | undefined;
}

const shards = (ids: string[]) => ids.map((ShardId) => ({ ShardId }));
const answers: Record<string, unknown> = {
  DescribeStreamSummary: {
    StreamDescriptionSummary: { StreamName: STREAM, StreamARN: ARN, StreamStatus: 'ACTIVE' },
  },
  ListShards: { Shards: shards(['shardId-000000000000', 'shardId-000000000001']) },
  GetShardIterator: { ShardIterator: 'AAAA' },
  PutRecord: { ShardId: 'shardId-000000000001', SequenceNumber: '5' },
};

function same(
  operation: AddressedRequest['operation'],
  byArn?: Exchange,
  byBoth?: Exchange,
): AddressedRequest {
  const ok = call(operation, {}, 200, answers[operation]);
  return { operation, byName: ok, byArn: byArn ?? ok, byBoth: byBoth ?? ok };
}

const arnContext = (requests: AddressedRequest[], summary = look('ACTIVE')): ArnContext => ({
  profile: aws,
  stream: STREAM,
  summary,
  requests,
});
const all = () =>
  (['DescribeStreamSummary', 'ListShards', 'GetShardIterator', 'PutRecord'] as const).map((op) => same(op));

describe('lifecycle.stream-arn-format', () => {
  const judge = (arn: string | null) => streamArnFormat.judge(context(aws, look('ACTIVE', arn)));

  test("passes the model's form naming the stream, in any partition and region", () => {
    expect(judge(ARN)).toBeUndefined();
    expect(judge(`arn:aws-cn:kinesis:cn-north-1:123456789012:stream/${STREAM}`)).toBeUndefined();
  });

  test("fails no ARN, another stream, a short account, another service, the name alone (YDB's StreamArn)", () => {
    expect(judge(null)?.received).toBe('no StreamARN');
    expect(judge('arn:aws:kinesis:us-east-1:123456789012:stream/other')).toBeDefined();
    expect(judge(`arn:aws:kinesis:us-east-1:0:stream/${STREAM}`)).toBeDefined();
    expect(judge(`arn:aws:sqs:us-east-1:123456789012:stream/${STREAM}`)).toBeDefined();
    expect(judge(STREAM)).toBeDefined();
  });

  test('skipped for yds, with the reason', () => {
    expect(streamArnFormat.skipReason?.(yds)).toMatch(/StreamName only/);
    expect(streamArnFormat.skipReason?.(aws)).toBeUndefined();
  });
});

describe.each([
  [streamArnAccepted.id, streamArnAccepted, 'byArn'],
  [streamArnWithName.id, streamArnWithName, 'byBoth'],
] as const)('%s', (_, check, way) => {
  const broken = (operation: AddressedRequest['operation'], answer: Exchange): AddressedRequest =>
    way === 'byArn' ? same(operation, answer) : same(operation, undefined, answer);

  test('passes answers that agree with those by StreamName', () => {
    expect(verdict(check, arnContext(all()))).toBeUndefined();
  });

  test("fails kinesalite's refusal of the ARN (ValidationException: StreamName null)", () => {
    const refusal = call('PutRecord', {}, 400, {
      __type: 'ValidationException',
      message: "Value null at 'streamName'",
    });
    expect(verdict(check, arnContext([...all(), broken('PutRecord', refusal)]))?.received).toMatch(
      /^HTTP 400 ValidationException/,
    );
  });

  test('fails an answer about another stream or other shards', () => {
    const other = call('DescribeStreamSummary', {}, 200, {
      StreamDescriptionSummary: { StreamName: 'other' },
    });
    expect(verdict(check, arnContext([broken('DescribeStreamSummary', other)]))?.received).toBe(
      'HTTP 200 with {"StreamName":"other"}',
    );
    const fewer = call('ListShards', {}, 200, { Shards: shards(['shardId-000000000000']) });
    expect(verdict(check, arnContext([broken('ListShards', fewer)]))).toBeDefined();
    const elsewhere = call('PutRecord', {}, 200, { ShardId: 'shardId-000000000000', SequenceNumber: '6' });
    expect(verdict(check, arnContext([broken('PutRecord', elsewhere)]))).toBeDefined();
  });

  test('a fresh iterator is not a difference; no iterator is', () => {
    const another = call('GetShardIterator', {}, 200, { ShardIterator: 'BBBB' });
    expect(verdict(check, arnContext([broken('GetShardIterator', another)]))).toBeUndefined();
    const none = call('GetShardIterator', {}, 200, {});
    expect(verdict(check, arnContext([broken('GetShardIterator', none)]))).toBeDefined();
  });

  test('cannot judge without an ARN or without any answer by StreamName; skipped for yds', () => {
    expect(verdict(check, arnContext(all(), look('ACTIVE', null)))).toHaveProperty('cannotJudge');
    const refusedByName = { ...same('PutRecord'), byName: call('PutRecord', {}, 400, { __type: 'X' }) };
    expect(verdict(check, arnContext([refusedByName]))).toHaveProperty('cannotJudge');
    expect(check.skipReason?.(yds)).toMatch(/StreamName only/);
  });
});
