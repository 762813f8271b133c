/**
 * Global setup of the conformance suites: resolve the target from KCS_* variables (set by `kcs check`, or
 * by hand with `npx vitest run --config vitest.suites.config.ts`), start the embedded reference server
 * when no endpoint is given, and hand everything to the suites with `provide`.
 */
import { randomBytes } from 'node:crypto';
import type { TestProject } from 'vitest/node';
import { isProfileName, DEFAULT_PROFILE } from '../src/profiles/index.ts';
import type { ProfileName } from '../src/profiles/profile.ts';
import { createServer, type RunningServer } from '../src/server/server.ts';
import type { SuiteConfig } from '../src/suite/config.ts';
import { closeConnections } from '../src/client/send.ts';
import { deleteStreamsWithPrefix } from '../src/suite/cleanup.ts';

/** Default number of shards the suite may create in one run against a real endpoint. */
const DEFAULT_MAX_SHARDS = 8;

let server: RunningServer | undefined;
/** The run's target, kept for teardown: every stream with its prefix is deleted, even after a failure. */
let provided: SuiteConfig | undefined;

export async function setup(project: TestProject): Promise<void> {
  const env = process.env;
  const profileName = env['KCS_PROFILE'] ?? DEFAULT_PROFILE;
  if (!isProfileName(profileName)) throw new Error(`KCS_PROFILE: unknown profile '${profileName}'`);
  const profile: ProfileName = profileName;
  let endpoint = env['KCS_ENDPOINT'];
  const embedded = !endpoint;
  if (!endpoint) {
    // The embedded target: the reference server implementing the same profile, with its default limits.
    server = await createServer({ port: 0, profile });
    endpoint = server.url;
  }
  const accessKeyId = env['KCS_ACCESS_KEY_ID'] ?? (embedded ? 'kcs-embedded' : undefined);
  const secretAccessKey = env['KCS_SECRET_ACCESS_KEY'] ?? (embedded ? 'kcs-embedded' : undefined);
  const config: SuiteConfig = {
    endpoint,
    region: env['KCS_REGION'] ?? 'us-east-1',
    profile,
    wire: env['KCS_WIRE'] === 'cbor' ? 'cbor' : 'json',
    seed: env['KCS_SEED'] ? Number(env['KCS_SEED']) : Date.now() % 2 ** 31,
    runs: env['KCS_RUNS'] ? Number(env['KCS_RUNS']) : 20,
    streamPrefix: env['KCS_STREAM_PREFIX'] ?? `kcs-${randomBytes(4).toString('hex')}-`,
    maxShards: env['KCS_MAX_SHARDS'] ? Number(env['KCS_MAX_SHARDS']) : DEFAULT_MAX_SHARDS,
    embedded,
    ...(accessKeyId && secretAccessKey
      ? {
          credentials: {
            accessKeyId,
            secretAccessKey,
            ...(env['KCS_SESSION_TOKEN'] ? { sessionToken: env['KCS_SESSION_TOKEN'] } : {}),
          },
        }
      : {}),
  };
  project.provide('kcs', config);
  provided = config;
}

export async function teardown(): Promise<void> {
  const config = provided;
  provided = undefined;
  // The embedded server's streams go with it; a real endpoint keeps them (and bills them) until deleted.
  if (config && !config.embedded) {
    try {
      const { failed } = await deleteStreamsWithPrefix(config, config.streamPrefix);
      for (const f of failed) process.stderr.write(`kcs: could not delete stream ${f.name}: ${f.reason}\n`);
    } catch (err) {
      process.stderr.write(
        `kcs: could not list streams to delete (${config.streamPrefix}*): ${err instanceof Error ? err.message : String(err)}\n`,
      );
    }
    await closeConnections();
  }
  await server?.close();
  server = undefined;
}
