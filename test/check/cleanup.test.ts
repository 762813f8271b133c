import { afterAll, beforeAll, expect, test } from 'vitest';
import { parseEndpoint } from '../../src/protocol/endpoint.ts';
import { closeConnections } from '../../src/client/send.ts';
import { createServer, type RunningServer } from '../../src/server/server.ts';
import { deleteStreamsWithPrefix, listStreamsWithPrefix } from '../../src/check/cleanup.ts';
import { probeEndpoint } from '../../src/check/probe.ts';

let server: RunningServer;

beforeAll(async () => {
  server = await createServer({ port: 0 });
});

afterAll(async () => {
  await closeConnections();
  await server.close();
});

test('deletes every stream with the prefix and no other, across ListStreams pages', async () => {
  const now = Date.now();
  const ours = Array.from({ length: 7 }, (_, i) => `kcs-0a1b2c3d-${String(i).padStart(4, '0')}`);
  for (const name of ours) server.store.create(name, 1, now);
  for (const name of ['kcs-ffffffff-other', 'kcs-0a1b2c3', 'production']) server.store.create(name, 1, now);
  const target = { endpoint: parseEndpoint(server.url), region: 'us-east-1' };

  expect(await listStreamsWithPrefix(target, 'kcs-0a1b2c3d-', { pageSize: 2 })).toEqual(ours);
  const result = await deleteStreamsWithPrefix(target, 'kcs-0a1b2c3d-', { pageSize: 2 });

  expect(result.failed).toEqual([]);
  expect(result.deleted).toHaveLength(ours.length);
  expect(server.store.names().sort()).toEqual(['kcs-0a1b2c3', 'kcs-ffffffff-other', 'production']);
});

test('refuses an empty prefix', async () => {
  await expect(
    deleteStreamsWithPrefix({ endpoint: parseEndpoint(server.url), region: 'us-east-1' }, ''),
  ).rejects.toThrow(/empty prefix/);
});

test('the probe reports a closed port as unreachable and a live server as usable', async () => {
  const closed = await createServer({ port: 0 });
  const url = closed.url;
  await closed.close();
  const down = await probeEndpoint({ endpoint: parseEndpoint(url), region: 'us-east-1' }, 2_000);
  expect(down).toMatchObject({ ok: false, reason: expect.stringMatching(/ECONNREFUSED/) });
  expect(await probeEndpoint({ endpoint: parseEndpoint(server.url), region: 'us-east-1' })).toEqual({
    ok: true,
    status: 200,
  });
});
