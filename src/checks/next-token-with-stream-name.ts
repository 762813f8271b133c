import type { Check } from './check.ts';
import { describeResponse, errorType, failure, isObject } from './view.ts';

/**
 * A ListShards NextToken names its stream, so a request that also names one is refused: AWS-M NextToken
 * "Don't specify StreamName or StreamCreationTimestamp if you specify NextToken". kinesalite's answer,
 * InvalidArgumentException "NextToken and StreamName cannot be provided together." (actions/listShards.js),
 * is the error the profiles document; the message is not compared.
 */
export const nextTokenWithStreamName: Check = {
  id: 'list-shards.next-token-with-stream-name',
  title: 'ListShards with both NextToken and StreamName is refused with InvalidArgumentException',
  severity: 'must',
  source:
    'AWS-M ListShardsInput.NextToken and StreamName ("You cannot specify this parameter if you specify the NextToken parameter"); behaviour.md 5 (KL actions)',
  judge(ctx) {
    const { exchange, profile } = ctx;
    const body = exchange.request.body;
    if (exchange.request.operation !== 'ListShards' || !isObject(body)) return undefined;
    if (typeof body['NextToken'] !== 'string' || typeof body['StreamName'] !== 'string') return undefined;
    const error = profile.errors.invalidArgument;
    if (exchange.status === error.status && errorType(exchange.body) === error.type) return undefined;
    return failure(
      this,
      `HTTP ${error.status} ${error.type} for a ListShards request with both NextToken and StreamName`,
      exchange.status === 200 ? 'HTTP 200: ListShards served it' : describeResponse(exchange),
    );
  },
};
