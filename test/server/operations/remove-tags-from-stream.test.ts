/**
 * RemoveTagsFromStream in both profiles: the TagKeyList constraints of the AWS model at n-1, n and n+1,
 * keys that are not there, the characters AWS refuses, and the answer in each lifecycle state.
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

describe.each(PROFILE_NAMES)('RemoveTagsFromStream (%s profile)', (name) => {
  const profile = PROFILES[name];
  const T = profile.streams.tags;
  const ERR = profile.errors;
  const server = useServers(name);
  const remove = (body: unknown): ReturnType<typeof call> => call(server.url, 'RemoveTagsFromStream', body);
  /** A new stream carrying these tags. */
  async function tagged(tags: Record<string, string>): Promise<string> {
    const stream = await server.fresh();
    const res = await call(server.url, 'AddTagsToStream', { StreamName: stream, Tags: tags });
    expect(res.status, res.text).toBe(200);
    return stream;
  }
  async function keysOf(stream: string): Promise<string[]> {
    const res = await call<{ Tags: { Key: string }[] }>(server.url, 'ListTagsForStream', {
      StreamName: stream,
    });
    return res.body.Tags.map((t) => t.Key);
  }

  it('removes the keys given and ignores keys that are not there (AWS-M)', async () => {
    const stream = await tagged({ a: '1', b: '2', c: '3' });
    expect((await remove({ StreamName: stream, TagKeys: ['a', 'c', 'not-there'] })).status).toBe(200);
    expect(await keysOf(stream)).toEqual(['b']);
  });

  it(byArn(profile, 'the stream'), async () => {
    const stream = await tagged({ a: '1' });
    const res = await remove({ StreamARN: streamArn(stream), TagKeys: ['a'] });
    await expectByArn(profile, res, async () => {
      expect(res.status).toBe(200);
      expect(await keysOf(stream)).toEqual([]);
    });
  });

  describe(`keys per request (TagKeyList 1..${T.maxKeysPerRequest})`, () => {
    const keys = (n: number): string[] => Array.from({ length: n }, (_, i) => `k${i}`);

    it('refuses an empty list', async () => {
      expectViolations(await remove({ StreamName: await server.fresh(), TagKeys: [] }), profile, [
        violation('[]', 'tagKeys', 'Member must have length greater than or equal to 1'),
      ]);
    });

    it(`accepts 1, ${T.maxKeysPerRequest - 1} and ${T.maxKeysPerRequest} keys`, async () => {
      const stream = await server.fresh();
      for (const n of [1, T.maxKeysPerRequest - 1, T.maxKeysPerRequest])
        expect((await remove({ StreamName: stream, TagKeys: keys(n) })).status).toBe(200);
    });

    it(`refuses ${T.maxKeysPerRequest + 1} keys`, async () => {
      const many = keys(T.maxKeysPerRequest + 1);
      expectViolations(await remove({ StreamName: await server.fresh(), TagKeys: many }), profile, [
        violation(
          `[${many.join(', ')}]`,
          'tagKeys',
          `Member must have length less than or equal to ${T.maxKeysPerRequest}`,
        ),
      ]);
    });

    it(`accepts a key of ${T.keyMaxLength} characters and refuses ${T.keyMaxLength + 1} or 0 for the whole list`, async () => {
      const stream = await server.fresh();
      expect((await remove({ StreamName: stream, TagKeys: ['k'.repeat(T.keyMaxLength)] })).status).toBe(200);
      for (const bad of ['k'.repeat(T.keyMaxLength + 1), '']) {
        const list = ['a', bad, 'b'];
        expectViolations(await remove({ StreamName: stream, TagKeys: list }), profile, [
          violation(
            `[${list.join(', ')}]`,
            'tagKeys',
            `Member must satisfy constraint: [Member must have length less than or equal to ${T.keyMaxLength}, Member must have length greater than or equal to 1]`,
          ),
        ]);
      }
    });
  });

  describe('characters (KL-T removeTagsFromStream, V-AWS historical)', () => {
    it.each([';', ',', '\t', '\n'])('refuses %j', async (c) => {
      expectMessage(
        await remove({ StreamName: await server.fresh(), TagKeys: [`a${c}b`] }),
        ERR.invalidArgument,
        'Some tags contain invalid characters. Valid characters: Unicode letters, digits, white space, _ . / = + - % @.',
      );
    });

    it("refuses '%' with its own text", async () => {
      const stream = await server.fresh();
      expectMessage(
        await remove({ StreamName: stream, TagKeys: ['a%b'] }),
        ERR.invalidArgument,
        `Failed to remove tags from stream ${stream} under account ${ACCOUNT} because some tags contained illegal characters. The allowed characters are Unicode letters, white-spaces, '_',',','/','=','+','-','@'.`,
      );
    });

    it('looks the stream up before judging the characters', async () => {
      expectError(await remove({ StreamName: 'missing', TagKeys: [';'] }), ERR.resourceNotFound);
    });
  });

  describe('request errors', () => {
    it('reports every violation at once in the profile style', async () => {
      expectViolations(await remove({}), profile, [violation(null, 'tagKeys', 'Member must not be null')]);
      expectViolations(
        await remove({ StreamName: 'x'.repeat(profile.streamName.maxLength + 1), TagKeys: [] }),
        profile,
        [
          violation(
            'x'.repeat(profile.streamName.maxLength + 1),
            'streamName',
            `Member must have length less than or equal to ${profile.streamName.maxLength}`,
          ),
          violation('[]', 'tagKeys', 'Member must have length greater than or equal to 1'),
        ],
      );
    });

    it('refuses TagKeys that is not a list of strings (SerializationException)', async () => {
      const stream = await server.fresh();
      expectError(await remove({ StreamName: stream, TagKeys: 'a' }), ERR.serialization);
      expectError(await remove({ StreamName: stream, TagKeys: [1] }), ERR.serialization);
    });
  });

  refusesUnlessActive(server, profile, 'RemoveTagsFromStream', { TagKeys: ['a'] });
});
