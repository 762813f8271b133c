import type { Check } from './check.ts';
import { LIMIT_MEMBER } from './listing-history.ts';
import type { ListingOperation } from './listing-view.ts';
import { describeResponse, errorType, failure, isObject } from './view.ts';

/**
 * A listing's Limit / MaxResults inside the documented range is served, one outside it is refused with the
 * profile's validation error. The expectation comes from the request alone: its number against the bounds.
 */
function limitBounds(operation: ListingOperation, meta: Pick<Check, 'id' | 'title' | 'source'>): Check {
  const member = LIMIT_MEMBER[operation];
  return {
    ...meta,
    severity: 'must',
    // Each value (0, 10001, ...) is a divergence of its own.
    perCase: true,
    judge(ctx) {
      const { exchange, profile } = ctx;
      const body = exchange.request.body;
      if (exchange.request.operation !== operation || !isObject(body)) return undefined;
      const value = body[member];
      if (typeof value !== 'number' || !Number.isInteger(value)) return undefined;
      const { minLimit, maxLimit } = profile.streams.listing;
      const range = `${minLimit}..${maxLimit}`;
      if (value >= minLimit && value <= maxLimit) {
        if (exchange.status === 200) return undefined;
        return failure(this, `${member} ${value} accepted (within ${range})`, describeResponse(exchange));
      }
      const error = profile.validation.error;
      if (exchange.status === error.status && errorType(exchange.body) === error.type) return undefined;
      return failure(
        this,
        `HTTP ${error.status} ${error.type} for ${member} ${value} (outside ${range})`,
        exchange.status === 200 ? `HTTP 200: ${operation} served it` : describeResponse(exchange),
      );
    },
  };
}

export const listShardsMaxResultsBounds = limitBounds('ListShards', {
  id: 'list-shards.max-results-bounds',
  title: 'ListShards MaxResults 1..10000 is served; 0 and 10001 are refused with the validation error',
  source: 'AWS-M ListShardsInputLimit: min 1, max 10000; behaviour.md 2.2 (constraint violations)',
});

export const describeStreamLimitBounds = limitBounds('DescribeStream', {
  id: 'describe-stream.limit-bounds',
  title: 'DescribeStream Limit 1..10000 is served; 0 and 10001 are refused with the validation error',
  source: 'AWS-M DescribeStreamInputLimit: min 1, max 10000; behaviour.md 2.2 (constraint violations)',
});

export const listStreamsLimitBounds = limitBounds('ListStreams', {
  id: 'list-streams.limit-bounds',
  title: 'ListStreams Limit 1..10000 is served; 0 and 10001 are refused with the validation error',
  source: 'AWS-M ListStreamsInputLimit: min 1, max 10000; behaviour.md 2.2 (constraint violations)',
});
