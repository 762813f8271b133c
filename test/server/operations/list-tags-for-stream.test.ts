/**
 * ListTagsForStream in both profiles: key order, paging with ExclusiveStartTagKey and Limit at n-1, n and
 * n+1 of the AWS model, HasMoreTags, and the answer in each lifecycle state (a read: any state).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { PROFILES } from '../../../src/profiles/index.ts';
import { call, expectError, expectViolations, violation, type ApiResponse } from '../../helpers/api.ts';
import { byArn, expectByArn, HELD_STATES, PROFILE_NAMES, streamArn, useServers } from './fixtures.ts';

interface ListTagsOutput {
  readonly Tags: { Key: string; Value: string }[];
  readonly HasMoreTags: boolean;
}

describe.each(PROFILE_NAMES)('ListTagsForStream (%s profile)', (name) => {
  const profile = PROFILES[name];
  const T = profile.streams.tags;
  const server = useServers(name);
  /** A stream with the most tags a stream may carry, keys t00, t01, ... */
  let full: string;
  const keys = Array.from({ length: T.maxPerStream }, (_, i) => `t${String(i).padStart(2, '0')}`);
  const list = (body: unknown): Promise<ApiResponse<ListTagsOutput>> =>
    call<ListTagsOutput>(server.url, 'ListTagsForStream', body);

  beforeAll(async () => {
    full = await server.fresh();
    // Added in reverse, so key order in the answer is the server's doing.
    const tags = Object.fromEntries([...keys].reverse().map((k) => [k, `value-${k}`]));
    const res = await call(server.url, 'AddTagsToStream', { StreamName: full, Tags: tags });
    expect(res.status, res.text).toBe(200);
  });

  it('lists every tag in key order by default, without more', async () => {
    const res = await list({ StreamName: full });
    expect(res.body.Tags).toEqual(keys.map((Key) => ({ Key, Value: `value-${Key}` })));
    expect(res.body.HasMoreTags).toBe(false);
  });

  it('lists an untagged stream as empty', async () => {
    const res = await list({ StreamName: await server.fresh() });
    expect(res.body).toEqual({ Tags: [], HasMoreTags: false });
  });

  it(byArn(profile, 'the stream'), async () => {
    const res = await list({ StreamARN: streamArn(await server.fresh()) });
    await expectByArn(profile, res, () => expect(res.body).toEqual({ Tags: [], HasMoreTags: false }));
  });

  it('pages with Limit and ExclusiveStartTagKey, every key once', async () => {
    const seen: string[] = [];
    let after: string | undefined;
    for (let page = 0; page < keys.length; page++) {
      const res = await list({
        StreamName: full,
        Limit: 7,
        ...(after ? { ExclusiveStartTagKey: after } : {}),
      });
      seen.push(...res.body.Tags.map((t) => t.Key));
      if (!res.body.HasMoreTags) break;
      after = seen[seen.length - 1];
    }
    expect(seen).toEqual(keys);
  });

  describe(`Limit (1..${T.maxListLimit})`, () => {
    it('refuses 0', async () => {
      expectViolations(await list({ StreamName: full, Limit: 0 }), profile, [
        violation('0', 'limit', 'Member must have value greater than or equal to 1'),
      ]);
    });

    it(`takes 1, ${T.maxListLimit - 1} and ${T.maxListLimit}`, async () => {
      for (const limit of [1, T.maxListLimit - 1, T.maxListLimit]) {
        const res = await list({ StreamName: full, Limit: limit });
        expect(res.body.Tags.map((t) => t.Key)).toEqual(keys.slice(0, limit));
        expect(res.body.HasMoreTags).toBe(limit < keys.length);
      }
    });

    it(`refuses ${T.maxListLimit + 1}`, async () => {
      expectViolations(await list({ StreamName: full, Limit: T.maxListLimit + 1 }), profile, [
        violation(
          String(T.maxListLimit + 1),
          'limit',
          `Member must have value less than or equal to ${T.maxListLimit}`,
        ),
      ]);
    });
  });

  describe(`ExclusiveStartTagKey (1..${T.keyMaxLength})`, () => {
    it(`takes ${T.keyMaxLength} characters and refuses 0 and ${T.keyMaxLength + 1}`, async () => {
      expect(
        (await list({ StreamName: full, ExclusiveStartTagKey: 'z'.repeat(T.keyMaxLength) })).body.Tags,
      ).toEqual([]);
      const long = 'z'.repeat(T.keyMaxLength + 1);
      expectViolations(await list({ StreamName: full, ExclusiveStartTagKey: '', Limit: 0 }), profile, [
        violation('', 'exclusiveStartTagKey', 'Member must have length greater than or equal to 1'),
        violation('0', 'limit', 'Member must have value greater than or equal to 1'),
      ]);
      expectViolations(await list({ StreamName: full, ExclusiveStartTagKey: long }), profile, [
        violation(
          long,
          'exclusiveStartTagKey',
          `Member must have length less than or equal to ${T.keyMaxLength}`,
        ),
      ]);
    });
  });

  it('answers a stream that does not exist with ResourceNotFoundException', async () => {
    expectError(await list({ StreamName: 'missing' }), profile.errors.resourceNotFound);
  });

  describe('in each lifecycle state', () => {
    it.each(HELD_STATES)('lists the tags of a %s stream', async (state) => {
      const { url, name: stream } = server.states[state];
      const res = await call<ListTagsOutput>(url, 'ListTagsForStream', { StreamName: stream });
      expect(res.status, res.text).toBe(200);
      expect(res.body).toEqual({ Tags: [], HasMoreTags: false });
    });
  });
});
