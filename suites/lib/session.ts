/**
 * One run against one target: the profile, a client, the run's streams and what the suite learned about
 * them (ListShards ranges, the last sequence number per shard). Every request goes through `send`, which
 * turns the exchange into the CheckContext checks judge.
 */
import type { ApiRequest, Target } from '../../src/client/exchange.ts';
import { KinesisApi, UnexpectedResponseError } from '../../src/client/kinesis-api.ts';
import { closeConnections } from '../../src/client/send.ts';
import type { CheckContext, Expectation, ShardRange } from '../../src/checks/check.ts';
import { advanceSequences } from '../../src/checks/sequence-order.ts';
import { isObject, resultEntries } from '../../src/checks/view.ts';
import { getProfile } from '../../src/profiles/index.ts';
import type { Profile } from '../../src/profiles/profile.ts';
import type { SetupFailureRecord } from '../../src/report/check-result.ts';
import type { SuiteConfig } from '../../src/check/suite-config.ts';
import { SetupFailureError, setupFailureRecord } from './setup-failure.ts';

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
  /** Setup calls that broke their contract: the checks of this session cannot run (the harness skips them). */
  readonly setupFailures: SetupFailureRecord[] = [];

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

  /**
   * Creates the streams (ACTIVE on return) and learns their shards; refuses to go over cfg.maxShards. A setup
   * call answered outside its contract is recorded in `setupFailures`, not thrown: every check of the session
   * then reports it as the reason it could not run.
   */
  async createStreams(specs: readonly StreamSpec[]): Promise<void> {
    const total = specs.reduce((n, s) => n + s.shards, 0);
    if (total > this.cfg.maxShards)
      throw new Error(
        `this suite needs ${total} shards, more than the allowed ${this.cfg.maxShards} (KCS_MAX_SHARDS)`,
      );
    const results = await Promise.allSettled(
      specs.map(async (s) => {
        const name = this.name(s.suffix);
        try {
          await this.api.createStream(name, s.shards);
        } catch (err) {
          // A stream whose CreateStream was refused is not deleted here (the global teardown still looks).
          const refused = err instanceof UnexpectedResponseError && err.request.operation === 'CreateStream';
          if (!refused) this.created.push(name);
          throw err;
        }
        this.created.push(name);
        this.shards.set(name, await this.api.listShards(name));
      }),
    );
    for (const result of results) {
      if (result.status === 'fulfilled') continue;
      if (!(result.reason instanceof UnexpectedResponseError)) throw result.reason;
      this.setupFailures.push(await setupFailureRecord(result.reason, this.target));
    }
  }

  /** Records a setup failure met by a check's own setup (a read-back): returns its record. */
  async setupFailure(err: UnexpectedResponseError): Promise<SetupFailureRecord> {
    return setupFailureRecord(err, this.target);
  }

  /**
   * Deletes what this session created; every stream gets its attempt. A DeleteStream answered outside its
   * contract is thrown as a SetupFailureError (the reporter shows the call and the answer).
   */
  async close(): Promise<void> {
    const setup: SetupFailureRecord[] = [];
    const failures: string[] = [];
    for (const name of this.created.splice(0)) {
      try {
        await this.api.deleteStream(name);
      } catch (err) {
        if (err instanceof UnexpectedResponseError) setup.push(await setupFailureRecord(err, this.target));
        else failures.push(`${name}: ${String(err)}`);
      }
    }
    await closeConnections();
    if (failures.length > 0) throw new Error(`could not delete: ${failures.join('; ')}`);
    if (setup.length > 0) throw new SetupFailureError(setup);
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
