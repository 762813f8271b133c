/**
 * The stream a run writes to: reuse it when it exists, otherwise create it with the requested shards and
 * wait until it is ACTIVE; delete it at the end only when this run created it.
 */
import { DEFAULT_PROFILE, getProfile } from '../profiles/index.ts';
import type { Control, ControlReply } from './control.ts';
import { LoadSetupError } from './load-error.ts';

// The error names both profiles share (profiles/common.ts).
const ERRORS = getProfile(DEFAULT_PROFILE).errors;

export interface StreamState {
  readonly name: string;
  readonly created: boolean;
  readonly openShards: number;
}

function describeFailure(op: string, name: string, reply: ControlReply): LoadSetupError {
  const message = typeof reply.body['message'] === 'string' ? `: ${reply.body['message']}` : '';
  return new LoadSetupError(`${op} ${name} failed with ${reply.errorType}${message}`);
}

interface Summary {
  readonly status: string;
  readonly openShards: number;
}

async function summary(control: Control, name: string): Promise<Summary | undefined> {
  const reply = await control('DescribeStreamSummary', { StreamName: name });
  if (reply.errorType === ERRORS.resourceNotFound.type) return undefined;
  if (reply.errorType !== undefined) throw describeFailure('DescribeStreamSummary', name, reply);
  const s = reply.body['StreamDescriptionSummary'] as Record<string, unknown> | undefined;
  return {
    status: typeof s?.['StreamStatus'] === 'string' ? s['StreamStatus'] : 'UNKNOWN',
    openShards: typeof s?.['OpenShardCount'] === 'number' ? s['OpenShardCount'] : 0,
  };
}

async function waitActive(
  control: Control,
  name: string,
  timeoutMs: number,
  sleep: (ms: number) => Promise<void>,
): Promise<Summary> {
  const deadline = Date.now() + timeoutMs;
  let delay = 100;
  for (;;) {
    const s = await summary(control, name);
    if (s && (s.status === 'ACTIVE' || s.status === 'UPDATING')) return s;
    if (s?.status === 'DELETING') throw new LoadSetupError(`stream ${name} is being deleted`);
    if (Date.now() + delay > deadline)
      throw new LoadSetupError(
        `stream ${name} is not ACTIVE after ${timeoutMs / 1000} s (${s?.status ?? 'absent'})`,
      );
    await sleep(delay);
    delay = Math.min(delay * 2, 1000);
  }
}

const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function ensureStream(
  control: Control,
  name: string,
  shards: number,
  timeoutMs: number,
  sleep: (ms: number) => Promise<void> = realSleep,
): Promise<StreamState> {
  const existing = await summary(control, name);
  if (existing) {
    const s = await waitActive(control, name, timeoutMs, sleep);
    return { name, created: false, openShards: s.openShards };
  }
  const reply = await control('CreateStream', { StreamName: name, ShardCount: shards });
  // Someone else created it between the two calls: use it, but it is not ours to delete.
  const created = reply.errorType === undefined;
  if (!created && reply.errorType !== ERRORS.resourceInUse.type)
    throw describeFailure('CreateStream', name, reply);
  const s = await waitActive(control, name, timeoutMs, sleep);
  return { name, created, openShards: s.openShards };
}

export async function deleteStream(control: Control, name: string): Promise<void> {
  const reply = await control('DeleteStream', { StreamName: name });
  if (reply.errorType !== undefined && reply.errorType !== ERRORS.resourceNotFound.type)
    throw describeFailure('DeleteStream', name, reply);
}

/** Every shard id of the stream (ListShards, following NextToken). */
export async function listShardIds(control: Control, name: string): Promise<string[]> {
  const ids: string[] = [];
  let input: Record<string, unknown> = { StreamName: name };
  for (;;) {
    const reply = await control('ListShards', input);
    if (reply.errorType !== undefined) throw describeFailure('ListShards', name, reply);
    const shards = reply.body['Shards'];
    if (Array.isArray(shards))
      for (const s of shards) {
        const id = (s as Record<string, unknown>)['ShardId'];
        if (typeof id === 'string') ids.push(id);
      }
    const next = reply.body['NextToken'];
    if (typeof next !== 'string' || next === '') return ids;
    input = { NextToken: next };
  }
}
