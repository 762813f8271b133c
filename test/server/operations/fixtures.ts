/**
 * What the operation tests share: a server per profile with fresh streams on demand, and streams held in
 * each lifecycle state for as long as a test file runs (the transitions are given an hour, so a state
 * cannot end under a test, and closing the servers clears their timers).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROFILES, type Profile, type ProfileName } from '../../../src/profiles/index.ts';
import { SERVER_DEFAULTS, type ServerOptions } from '../../../src/server/options.ts';
import type { RunningServer } from '../../../src/server/server.ts';
import { call, createStream, expectMessage, startServer, type ApiResponse } from '../../helpers/api.ts';

export const PROFILE_NAMES = Object.keys(PROFILES) as ProfileName[];
export const ACCOUNT = SERVER_DEFAULTS.accountId;

export function streamArn(stream: string): string {
  return `arn:aws:kinesis:${SERVER_DEFAULTS.region}:${ACCOUNT}:stream/${stream}`;
}

/**
 * Judges the answer to a request that names its stream by StreamARN. Where the profile takes StreamARN
 * (AWS-M: "either the StreamARN or the StreamName parameter, or both"), `accepted` judges it; where it does
 * not (YDS), it is YDB's answer to a member its requests lack: 400 InvalidArgumentException "Unexpected json
 * key: StreamARN" (behaviour.md 1.2 "Unknown JSON key", 6 row 16).
 */
export async function expectByArn(
  profile: Profile,
  res: ApiResponse<unknown>,
  accepted: () => void | Promise<void>,
): Promise<void> {
  if (profile.acceptsStreamArn) return accepted();
  expectMessage(res, profile.errors.invalidArgument, 'Unexpected json key: StreamARN');
}

/** The title of an expectByArn test. */
export function byArn(profile: Profile, what: string): string {
  return profile.acceptsStreamArn ? `takes ${what} by StreamARN` : `refuses ${what} by StreamARN`;
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

/** What a test file of one profile works with: its server, and the streams held in each state. */
export interface Servers {
  readonly url: string;
  fresh(shards?: number): Promise<string>;
  readonly states: Readonly<Record<HeldState, StreamInState>>;
}

/** Starts the servers before the file's tests (of the enclosing describe) and closes them after. */
export function useServers(profile: ProfileName, options: ServerOptions = {}): Servers {
  let server: OperationServer | undefined;
  let states: StatesFixture | undefined;
  beforeAll(async () => {
    server = await operationServer(profile, options);
    states = await streamsInEveryState(profile);
  });
  afterAll(async () => {
    await server?.close();
    await states?.close();
  });
  return {
    get url() {
      return server!.url;
    },
    fresh: (shards) => server!.fresh(shards),
    get states() {
      return states!.streams;
    },
  };
}

/**
 * The answer of an operation that changes a stream (tags, retention, shards) when the stream is not ACTIVE:
 * ResourceInUseException in AWS's words (KL-T splitShard, mergeShards, V-AWS historical).
 */
export function refusesUnlessActive(
  servers: Servers,
  profile: Profile,
  op: string,
  body: Readonly<Record<string, unknown>>,
): void {
  describe('in each lifecycle state', () => {
    it.each(HELD_STATES)('refuses a %s stream with ResourceInUseException', async (state) => {
      const { url, name: stream } = servers.states[state];
      expectMessage(
        await call(url, op, { ...body, StreamName: stream }),
        profile.errors.resourceInUse,
        `Stream ${stream} under account ${ACCOUNT} not ACTIVE, instead in state ${state}`,
      );
    });
  });
}

/**
 * The answer of SplitShard, MergeShards and UpdateShardCount on an ON_DEMAND stream (AWS-M: "only supported
 * for the data streams with the provisioned capacity mode"): ValidationException, in moto's words.
 */
export function refusesOnDemand(
  servers: Servers,
  profile: Profile,
  op: string,
  body: Readonly<Record<string, unknown>>,
): void {
  it('refuses an ON_DEMAND stream with ValidationException', async () => {
    // CreateStream without ShardCount makes an ON_DEMAND stream.
    const created = await call(servers.url, 'CreateStream', { StreamName: 'on-demand' });
    expect(created.status, created.text).toBe(200);
    expectMessage(
      await call(servers.url, op, { ...body, StreamName: 'on-demand' }),
      profile.errors.validation,
      `Request is invalid. Stream on-demand under account ${ACCOUNT} is in On-Demand mode.`,
    );
  });
}
