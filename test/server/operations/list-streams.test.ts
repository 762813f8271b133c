/**
 * ListStreams in both profiles: names in order, Limit at n-1, n and n+1 and by default, HasMoreStreams,
 * continuing by ExclusiveStartStreamName or NextToken (every name once), StreamSummaries, token errors.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { PROFILES } from '../../../src/profiles/index.ts';
import {
  call,
  createStream,
  expectMessage,
  expectViolations,
  violation,
  type ApiResponse,
} from '../../helpers/api.ts';
import { operationServer, PROFILE_NAMES, streamArn, type OperationServer } from './fixtures.ts';

interface ListStreamsOutput {
  readonly StreamNames: string[];
  readonly HasMoreStreams: boolean;
  readonly NextToken?: string;
  readonly StreamSummaries: {
    StreamName: string;
    StreamARN: string;
    StreamStatus: string;
    StreamModeDetails: { StreamMode: string };
    StreamCreationTimestamp: number;
  }[];
}

const T0 = Date.UTC(2026, 11, 5, 12, 0, 0);

describe.each(PROFILE_NAMES)('ListStreams (%s profile)', (name) => {
  const profile = PROFILES[name];
  const L = profile.streams.listing;
  const ERR = profile.errors;
  let server: OperationServer;
  /** More names than one default page, created out of order. */
  const names = Array.from({ length: L.listStreamsDefault + 2 }, (_, i) => `s-${String(i).padStart(3, '0')}`);
  const list = (body: Record<string, unknown> = {}): Promise<ApiResponse<ListStreamsOutput>> =>
    call<ListStreamsOutput>(server.url, 'ListStreams', body);

  beforeAll(async () => {
    server = await operationServer(name);
    for (const n of [...names].reverse()) await createStream(server.url, n, 1);
  });
  afterAll(() => server.close());
  afterEach(() => {
    vi.useRealTimers();
  });

  it(`lists ${L.listStreamsDefault} names in order by default, and says there are more`, async () => {
    const res = await list();
    expect(res.body.StreamNames).toEqual(names.slice(0, L.listStreamsDefault));
    expect(res.body.HasMoreStreams).toBe(true);
    expect(res.body.NextToken).toBeDefined();
  });

  it('describes each name listed', async () => {
    const before = Date.now();
    expect((await call(server.url, 'CreateStream', { StreamName: 'zz-on-demand' })).status).toBe(200);
    const res = await list({ ExclusiveStartStreamName: names[names.length - 1]! });
    expect(res.body.StreamNames).toEqual(['zz-on-demand']);
    expect(res.body.HasMoreStreams).toBe(false);
    expect(res.body.NextToken).toBeUndefined();
    const [summary] = res.body.StreamSummaries;
    expect(summary).toMatchObject({
      StreamName: 'zz-on-demand',
      StreamARN: streamArn('zz-on-demand'),
      StreamStatus: 'ACTIVE',
      StreamModeDetails: { StreamMode: 'ON_DEMAND' },
    });
    expect(summary!.StreamCreationTimestamp * 1000).toBeGreaterThanOrEqual(before - 1000);
    expect((await call(server.url, 'DeleteStream', { StreamName: 'zz-on-demand' })).status).toBe(200);
  });

  it.each(['NextToken', 'ExclusiveStartStreamName'] as const)(
    'continues by %s, every name once',
    async (how) => {
      const seen: string[] = [];
      let res = await list({ Limit: 7 });
      seen.push(...res.body.StreamNames);
      for (let i = 0; res.body.HasMoreStreams && i < names.length; i++) {
        res = await list(
          how === 'NextToken'
            ? { NextToken: res.body.NextToken!, Limit: 7 }
            : { ExclusiveStartStreamName: seen[seen.length - 1]!, Limit: 7 },
        );
        seen.push(...res.body.StreamNames);
      }
      expect(seen).toEqual(names);
    },
  );

  it(`takes Limit 1 and ${L.maxLimit}, and refuses 0 and ${L.maxLimit + 1}`, async () => {
    expect((await list({ Limit: 1 })).body.StreamNames).toEqual([names[0]]);
    const all = await list({ Limit: L.maxLimit });
    expect(all.body.StreamNames).toEqual(names);
    expect(all.body.HasMoreStreams).toBe(false);
    expectViolations(await list({ Limit: 0 }), profile, [
      violation('0', 'limit', 'Member must have value greater than or equal to 1'),
    ]);
    expectViolations(await list({ Limit: L.maxLimit + 1 }), profile, [
      violation(
        String(L.maxLimit + 1),
        'limit',
        `Member must have value less than or equal to ${L.maxLimit}`,
      ),
    ]);
  });

  it('refuses a token it did not issue, and an expired one', async () => {
    expectMessage(await list({ NextToken: 'nope' }), ERR.invalidArgument, 'Invalid NextToken.');
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(T0);
    const token = (await list({ Limit: 1 })).body.NextToken!;
    vi.setSystemTime(T0 + L.nextTokenTtlMs);
    expect((await list({ NextToken: token, Limit: 1 })).body.StreamNames).toEqual([names[1]]);
    vi.setSystemTime(T0 + L.nextTokenTtlMs + 1);
    expectMessage(
      await list({ NextToken: token }),
      ERR.expiredNextToken,
      'The timestamp for the NextToken has expired.',
    );
  });
});
