import type { Operation } from '../operation.ts';
import { changeableStream, streamNameOf, streamShape } from './common.ts';
import { checkTagCharacters, tagKeyListRule } from './tags.ts';

/** RemoveTagsFromStream: AWS-M "If you specify a tag that does not exist, it is ignored." */
export const removeTagsFromStream: Operation = {
  shape(profile) {
    return streamShape(profile, { TagKeys: tagKeyListRule(profile) });
  },
  run(ctx, input) {
    const stream = changeableStream(ctx, streamNameOf(ctx, input));
    const keys = input['TagKeys'] as string[];
    checkTagCharacters(ctx, stream.name, keys, 'remove tags from');
    for (const key of keys) stream.tags.delete(key);
    return undefined;
  },
};
