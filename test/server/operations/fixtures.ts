/**
 * What the operation tests share: a server per profile with fresh streams on demand, and streams held in
 * each lifecycle state for as long as a test file runs (the transitions are given an hour, so a state
 * cannot end under a test, and closing the servers clears their timers).
 */
import { PROFILES, type ProfileName } from '../../../src/profiles/index.ts';
import { SERVER_DEFAULTS, type ServerOptions } from '../../../src/server/options.ts';
import type { RunningServer } from '../../../src/server/server.ts';
import { call, createStream, startServer } from '../../helpers/api.ts';

export const PROFILE_NAMES = Object.keys(PROFILES) as ProfileName[];
export const ACCOUNT = SERVER_DEFAULTS.accountId;

export function streamArn(stream: string): string {
  return `arn:aws:kinesis:${SERVER_DEFAULTS.region}:${ACCOUNT}:stream/${stream}`;
}

export interface OperationServer {
  readonly url: string;
  readonly server: RunningServer;
  /** A new stream of `shards` shards (ACTIVE at once), so a test starts from a known state. */
  fresh(shards?: number): Promise<string>;
  close(): Promise<void>;
}

/** A server of the profile without write limits, and room for many streams. */
export async function operationServer(
  profile: ProfileName,
  options: ServerOptions = {},
): Promise<OperationServer> {
  const server = await startServer({ profile, shardWriteLimits: false, shardLimit: 10_000, ...options });
  let streams = 0;
  return {
    url: server.url,
    server,
    async fresh(shards = 1) {
      const stream = `stream-${streams++}`;
      await createStream(server.url, stream, shards);
      return stream;
    },
    close: () => server.close(),
  };
}

const HOUR_MS = 3_600_000;

export type HeldState = 'CREATING' | 'UPDATING' | 'DELETING';

export interface StreamInState {
  readonly url: string;
  readonly name: string;
}

export interface StatesFixture {
  readonly streams: Readonly<Record<HeldState, StreamInState>>;
  close(): Promise<void>;
}

/** One 2-shard stream CREATING, one UPDATING (a SplitShard under way), one DELETING. */
export async function streamsInEveryState(profile: ProfileName): Promise<StatesFixture> {
  const slowCreate: RunningServer = await startServer({
    profile,
    shardWriteLimits: false,
    createStreamDelayMs: HOUR_MS,
  });
  const slowChange: RunningServer = await startServer({
    profile,
    shardWriteLimits: false,
    updateStreamDelayMs: HOUR_MS,
    deleteStreamDelayMs: HOUR_MS,
  });
  await createStream(slowCreate.url, 'creating', 2);
  await createStream(slowChange.url, 'updating', 2);
  await createStream(slowChange.url, 'deleting', 2);
  const split = await call(slowChange.url, 'SplitShard', {
    StreamName: 'updating',
    ShardToSplit: 'shardId-000000000000',
    NewStartingHashKey: '1000',
  });
  const deleted = await call(slowChange.url, 'DeleteStream', { StreamName: 'deleting' });
  if (split.status !== 200 || deleted.status !== 200)
    throw new Error(`fixture: SplitShard ${split.text}, DeleteStream ${deleted.text}`);
  return {
    streams: {
      CREATING: { url: slowCreate.url, name: 'creating' },
      UPDATING: { url: slowChange.url, name: 'updating' },
      DELETING: { url: slowChange.url, name: 'deleting' },
    },
    async close() {
      await Promise.all([slowCreate.close(), slowChange.close()]);
    },
  };
}

export const HELD_STATES: readonly HeldState[] = ['CREATING', 'UPDATING', 'DELETING'];
