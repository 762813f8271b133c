/**
 * One run against one target: the profile, a client, the run's streams and what the suite learned about
 * them (ListShards ranges, the last sequence number per shard). Every request goes through `send`, which
 * turns the exchange into the CheckContext checks judge.
 */
import type { ApiRequest, Target } from '../../src/client/exchange.ts';
import { KinesisApi } from '../../src/client/kinesis-api.ts';
import { closeConnections } from '../../src/client/send.ts';
import type { CheckContext, Expectation, ShardRange } from '../../src/checks/check.ts';
import { advanceSequences } from '../../src/checks/sequence-order.ts';
import { isObject, resultEntries } from '../../src/checks/view.ts';
import { getProfile } from '../../src/profiles/index.ts';
import type { Profile } from '../../src/profiles/profile.ts';
import type { SuiteConfig } from '../../src/check/suite-config.ts';

export interface StreamSpec {
  readonly suffix: string;
  readonly shards: number;
}

export class Session {
  readonly profile: Profile;
  readonly target: Target;
  readonly api: KinesisApi;
  private readonly shards = new Map<string, readonly ShardRange[]>();
  private readonly sequences = new Map<string, Map<string, bigint>>();
  private readonly created: string[] = [];

  constructor(readonly cfg: SuiteConfig) {
    this.profile = getProfile(cfg.profile);
    this.target = {
      endpoint: cfg.endpoint,
      region: cfg.region,
      ...(cfg.credentials ? { credentials: cfg.credentials } : {}),
    };
    this.api = new KinesisApi(this.target, { wire: cfg.wire });
  }

  /** A name of this run: every stream the suite touches starts with the run's prefix. */
  name(suffix: string): string {
    return this.cfg.streamPrefix + suffix;
  }

  /** Creates the streams (ACTIVE on return) and learns their shards; refuses to go over cfg.maxShards. */
  async createStreams(specs: readonly StreamSpec[]): Promise<void> {
    const total = specs.reduce((n, s) => n + s.shards, 0);
    if (total > this.cfg.maxShards)
      throw new Error(
        `this suite needs ${total} shards, more than the allowed ${this.cfg.maxShards} (KCS_MAX_SHARDS)`,
      );
    await Promise.all(
      specs.map(async (s) => {
        const name = this.name(s.suffix);
        this.created.push(name);
        await this.api.createStream(name, s.shards);
        this.shards.set(name, await this.api.listShards(name));
      }),
    );
  }

  /** Deletes what this session created (errors are collected, so every stream gets its attempt). */
  async close(): Promise<void> {
    const failures: string[] = [];
    for (const name of this.created.splice(0)) {
      await this.api.deleteStream(name).catch((err: unknown) => failures.push(`${name}: ${String(err)}`));
    }
    await closeConnections();
    if (failures.length > 0) throw new Error(`could not delete: ${failures.join('; ')}`);
  }

  shardsOf(stream: string): readonly ShardRange[] | undefined {
    return this.shards.get(stream);
  }

  /** Sends one request and returns what a check judges; the sequence history moves on after it. */
  async send(request: ApiRequest, expectation?: Expectation): Promise<CheckContext> {
    const exchange = await this.api.send(request);
    const body = request.body;
    const stream = isObject(body) && typeof body['StreamName'] === 'string' ? body['StreamName'] : undefined;
    const shards = stream !== undefined ? this.shards.get(stream) : undefined;
    let history = stream !== undefined ? this.sequences.get(stream) : undefined;
    const ctx: CheckContext = {
      profile: this.profile,
      exchange,
      ...(shards ? { shards } : {}),
      ...(history ? { lastSequenceByShard: new Map(history) } : {}),
      ...(expectation ? { expectation } : {}),
    };
    if (stream !== undefined && shards) {
      if (!history) this.sequences.set(stream, (history = new Map()));
      advanceSequences(history, resultEntries(exchange));
    }
    return ctx;
  }
}
