import type { Profile } from '../profiles/profile.ts';
import { historyFailure, type HistoryCheck } from './history-check.ts';
import type { GoneContext } from './lifecycle-view.ts';
import { clip, describeResponse, errorMessage, errorType } from './view.ts';

/** The profile's message for `stream`, as a full match with any 12-digit account, or undefined. */
export function notFoundPattern(profile: Profile, stream: string): RegExp | undefined {
  const template = profile.streamNotFoundMessage;
  if (template === null) return undefined;
  const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const parts = template
    .split(/(\{stream\}|\{account\})/)
    .map((part) => (part === '{stream}' ? escape(stream) : part === '{account}' ? '\\d{12}' : escape(part)));
  return new RegExp(`^${parts.join('')}$`);
}

function goneCheck(id: string, title: string, source: string, how: string): HistoryCheck<GoneContext> {
  return {
    id,
    title,
    severity: 'must',
    source,
    judge(ctx) {
      if (ctx.writes === undefined)
        return {
          cannotJudge: `the stream was still described ${ctx.stillThereAfterMs ?? 0} ms after DeleteStream`,
        };
      const kind = ctx.profile.errors.resourceNotFound;
      const pattern = notFoundPattern(ctx.profile, ctx.stream);
      const message = pattern
        ? `a message of the form ${ctx.profile.streamNotFoundMessage}`
        : 'a message naming it';
      for (const write of ctx.writes) {
        const expected = `${write.request.operation} to ${how} stream ${ctx.stream} refused with HTTP ${kind.status} ${kind.type} and ${message}`;
        if (write.status !== kind.status || errorType(write.body) !== kind.type)
          return historyFailure(this, expected, describeResponse(write), write);
        const text = errorMessage(write.body);
        const named = text !== undefined && (pattern ? pattern.test(text) : text.includes(ctx.stream));
        if (!named)
          return historyFailure(
            this,
            expected,
            text === undefined ? 'no message' : `message ${JSON.stringify(clip(text))}`,
            write,
          );
      }
      return ctx.writes.length > 0 ? undefined : { cannotJudge: 'no write was sent' };
    },
  };
}

export const missingStream = goneCheck(
  'lifecycle.missing-stream',
  'Writes to a stream that does not exist get ResourceNotFoundException naming it',
  'AWS-M PutRecord, PutRecords (ResourceNotFoundException); behaviour.md 4.4 "Missing" (AWS: "Stream <name> under account <12-digit acct> not found.", LS-K V-AWS), 6 row 18',
  'the missing',
);

export const deletedStream = goneCheck(
  'lifecycle.deleted-stream',
  'Writes to a deleted stream, once it is gone, get ResourceNotFoundException naming it',
  'AWS-M DeleteStream ("If an application attempts to operate on a deleted stream, it receives the exception ResourceNotFoundException"; writes may go on while DELETING, so only a stream no longer described is judged); behaviour.md 4.4',
  'the deleted',
);
