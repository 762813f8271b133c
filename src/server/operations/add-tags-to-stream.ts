import type { Operation } from '../operation.ts';
import { changeableStream, streamNameOf, streamShape } from './common.ts';
import { checkNewTags, setTags, tagMapRule } from './tags.ts';

/**
 * AddTagsToStream: adds or overwrites tags. The stream must be ACTIVE (AWS-M CreateStream: "you can't make
 * any updates to the tags until the stream is in ACTIVE state"; AWS-M lists ResourceInUseException).
 */
export const addTagsToStream: Operation = {
  shape(profile) {
    return streamShape(profile, { Tags: tagMapRule(profile, true) });
  },
  run(ctx, input) {
    const stream = changeableStream(ctx, streamNameOf(ctx, input));
    const tags = input['Tags'] as Record<string, string>;
    checkNewTags(ctx, stream.name, stream.tags.keys(), tags);
    setTags(stream, tags);
    return undefined;
  },
};
