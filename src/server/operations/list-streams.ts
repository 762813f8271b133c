import { AwsError } from '../aws-error.ts';
import type { Operation } from '../operation.ts';
import { listLimitRule, nextTokenRule, streamNameRule } from './common.ts';
import { decodeToken, encodeToken } from './tokens.ts';

/** A ListStreams NextToken: the last name listed and when it was issued. */
interface ListStreamsToken {
  n: string;
  t: number;
}

/**
 * ListStreams: names in order, `Limit` at a time (AWS-M: "the default limit, which is currently 100"),
 * continued by `ExclusiveStartStreamName` (the last name returned) or by `NextToken`; `HasMoreStreams`
 * says whether there are more, and `StreamSummaries` describes each name listed.
 */
export const listStreams: Operation = {
  shape(profile) {
    return {
      Limit: listLimitRule(profile),
      ExclusiveStartStreamName: streamNameRule(profile, false),
      NextToken: nextTokenRule(profile),
    };
  },
  run(ctx, input) {
    const limit = (input['Limit'] as number | undefined) ?? ctx.profile.streams.listing.listStreamsDefault;
    const tokenText = input['NextToken'] as string | undefined;
    let after = input['ExclusiveStartStreamName'] as string | undefined;
    if (tokenText !== undefined) {
      const token = decodeToken<ListStreamsToken>(
        tokenText,
        (v) => typeof v['n'] === 'string' && Number.isSafeInteger(v['t']),
      );
      // AWS-M ListStreams lists InvalidArgumentException and ExpiredNextTokenException; the texts and the
      // expiry are ListShards' (the model documents those for ListShards only).
      if (!token) throw new AwsError(ctx.profile.errors.invalidArgument, 'Invalid NextToken.');
      if (ctx.nowMs - token.t > ctx.profile.streams.listing.nextTokenTtlMs) {
        throw new AwsError(
          ctx.profile.errors.expiredNextToken,
          'The timestamp for the NextToken has expired.',
        );
      }
      after = token.n;
    }
    const names = ctx.store.names().filter((n) => after === undefined || n > after);
    const page = names.slice(0, limit);
    const more = names.length > limit;
    return {
      StreamNames: page,
      HasMoreStreams: more,
      ...(more
        ? { NextToken: encodeToken({ n: page[page.length - 1]!, t: ctx.nowMs } satisfies ListStreamsToken) }
        : {}),
      StreamSummaries: page.map((n) => {
        const s = ctx.store.get(n)!;
        return {
          StreamName: s.name,
          StreamARN: s.arn,
          StreamStatus: s.status,
          StreamModeDetails: { StreamMode: s.mode },
          StreamCreationTimestamp: new Date(s.createdMs),
        };
      }),
    };
  },
};
