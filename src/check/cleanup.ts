/**
 * The suite touches only streams it created, all named with the run's unique prefix; this deletes them.
 * Run by the global teardown and, when a run is interrupted, by `kcs check` itself.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { Target } from '../client/exchange.ts';
import { KcsError } from '../errors.ts';
import { AWS_ERRORS } from '../profiles/common.ts';
import { callApi } from '../client/api-call.ts';

export interface CleanupOptions {
  /** Per-request timeout. */
  readonly timeoutMs?: number;
  /**
   * How long to keep retrying a stream that cannot be deleted yet (AWS answers ResourceInUseException while
   * a stream is CREATING or UPDATING, and LimitExceededException above 5 DeleteStream calls per second).
   */
  readonly retryForMs?: number;
  /** ListStreams page size (default 1000). */
  readonly pageSize?: number;
  /** Wait between retries (injectable so tests need not sleep). */
  readonly wait?: (ms: number) => Promise<void>;
}

export interface CleanupResult {
  readonly deleted: readonly string[];
  readonly failed: readonly { readonly name: string; readonly reason: string }[];
}

const DEFAULTS = { timeoutMs: 10_000, retryForMs: 120_000, retryDelayMs: 1_000 } as const;
/** ListStreams page size (AWS-M: Limit 1..10000). */
const PAGE_SIZE = 1000;
/** Safety bound on pagination against a target whose NextToken never ends. */
const MAX_PAGES = 1000;
const RETRYABLE = new Set<string>([AWS_ERRORS.resourceInUse.type, AWS_ERRORS.limitExceeded.type]);

/** Names of the target's streams that start with `prefix` (ListStreams, every page). */
export async function listStreamsWithPrefix(
  target: Target,
  prefix: string,
  options: CleanupOptions = {},
): Promise<string[]> {
  const timeoutMs = options.timeoutMs ?? DEFAULTS.timeoutMs;
  const pageSize = options.pageSize ?? PAGE_SIZE;
  const found: string[] = [];
  let input: Record<string, unknown> = { Limit: pageSize };
  for (let page = 0; page < MAX_PAGES; page++) {
    const reply = await callApi(target, 'ListStreams', input, { timeoutMs });
    if (reply.status !== 200) {
      throw new KcsError(
        'KCS_CLEANUP',
        `ListStreams answered ${reply.status} ${reply.errorType ?? ''}: ${reply.errorMessage ?? ''}`.trim(),
      );
    }
    const body = (reply.body ?? {}) as {
      StreamNames?: unknown;
      HasMoreStreams?: unknown;
      NextToken?: unknown;
    };
    const names = Array.isArray(body.StreamNames)
      ? body.StreamNames.filter((n): n is string => typeof n === 'string')
      : [];
    found.push(...names.filter((n) => n.startsWith(prefix)));
    if (body.HasMoreStreams !== true || names.length === 0) break;
    // NextToken where the target offers it, else the older ExclusiveStartStreamName (kinesalite has only that).
    input =
      typeof body.NextToken === 'string'
        ? { NextToken: body.NextToken }
        : { Limit: pageSize, ExclusiveStartStreamName: names[names.length - 1] };
  }
  return found;
}

/** Deletes every stream whose name starts with `prefix`. Never throws for one stream; reports it instead. */
export async function deleteStreamsWithPrefix(
  target: Target,
  prefix: string,
  options: CleanupOptions = {},
): Promise<CleanupResult> {
  if (prefix === '') throw new KcsError('KCS_CLEANUP', 'refusing to delete streams with an empty prefix');
  const timeoutMs = options.timeoutMs ?? DEFAULTS.timeoutMs;
  const retryForMs = options.retryForMs ?? DEFAULTS.retryForMs;
  const wait = options.wait ?? ((ms: number) => delay(ms));
  const names = await listStreamsWithPrefix(target, prefix, options);
  const deleted: string[] = [];
  const failed: { name: string; reason: string }[] = [];
  for (const name of names) {
    const started = Date.now();
    for (;;) {
      let reason: string | undefined;
      let retry = false;
      try {
        const reply = await callApi(
          target,
          'DeleteStream',
          { StreamName: name, EnforceConsumerDeletion: true },
          { timeoutMs },
        );
        if (reply.status === 200 || reply.errorType === AWS_ERRORS.resourceNotFound.type) {
          deleted.push(name);
          break;
        }
        reason = `${reply.status} ${reply.errorType ?? ''}: ${reply.errorMessage ?? ''}`.trim();
        retry = reply.errorType !== undefined && RETRYABLE.has(reply.errorType);
      } catch (err) {
        reason = err instanceof Error ? err.message : String(err);
      }
      if (!retry || Date.now() - started >= retryForMs) {
        failed.push({ name, reason });
        break;
      }
      await wait(DEFAULTS.retryDelayMs);
    }
  }
  return { deleted, failed };
}
