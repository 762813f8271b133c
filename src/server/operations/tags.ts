/**
 * Stream tags: the TagMap and TagKeyList shapes (AWS-M) and AWS's checks of what they hold. The texts are
 * kinesalite's (actions/addTagsToStream.js, removeTagsFromStream.js), whose tests ran against AWS
 * (KL-T addTagsToStream, removeTagsFromStream, V-AWS historical).
 */
import type { Profile } from '../../profiles/profile.ts';
import { AwsError } from '../aws-error.ts';
import type { OperationContext } from '../operation.ts';
import type { Stream } from '../store/stream.ts';
import type { ListRule, MapRule } from '../validation/rules.ts';

/** AWS-M TagMap: 1..200 entries, keys 1..128, values 0..256 characters. */
export function tagMapRule(profile: Profile, notNull: boolean): MapRule {
  const t = profile.streams.tags;
  return {
    type: 'Map',
    notNull,
    minLength: 1,
    maxLength: t.maxPerRequest,
    key: { type: 'String', minLength: 1, maxLength: t.keyMaxLength },
    value: { type: 'String', minLength: 0, maxLength: t.valueMaxLength },
  };
}

/** AWS-M TagKeyList: 1..50 keys of 1..128 characters. */
export function tagKeyListRule(profile: Profile): ListRule {
  const t = profile.streams.tags;
  return {
    type: 'List',
    notNull: true,
    minLength: 1,
    maxLength: t.maxKeysPerRequest,
    member: { type: 'String', minLength: 1, maxLength: t.keyMaxLength },
  };
}

const invalidCharacterPatterns = new Map<string, RegExp>();

/**
 * Refuses tag texts with characters AWS does not allow: first any character outside the documented set,
 * then the refused ones (`%`), which AWS answers with an operation-specific text (`action`: "add tags to",
 * "remove tags from").
 */
export function checkTagCharacters(
  ctx: OperationContext,
  streamName: string,
  texts: readonly string[],
  action: string,
): void {
  const t = ctx.profile.streams.tags;
  let outside = invalidCharacterPatterns.get(t.allowedCharacters);
  if (!outside) {
    outside = new RegExp(`[^${t.allowedCharacters}]`);
    invalidCharacterPatterns.set(t.allowedCharacters, outside);
  }
  if (texts.some((text) => outside.test(text))) {
    throw new AwsError(
      ctx.profile.errors.invalidArgument,
      'Some tags contain invalid characters. Valid characters: Unicode letters, digits, white space, _ . / = + - % @.',
    );
  }
  if (texts.some((text) => [...t.refusedCharacters].some((c) => text.includes(c)))) {
    throw new AwsError(
      ctx.profile.errors.invalidArgument,
      `Failed to ${action} stream ${streamName} under account ${ctx.options.accountId} because some tags ` +
        "contained illegal characters. The allowed characters are Unicode letters, white-spaces, '_',',','/','=','+','-','@'.",
    );
  }
}

/**
 * Checks tags a stream is about to get (AddTagsToStream, CreateStream): their characters, and that the stream
 * would not carry more than the profile's maximum (AWS-M AddTagsToStream: "You can assign up to 50 tags
 * to a data stream"; KL-T's text, which then said 10).
 */
export function checkNewTags(
  ctx: OperationContext,
  streamName: string,
  current: Iterable<string>,
  tags: Readonly<Record<string, string>>,
): void {
  const keys = Object.keys(tags);
  checkTagCharacters(ctx, streamName, [...keys, ...Object.values(tags)], 'add tags to');
  const max = ctx.profile.streams.tags.maxPerStream;
  if (new Set([...current, ...keys]).size > max) {
    throw new AwsError(
      ctx.profile.errors.invalidArgument,
      `Failed to add tags to stream ${streamName} under account ${ctx.options.accountId} because a given ` +
        `stream cannot have more than ${max} tags associated with it.`,
    );
  }
}

/** Adds or overwrites (AWS-M AddTagsToStream: "overwrites any existing tags that correspond to the specified tag keys"). */
export function setTags(stream: Stream, tags: Readonly<Record<string, string>>): void {
  for (const [key, value] of Object.entries(tags)) stream.tags.set(key, value);
}
