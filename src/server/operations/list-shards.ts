import { AwsError } from '../aws-error.ts';
import type { Operation } from '../operation.ts';
import { existingStream, NEXT_TOKEN_RULE, STREAM_ARN_RULE, streamNameOf, streamNameRule } from './common.ts';
import { describeShard } from './shard-description.ts';
import { decodeToken, encodeToken } from './tokens.ts';

/** AWS-M ListShards: MaxResults 1..10000 (100 by default in practice); NextToken expires after 300 s. */
const DEFAULT_MAX_RESULTS = 100;
const NEXT_TOKEN_TTL_MS = 300_000;

interface ListShardsToken {
  s: string;
  a: number;
  t: number;
}

export const listShards: Operation = {
  shape(profile) {
    return {
      StreamName: streamNameRule(profile, false),
      StreamARN: STREAM_ARN_RULE,
      NextToken: NEXT_TOKEN_RULE,
      ExclusiveStartShardId: { type: 'String', minLength: 1, maxLength: 128, pattern: '[a-zA-Z0-9_.-]+' },
      MaxResults: { type: 'Integer', min: 1, max: 10_000 },
      StreamCreationTimestamp: { type: 'Timestamp' },
      ShardFilter: {
        type: 'Structure',
        members: {
          Type: {
            type: 'String',
            notNull: true,
            enum: [
              'AFTER_SHARD_ID',
              'AT_TRIM_HORIZON',
              'FROM_TRIM_HORIZON',
              'AT_LATEST',
              'AT_TIMESTAMP',
              'FROM_TIMESTAMP',
            ],
          },
          ShardId: { type: 'String', minLength: 1, maxLength: 128 },
          Timestamp: { type: 'Timestamp' },
        },
      },
    };
  },
  run(ctx, input) {
    const invalid = (message: string): AwsError => new AwsError(ctx.profile.errors.invalidArgument, message);
    const tokenText = input['NextToken'] as string | undefined;
    const hasName = input['StreamName'] !== undefined || input['StreamARN'] !== undefined;
    // Messages as kinesalite's actions/listShards.js reproduces AWS.
    if (tokenText !== undefined && hasName)
      throw invalid('NextToken and StreamName cannot be provided together.');
    if (tokenText === undefined && !hasName)
      throw invalid('Either NextToken or StreamName should be provided.');
    let name: string;
    let afterIndex = -1;
    if (tokenText !== undefined) {
      const token = decodeToken<ListShardsToken>(
        tokenText,
        (v) => typeof v['s'] === 'string' && Number.isSafeInteger(v['a']) && Number.isSafeInteger(v['t']),
      );
      if (!token) throw invalid('Invalid NextToken.');
      if (ctx.nowMs - token.t > NEXT_TOKEN_TTL_MS) {
        throw new AwsError(
          ctx.profile.errors.expiredNextToken,
          'The timestamp for the NextToken has expired.',
        );
      }
      name = token.s;
      afterIndex = token.a;
    } else {
      name = streamNameOf(ctx, input);
    }
    const stream = existingStream(ctx, name);
    const filter = input['ShardFilter'] as { Type: string; ShardId?: string } | undefined;
    const after =
      (input['ExclusiveStartShardId'] as string | undefined) ??
      (filter?.Type === 'AFTER_SHARD_ID' ? filter.ShardId : undefined);
    if (after !== undefined) {
      const shard = stream.findShard(after);
      afterIndex = shard ? shard.index : stream.shards.length;
    }
    const max = (input['MaxResults'] as number | undefined) ?? DEFAULT_MAX_RESULTS;
    const rest = (stream.status === 'CREATING' ? [] : stream.shards).slice(afterIndex + 1);
    const page = rest.slice(0, max);
    const body: Record<string, unknown> = { Shards: page.map(describeShard) };
    if (rest.length > max)
      body['NextToken'] = encodeToken({ s: stream.name, a: page[page.length - 1]!.index, t: ctx.nowMs });
    return body;
  },
};
