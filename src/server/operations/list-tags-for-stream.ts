import type { Operation } from '../operation.ts';
import { existingStream, streamNameOf, streamShape } from './common.ts';

/**
 * ListTagsForStream: tags in key order after `ExclusiveStartTagKey`, `Limit` at a time, and whether there
 * are more (AWS-M). AWS documents no default Limit; the largest (50, as many as a stream may carry) lists
 * them all.
 */
export const listTagsForStream: Operation = {
  shape(profile) {
    const t = profile.streams.tags;
    return streamShape(profile, {
      ExclusiveStartTagKey: { type: 'String', minLength: 1, maxLength: t.keyMaxLength },
      Limit: { type: 'Integer', min: 1, max: t.maxListLimit },
    });
  },
  run(ctx, input) {
    const stream = existingStream(ctx, streamNameOf(ctx, input));
    const limit = (input['Limit'] as number | undefined) ?? ctx.profile.streams.tags.maxListLimit;
    const after = input['ExclusiveStartTagKey'] as string | undefined;
    const keys = [...stream.tags.keys()].sort().filter((k) => after === undefined || k > after);
    return {
      Tags: keys.slice(0, limit).map((Key) => ({ Key, Value: stream.tags.get(Key)! })),
      HasMoreTags: keys.length > limit,
    };
  },
};
