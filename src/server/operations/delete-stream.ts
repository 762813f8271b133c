import type { Operation } from '../operation.ts';
import { existingStream, STREAM_ARN_RULE, streamNameOf, streamNameRule } from './common.ts';

export const deleteStream: Operation = {
  shape(profile) {
    return {
      StreamName: streamNameRule(profile, false),
      StreamARN: STREAM_ARN_RULE,
      EnforceConsumerDeletion: { type: 'Boolean' },
    };
  },
  run(ctx, input) {
    ctx.store.delete(existingStream(ctx, streamNameOf(ctx, input)));
    return undefined;
  },
};
