/**
 * AddTagsToStream in both profiles: the TagMap constraints of the AWS model at n-1, n and n+1, the tags a
 * stream may carry, the characters AWS refuses, and the answer in each lifecycle state. Expectations come
 * from the profile and the documented texts, never from server code.
 */
import { describe, expect, it } from 'vitest';
import { PROFILES } from '../../../src/profiles/index.ts';
import { call, expectError, expectMessage, expectViolations, violation } from '../../helpers/api.ts';
import {
  ACCOUNT,
  byArn,
  expectByArn,
  refusesUnlessActive,
  PROFILE_NAMES,
  streamArn,
  useServers,
} from './fixtures.ts';

/** `n` tags `k0=v0`, `k1=v1`, ... (keys from `from` on). */
function tags(n: number, from = 0, prefix = 'k'): Record<string, string> {
  return Object.fromEntries(Array.from({ length: n }, (_, i) => [`${prefix}${from + i}`, `v${from + i}`]));
}

describe.each(PROFILE_NAMES)('AddTagsToStream (%s profile)', (name) => {
  const profile = PROFILES[name];
  const T = profile.streams.tags;
  const ERR = profile.errors;
  const server = useServers(name);
  const fresh = (): Promise<string> => server.fresh();
  const add = (body: unknown): ReturnType<typeof call> => call(server.url, 'AddTagsToStream', body);
  const listed = async (stream: string): Promise<Record<string, string>> => {
    const res = await call<{ Tags: { Key: string; Value: string }[] }>(server.url, 'ListTagsForStream', {
      StreamName: stream,
    });
    expect(res.status, res.text).toBe(200);
    return Object.fromEntries(res.body.Tags.map((t) => [t.Key, t.Value]));
  };

  it('adds tags and overwrites an existing key', async () => {
    const stream = await fresh();
    expect((await add({ StreamName: stream, Tags: { a: '1', b: '2' } })).status).toBe(200);
    expect((await add({ StreamName: stream, Tags: { a: 'one' } })).status).toBe(200);
    expect(await listed(stream)).toEqual({ a: 'one', b: '2' });
  });

  it(byArn(profile, 'the stream'), async () => {
    const stream = await fresh();
    const res = await add({ StreamARN: streamArn(stream), Tags: { a: '1' } });
    await expectByArn(profile, res, async () => {
      expect(res.status).toBe(200);
      expect(await listed(stream)).toEqual({ a: '1' });
    });
  });

  describe('entries per request (TagMap 1..maxPerRequest)', () => {
    it('refuses an empty map', async () => {
      const stream = await fresh();
      expectViolations(await add({ StreamName: stream, Tags: {} }), profile, [
        violation('{}', 'tags', 'Member must have length greater than or equal to 1'),
      ]);
    });

    it('accepts one entry', async () => {
      expect((await add({ StreamName: await fresh(), Tags: tags(1) })).status).toBe(200);
    });

    it(`lets ${T.maxPerRequest - 1} and ${T.maxPerRequest} entries through validation to the per-stream limit`, async () => {
      const stream = await fresh();
      for (const n of [T.maxPerRequest - 1, T.maxPerRequest]) {
        expectMessage(
          await add({ StreamName: stream, Tags: tags(n) }),
          ERR.invalidArgument,
          `Failed to add tags to stream ${stream} under account ${ACCOUNT} because a given stream cannot have more than ${T.maxPerStream} tags associated with it.`,
        );
      }
    });

    it(`refuses ${T.maxPerRequest + 1} entries`, async () => {
      const stream = await fresh();
      const many = tags(T.maxPerRequest + 1);
      const shown = `{${Object.entries(many)
        .map(([k, v]) => `${k}=${v}`)
        .join(', ')}}`;
      expectViolations(await add({ StreamName: stream, Tags: many }), profile, [
        violation(shown, 'tags', `Member must have length less than or equal to ${T.maxPerRequest}`),
      ]);
    });
  });

  describe(`tags per stream (at most ${T.maxPerStream})`, () => {
    it(`accepts up to ${T.maxPerStream} and refuses one more, counting keys already there`, async () => {
      const stream = await fresh();
      expect((await add({ StreamName: stream, Tags: tags(T.maxPerStream - 1) })).status).toBe(200);
      expect((await add({ StreamName: stream, Tags: tags(1, T.maxPerStream - 1) })).status).toBe(200);
      expectMessage(
        await add({ StreamName: stream, Tags: tags(1, T.maxPerStream) }),
        ERR.invalidArgument,
        `Failed to add tags to stream ${stream} under account ${ACCOUNT} because a given stream cannot have more than ${T.maxPerStream} tags associated with it.`,
      );
      // Overwriting keys already there adds none.
      expect((await add({ StreamName: stream, Tags: tags(T.maxPerStream) })).status).toBe(200);
      expect(Object.keys(await listed(stream))).toHaveLength(T.maxPerStream);
    });
  });

  describe('key and value lengths', () => {
    const keyBounds = `[Member must have length less than or equal to ${T.keyMaxLength}, Member must have length greater than or equal to 1]`;
    const valueBounds = `[Member must have length less than or equal to ${T.valueMaxLength}, Member must have length greater than or equal to 0]`;

    it(`accepts keys of 1 and ${T.keyMaxLength} characters and values of 0 and ${T.valueMaxLength}`, async () => {
      const stream = await fresh();
      const longKey = 'k'.repeat(T.keyMaxLength);
      const tagsAtLimits = { a: '', [longKey]: 'v'.repeat(T.valueMaxLength) };
      expect((await add({ StreamName: stream, Tags: tagsAtLimits })).status).toBe(200);
      expect(await listed(stream)).toEqual(tagsAtLimits);
    });

    it(`refuses a key of ${T.keyMaxLength + 1} characters and an empty key`, async () => {
      const stream = await fresh();
      for (const key of ['k'.repeat(T.keyMaxLength + 1), '']) {
        expectViolations(await add({ StreamName: stream, Tags: { [key]: 'v' } }), profile, [
          violation(`{${key}=v}`, 'tags', `Map keys must satisfy constraint: ${keyBounds}`),
        ]);
      }
    });

    it(`refuses a value of ${T.valueMaxLength + 1} characters`, async () => {
      const stream = await fresh();
      const value = 'v'.repeat(T.valueMaxLength + 1);
      expectViolations(await add({ StreamName: stream, Tags: { a: value } }), profile, [
        violation(`{a=${value}}`, 'tags', `Map value must satisfy constraint: ${valueBounds}`),
      ]);
    });
  });

  describe('characters (KL-T addTagsToStream, V-AWS historical)', () => {
    const INVALID =
      'Some tags contain invalid characters. Valid characters: Unicode letters, digits, white space, _ . / = + - % @.';

    it('accepts Unicode letters, digits, space and _ . / = + - @', async () => {
      const stream = await fresh();
      const allowed = { 'ü0 _.': 'a', '/=+-@': 'ü0 _./=+-@' };
      expect((await add({ StreamName: stream, Tags: allowed })).status).toBe(200);
      expect(await listed(stream)).toEqual(allowed);
    });

    it.each([';', ',', '\t', '\n'])('refuses %j in a key or a value', async (c) => {
      const stream = await fresh();
      expectMessage(
        await add({ StreamName: stream, Tags: { [`a${c}b`]: '1' } }),
        ERR.invalidArgument,
        INVALID,
      );
      expectMessage(await add({ StreamName: stream, Tags: { a: `a${c}b` } }), ERR.invalidArgument, INVALID);
    });

    it("refuses '%' with its own text", async () => {
      const stream = await fresh();
      expectMessage(
        await add({ StreamName: stream, Tags: { 'a%b': '1' } }),
        ERR.invalidArgument,
        `Failed to add tags to stream ${stream} under account ${ACCOUNT} because some tags contained illegal characters. The allowed characters are Unicode letters, white-spaces, '_',',','/','=','+','-','@'.`,
      );
    });
  });

  describe('request errors', () => {
    it('reports every violation at once in the profile style', async () => {
      const pattern = profile.streamName.patternAsDocumented;
      expectViolations(await add({ StreamName: '', Tags: {} }), profile, [
        violation('', 'streamName', `Member must satisfy regular expression pattern: ${pattern}`),
        violation('', 'streamName', 'Member must have length greater than or equal to 1'),
        violation('{}', 'tags', 'Member must have length greater than or equal to 1'),
      ]);
    });

    it('refuses a request without Tags', async () => {
      expectViolations(await add({ StreamName: await fresh() }), profile, [
        violation(null, 'tags', 'Member must not be null'),
      ]);
    });

    it('refuses Tags that are not a map, and a value that is not a string (SerializationException)', async () => {
      const stream = await fresh();
      expectError(await add({ StreamName: stream, Tags: ['a'] }), ERR.serialization);
      expectError(await add({ StreamName: stream, Tags: { a: 1 } }), ERR.serialization);
    });

    it('answers a stream that does not exist with ResourceNotFoundException', async () => {
      expectMessage(
        await add({ StreamName: 'missing', Tags: { a: '1' } }),
        ERR.resourceNotFound,
        `Stream missing under account ${ACCOUNT} not found.`,
      );
    });

    it('needs StreamName or StreamARN', async () => {
      expectError(await add({ Tags: { a: '1' } }), ERR.invalidArgument);
    });
  });

  refusesUnlessActive(server, profile, 'AddTagsToStream', { Tags: { a: '1' } });
});
