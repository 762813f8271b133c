/**
 * Records a stream's life for the lifecycle checks: its creation watched look by look with writes between
 * two looks, its deletion until it is no longer described, and requests addressed by StreamName, StreamARN
 * or both. Waits are bounded and pause only while the target is still changing the stream.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { ApiRequest, Exchange } from '../../src/client/exchange.ts';
import type { KinesisApi } from '../../src/client/kinesis-api.ts';
import { statusOf, type AddressedRequest } from '../../src/checks/lifecycle-view.ts';
import { errorType } from '../../src/checks/view.ts';
import type { Profile } from '../../src/profiles/profile.ts';
import type { OperationName } from '../../src/protocol/operations.ts';

/**
 * How long the suite waits for a stream to become ACTIVE or to go, and the pause between looks: AWS takes
 * seconds, and looking faster would only meet its request rate (the same as KinesisApi.createStream).
 */
export const WAIT = { timeoutMs: 120_000, pollMs: 250 } as const;

export interface CreationRecord {
  readonly create: Exchange;
  readonly events: Exchange[];
  readonly gaveUpAfterMs?: number;
}

/**
 * CreateStream, then DescribeStreamSummary until ACTIVE. The first time it shows CREATING, the writes go out
 * and it is looked at again at once, so that the writes fall between two looks.
 */
export async function watchCreation(
  api: KinesisApi,
  stream: string,
  shards: number,
  writes: () => readonly ApiRequest[],
): Promise<CreationRecord> {
  const create = await api.call('CreateStream', { StreamName: stream, ShardCount: shards });
  const events: Exchange[] = [];
  if (create.status !== 200) return { create, events };
  const started = Date.now();
  let wrote = false;
  for (;;) {
    const look = await api.call('DescribeStreamSummary', { StreamName: stream });
    events.push(look);
    // Anything but CREATING ends the watch: ACTIVE, another state or an error, for the check to judge.
    if (statusOf(look) !== 'CREATING') return { create, events };
    if (!wrote) {
      for (const request of writes()) events.push(await api.send(request));
      wrote = true;
      continue;
    }
    const waited = Date.now() - started;
    if (waited > WAIT.timeoutMs) return { create, events, gaveUpAfterMs: waited };
    await delay(WAIT.pollMs);
  }
}

/** DeleteStream, then DescribeStreamSummary until ResourceNotFoundException; then the writes. */
export async function deleteAndWrite(
  api: KinesisApi,
  profile: Profile,
  stream: string,
  writes: () => readonly ApiRequest[],
): Promise<{ writes?: Exchange[]; stillThereAfterMs?: number }> {
  await api.call('DeleteStream', { StreamName: stream, EnforceConsumerDeletion: true });
  const started = Date.now();
  for (;;) {
    const look = await api.call('DescribeStreamSummary', { StreamName: stream });
    if (look.status !== 200 && errorType(look.body) === profile.errors.resourceNotFound.type) break;
    const waited = Date.now() - started;
    if (waited > WAIT.timeoutMs) return { stillThereAfterMs: waited };
    await delay(WAIT.pollMs);
  }
  return { writes: await sendAll(api, writes()) };
}

export async function sendAll(api: KinesisApi, requests: readonly ApiRequest[]): Promise<Exchange[]> {
  const out: Exchange[] = [];
  for (const request of requests) out.push(await api.send(request));
  return out;
}

/** Each operation's members besides the stream's address. */
export type Addressable = readonly (readonly [OperationName, Record<string, unknown>])[];

/** Each request by StreamName, by StreamARN, and by both, one after another. */
export async function addressEachWay(
  api: KinesisApi,
  stream: string,
  arn: string,
  requests: Addressable,
): Promise<AddressedRequest[]> {
  const out: AddressedRequest[] = [];
  for (const [operation, members] of requests) {
    const byName = await api.call(operation, { StreamName: stream, ...members });
    const byArn = await api.call(operation, { StreamARN: arn, ...members });
    const byBoth = await api.call(operation, { StreamName: stream, StreamARN: arn, ...members });
    out.push({ operation, byName, byArn, byBoth });
  }
  return out;
}
