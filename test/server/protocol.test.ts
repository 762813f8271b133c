/**
 * AWS's protocol-level answers (behaviour.md 1.2, KL-T connection.js, V-AWS) for every operation the server
 * implements, the resharding, tag and retention operations included: the answers come before the operation
 * is looked at, so each must hold for every target the server knows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROFILES } from '../../src/profiles/index.ts';
import { OPERATIONS } from '../../src/protocol/operations.ts';
import { CONTENT_TYPES } from '../../src/protocol/wire.ts';
import type { RunningServer } from '../../src/server/server.ts';
import { call, expectError, startServer } from '../helpers/api.ts';

describe.each(Object.values(PROFILES))(
  'protocol-level answers for every operation ($name profile)',
  (profile) => {
    let server: RunningServer;
    beforeAll(async () => {
      server = await startServer({ profile: profile.name });
    });
    afterAll(() => server.close());

    it.each(OPERATIONS)('%s', async (op) => {
      const url = server.url;
      const get = await call(url, op, undefined, { method: 'GET' });
      expect([get.status, get.headers['content-type']]).toEqual([403, 'application/xml']);
      expect(get.text).toContain('<AccessDeniedException>');
      for (const contentType of [null, 'application/x-amz-json-1.0']) {
        const res = await call(url, op, '{}', { contentType });
        expect(res.status).toBe(404);
        expect(res.text).toBe('<UnknownOperationException/>\n');
      }
      for (const body of ['{"StreamName":', '']) {
        const res = await call(url, op, body);
        expect(res.body).toEqual({ __type: profile.errors.serialization.type });
        expect(res.status).toBe(profile.errors.serialization.status);
      }
      expectError(
        await call(url, op, '{}', { target: `Kinesis_20131201.${op}` }),
        profile.errors.unknownOperation,
      );
      // Answered in CBOR when asked in CBOR.
      const cbor = await call(url, op, Buffer.from([0xff]), { wire: 'cbor' });
      expect(cbor.headers['content-type']).toBe(CONTENT_TYPES.cbor);
      expectError(cbor, profile.errors.serialization);
    });
  },
);
