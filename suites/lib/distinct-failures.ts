/**
 * The distinct failures of one check. Two failures are the same when they share a signature: the same case or
 * limit, the same expected outcome (accepted, or rejected with which status and error type) and the same
 * received outcome (operation, HTTP status, `__type`, the per-entry ErrorCodes). Texts with numbers in them
 * (sequence numbers, counts) do not count, so one divergence is one failure however many requests show it.
 */
import type { Exchange } from '../../src/client/exchange.ts';
import type { Expectation, Failure } from '../../src/checks/check.ts';
import { errorType, isObject, resultEntries } from '../../src/checks/view.ts';

/** The most distinct failures one check reports in full; further ones are listed in brief, not shrunk. */
export const MAX_FAILURES_PER_CHECK = 20;

/** A check's verdict on one exchange, thrown inside a property so fast-check shrinks towards it. */
export class CounterExample extends Error {
  constructor(
    readonly failure: Failure,
    readonly exchange: Exchange,
    /** The enumerated case, the limit, or what the shrunk input was, in words. */
    readonly caseName?: string,
    /** What the suite expected of the request, when it said. */
    readonly expectation?: Expectation,
  ) {
    super(`Expected ${failure.expected}\nReceived ${failure.received}`);
    this.name = 'CounterExample';
  }
}

/** `PutRecords HTTP 400 ValidationException`, `PutRecords HTTP 200 ErrorCode InternalFailure`. */
export function receivedOutcome(exchange: Exchange): string {
  const type = errorType(exchange.body);
  const codes = new Set<string>();
  for (const entry of resultEntries(exchange) ?? []) {
    if (isObject(entry) && typeof entry['ErrorCode'] === 'string') codes.add(entry['ErrorCode']);
  }
  return [
    exchange.request.operation,
    `HTTP ${exchange.status}`,
    ...(type !== undefined ? [type] : []),
    ...(codes.size > 0 ? [`ErrorCode ${[...codes].sort().join(',')}`] : []),
  ].join(' ');
}

export function expectedOutcome(expectation: Expectation | undefined): string {
  if (expectation === undefined) return 'as documented';
  return expectation.kind === 'accepted' ? 'accepted' : `HTTP ${expectation.status} ${expectation.type}`;
}

/**
 * The limit a generated request is about, from what the suite expected: the reason with its numbers taken
 * out ("a PartitionKey of 260 ... (maximum 256)" and "... of 257 ..." are the same limit).
 */
export function limitOf(expectation: Expectation | undefined): string | undefined {
  return expectation?.kind === 'rejected' ? expectation.reason.replace(/\d+/g, 'N') : undefined;
}

/** The case a generated request is, in words: the limit it breaks, when the suite expected a rejection. */
export function caseOf(expectation: Expectation | undefined): string | undefined {
  return expectation?.kind === 'rejected' ? expectation.reason : undefined;
}

/** One line that says what makes a failure distinct; `caseKey` is its case or limit, if it has one. */
export function signatureOf(example: CounterExample, caseKey: string | undefined): string {
  return [
    ...(caseKey !== undefined ? [`case ${caseKey}`] : []),
    `expected ${expectedOutcome(example.expectation)}`,
    `received ${receivedOutcome(example.exchange)}`,
  ].join('; ');
}

export interface FoundFailure {
  readonly example: CounterExample;
  readonly signature: string;
  /** fast-check's path to the shrunk case, for failures a property found. */
  readonly path?: string;
}

export class DistinctFailures {
  /** Up to the cap: reported in full. */
  readonly kept: FoundFailure[] = [];
  /** Past the cap: reported in brief (case, expected, received), so a ledger can still judge them. */
  readonly beyond: FoundFailure[] = [];
  private readonly seen = new Set<string>();
  /** Why the search for more stopped early, when it did. */
  note: string | undefined;

  get size(): number {
    return this.kept.length;
  }

  get omitted(): number {
    return this.beyond.length;
  }

  full(): boolean {
    return this.kept.length >= MAX_FAILURES_PER_CHECK;
  }

  has(signature: string): boolean {
    return this.seen.has(signature);
  }

  /** The signatures known so far: a search for more treats failures with these as passing. */
  known(): ReadonlySet<string> {
    return new Set(this.seen);
  }

  /** Keeps a failure with a new signature (or counts it, past the cap); false when its signature is known. */
  add(example: CounterExample, caseKey: string | undefined, path?: string): boolean {
    const signature = signatureOf(example, caseKey);
    if (this.has(signature)) return false;
    this.seen.add(signature);
    (this.full() ? this.beyond : this.kept).push({
      example,
      signature,
      ...(path !== undefined ? { path } : {}),
    });
    return true;
  }
}
