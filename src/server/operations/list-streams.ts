import type { Operation } from '../operation.ts';
import { NEXT_TOKEN_RULE, streamNameRule } from './common.ts';

/** AWS-M ListStreams: Limit 1..10000, 100 by default; NextToken is the last name returned. */
const DEFAULT_LIMIT = 100;

export const listStreams: Operation = {
  shape(profile) {
    return {
      Limit: { type: 'Integer', min: 1, max: 10_000 },
      ExclusiveStartStreamName: streamNameRule(profile, false),
      NextToken: NEXT_TOKEN_RULE,
    };
  },
  run(ctx, input) {
    const limit = (input['Limit'] as number | undefined) ?? DEFAULT_LIMIT;
    const token = input['NextToken'] as string | undefined;
    const after =
      token !== undefined
        ? Buffer.from(token, 'base64').toString('utf8')
        : (input['ExclusiveStartStreamName'] as string | undefined);
    const names = ctx.store.names().filter((n) => after === undefined || n > after);
    const page = names.slice(0, limit);
    const streams = page.map((n) => ctx.store.get(n)!);
    const more = names.length > limit;
    return {
      StreamNames: page,
      HasMoreStreams: more,
      ...(more ? { NextToken: Buffer.from(page[page.length - 1]!, 'utf8').toString('base64') } : {}),
      StreamSummaries: streams.map((s) => ({
        StreamName: s.name,
        StreamARN: s.arn,
        StreamStatus: s.status,
        StreamModeDetails: { StreamMode: 'PROVISIONED' },
        StreamCreationTimestamp: new Date(s.createdMs),
      })),
    };
  },
};
