import { fullMatch } from '../protocol/full-match.ts';
import type { Exchange } from '../client/exchange.ts';
import type { OperationName } from '../protocol/operations.ts';
import type { Profile } from '../profiles/profile.ts';
import type { Check } from './check.ts';
import { historyFailure, type HistoryCheck } from './history-check.ts';
import { arnOf, type AddressedRequest, type ArnContext } from './lifecycle-view.ts';
import { describeResponse, failure, isObject } from './view.ts';

/** YDS takes StreamName only (the profile says why): the ARN checks do not apply. */
function noArn(profile: Profile): string | undefined {
  return profile.acceptsStreamArn
    ? undefined
    : `the ${profile.name} profile names streams by StreamName only: the seed's request has no StreamARN, and YDB answers an unknown JSON key with 400 (behaviour.md 1.2, 6 row 16)`;
}

/** DescribeStreamSummary's StreamARN has the model's form and names the stream. */
export const streamArnFormat: Check = {
  id: 'lifecycle.stream-arn-format',
  title: "DescribeStreamSummary's StreamARN has the model's form and names the stream",
  severity: 'must',
  source:
    'AWS-M StreamDescriptionSummary.StreamARN (required), StreamARN shape (1..2048, arn:aws.*:kinesis:.*:\\d{12}:stream/\\S+)',
  skipReason: noArn,
  judge(ctx) {
    const { exchange, profile } = ctx;
    if (exchange.request.operation !== 'DescribeStreamSummary' || exchange.status !== 200) return undefined;
    const summary = isObject(exchange.body) ? exchange.body['StreamDescriptionSummary'] : undefined;
    const name = isObject(summary) ? summary['StreamName'] : undefined;
    const arn = arnOf(exchange);
    const r = profile.streams.streamArn;
    const expected = `a StreamARN of ${r.minLength}..${r.maxLength} characters matching ${r.pattern} and ending in :stream/${String(name)}`;
    if (arn === undefined) return failure(this, expected, 'no StreamARN');
    const ok =
      arn.length >= r.minLength &&
      arn.length <= r.maxLength &&
      fullMatch(r.pattern).test(arn) &&
      arn.endsWith(`:stream/${String(name)}`);
    return ok ? undefined : failure(this, expected, `StreamARN ${JSON.stringify(arn)}`);
  },
};

/**
 * What an answer must share with the answer to the same request by StreamName: the stream it describes, the
 * shards it lists or wrote to. Iterators differ per call, so only that one was given.
 */
function essence(operation: OperationName, exchange: Exchange): string {
  const body = isObject(exchange.body) ? exchange.body : {};
  const ids = (list: unknown): unknown =>
    Array.isArray(list) ? list.map((s) => (isObject(s) ? s['ShardId'] : undefined)) : undefined;
  const pick = (key: string, inner: string): unknown =>
    isObject(body[key]) ? (body[key] as Record<string, unknown>)[inner] : undefined;
  switch (operation) {
    case 'DescribeStreamSummary':
      return JSON.stringify({ StreamName: pick('StreamDescriptionSummary', 'StreamName') });
    case 'DescribeStream':
      return JSON.stringify({
        StreamName: pick('StreamDescription', 'StreamName'),
        Shards: ids(pick('StreamDescription', 'Shards')),
      });
    case 'ListShards':
      return JSON.stringify({ Shards: ids(body['Shards']) });
    case 'PutRecords':
      return JSON.stringify({ Records: ids(body['Records']) });
    case 'PutRecord':
      return JSON.stringify({ ShardId: body['ShardId'] });
    case 'GetShardIterator':
      return JSON.stringify({
        ShardIterator: typeof body['ShardIterator'] === 'string' ? 'a string' : body['ShardIterator'],
      });
    default:
      return JSON.stringify(body);
  }
}

function addressedCheck(
  id: string,
  title: string,
  source: string,
  how: string,
  pick: (r: AddressedRequest) => Exchange,
): HistoryCheck<ArnContext> {
  return {
    id,
    title,
    severity: 'must',
    source,
    skipReason: noArn,
    judge(ctx) {
      if (arnOf(ctx.summary) === undefined)
        return { cannotJudge: 'DescribeStreamSummary reported no StreamARN to address the stream by' };
      let compared = 0;
      for (const r of ctx.requests) {
        // A request the target refuses by name too says nothing about addressing.
        if (r.byName.status !== 200) continue;
        compared++;
        const answer = pick(r);
        const expected = `${r.operation} by ${how} answered as by StreamName: HTTP 200 with ${essence(r.operation, r.byName)}`;
        if (answer.status !== 200) return historyFailure(this, expected, describeResponse(answer), answer);
        const got = essence(r.operation, answer);
        if (got !== essence(r.operation, r.byName))
          return historyFailure(this, expected, `HTTP 200 with ${got}`, answer);
      }
      return compared > 0 ? undefined : { cannotJudge: 'no request was answered by StreamName' };
    },
  };
}

export const streamArnAccepted = addressedCheck(
  'lifecycle.stream-arn-accepted',
  'Requests addressed by StreamARN alone are answered as by StreamName',
  'AWS-M PutRecords, PutRecord, DescribeStreamSummary, DescribeStream, ListShards, GetShardIterator ("you must use either the StreamARN or the StreamName parameter, or both"); behaviour.md 2.1 "StreamName", 6 row 16',
  'StreamARN',
  (r) => r.byArn,
);

/**
 * Both members naming the same stream: the model allows it. A StreamARN naming another stream than
 * StreamName is not documented (kinesis-mock lets the ARN win, behaviour.md 2.1), so it is not sent.
 */
export const streamArnWithName = addressedCheck(
  'lifecycle.stream-arn-with-name',
  'Requests giving both StreamName and the matching StreamARN are answered as by StreamName',
  'AWS-M (the same operations: "or both"); behaviour.md 2.1 "StreamName"',
  'StreamName and StreamARN together',
  (r) => r.byBoth,
);
