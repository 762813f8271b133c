/**
 * The expected-failures ledger (`--expect-failures FILE`): divergences a target is known to have, each entry
 * naming a check, a category, a matcher on the failure's case (optional) and on what was received, where it is
 * documented, and an expiry date. An entry covers the failures of its check that both matchers match; a check
 * whose every failure is covered is an expected failure, one with any uncovered failure still fails the run.
 * An entry that matched nothing in a run where its check ran (stale) or whose date has passed (expired) fails
 * the run too, so the ledger cannot silently outlive the behaviour it describes.
 */
import { readFile } from 'node:fs/promises';
import { Ajv } from 'ajv';
import { UsageError } from '../errors.ts';
import {
  failureReason,
  type CheckOutcome,
  type ExpectedFailureCategory,
  type FailureDetail,
  type ReportCheck,
  type ReportFailure,
} from './report.ts';
import { formatAjvErrors } from './report-schema.ts';

export interface LedgerEntry {
  readonly check: string;
  readonly category: ExpectedFailureCategory;
  /**
   * A substring of the failure's case (the enumerated case or the limit it is about, as reports show it), or
   * `/regex/flags`. Without it the entry matches failures of any case (the format before cases existed).
   */
  readonly case?: string;
  /** A substring of the failure's received text, or `/regex/flags`. */
  readonly match: string;
  /** Where the behaviour is documented: a behaviour.md row, an upstream issue. */
  readonly source: string;
  /** YYYY-MM-DD: the entry covers failures up to and including this day (UTC). */
  readonly expires: string;
}

export interface Ledger {
  readonly entries: readonly LedgerEntry[];
}

export const EMPTY_LEDGER: Ledger = { entries: [] };

export const LEDGER_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['entries'],
  properties: {
    $schema: { type: 'string' },
    entries: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['check', 'category', 'match', 'source', 'expires'],
        properties: {
          check: { type: 'string', minLength: 1 },
          category: { enum: ['unsupported-feature', 'known-bug', 'allowed-variance'] },
          case: { type: 'string', minLength: 1 },
          match: { type: 'string', minLength: 1 },
          source: { type: 'string', minLength: 1 },
          expires: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
        },
      },
    },
  },
} as const;

const validateLedger = new Ajv({ allErrors: true }).compile<Ledger>(LEDGER_SCHEMA);

/** Parses and validates a ledger; every problem is one UsageError line naming the file. */
export function parseLedger(text: string, file: string): Ledger {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`${file}: not JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  if (!validateLedger(value)) {
    throw new UsageError(`${file}: ${formatAjvErrors(validateLedger.errors ?? []).join('; ')}`);
  }
  value.entries.forEach((entry, i) => {
    for (const field of ['case', 'match'] as const) {
      const text = entry[field];
      if (text === undefined) continue;
      try {
        matcherOf(text);
      } catch (err) {
        throw new UsageError(
          `${file}: /entries/${i}/${field}: ${err instanceof Error ? err.message : String(err)}`,
        );
      }
    }
    if (Number.isNaN(Date.parse(`${entry.expires}T00:00:00Z`)))
      throw new UsageError(`${file}: /entries/${i}/expires: not a date: '${entry.expires}'`);
  });
  return value;
}

export async function loadLedger(file: string): Promise<Ledger> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new UsageError(
      `--expect-failures: cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? err}`,
    );
  }
  return parseLedger(text, file);
}

/** `/regex/flags` is a regular expression; anything else is a substring. */
export function matcherOf(match: string): (text: string) => boolean {
  const re = /^\/(.*)\/([a-z]*)$/s.exec(match);
  if (re) {
    const regex = new RegExp(re[1]!, re[2]);
    return (text) => regex.test(text);
  }
  return (text) => text.includes(match);
}

/** YYYY-MM-DD of `now` in UTC. */
export function isoDay(now: Date): string {
  return now.toISOString().slice(0, 10);
}

export interface LedgerResult {
  readonly checks: ReportCheck[];
  /** Stale and expired entries: each fails the run. */
  readonly problems: string[];
}

/** Whether an entry covers one failure of its check: its case matcher (if any) and its received matcher. */
export function covers(entry: LedgerEntry, failure: FailureDetail, outcome: CheckOutcome): boolean {
  if (entry.case !== undefined && !matcherOf(entry.case)(failure.case ?? '')) return false;
  return matcherOf(entry.match)(failure.received ?? outcome.reason ?? '');
}

/**
 * Applies the ledger to the outcomes of a run (pure). Each failure of a check is covered by the first unexpired
 * entry of that check that matches it (those past the report's cap too, from their brief); a check whose
 * failures are all covered becomes an expected failure, one with an uncovered failure stays failed. An unexpired
 * entry that covered nothing in a run where its check ran (passed or failed, not skipped or kept from running)
 * is stale; an entry past its date is expired and covers nothing. Entries for checks that did not run are left
 * alone.
 */
export function applyLedger(outcomes: readonly CheckOutcome[], ledger: Ledger, today: string): LedgerResult {
  const problems: string[] = [];
  const expired = new Set<LedgerEntry>();
  for (const entry of ledger.entries) {
    if (entry.expires < today) {
      expired.add(entry);
      problems.push(
        `expected-failures entry for ${entry.check} expired on ${entry.expires}: re-check the behaviour and renew or remove it`,
      );
    }
  }
  const used = new Set<LedgerEntry>();
  const checks = outcomes.map((outcome): ReportCheck => {
    const entries = ledger.entries.filter((e) => e.check === outcome.id);
    const live = entries.filter((e) => !expired.has(e));
    const judge = (failure: FailureDetail): ReportFailure => {
      if (outcome.status !== 'failed') return failure;
      const entry = live.find((e) => covers(e, failure, outcome));
      if (!entry) return failure;
      used.add(entry);
      return { ...failure, expectedFailure: { category: entry.category, source: entry.source } };
    };
    const failures = (outcome.failures ?? []).map(judge);
    const more = (outcome.moreFailures ?? []).map(judge);
    const all = [...failures, ...more];
    const ran = outcome.status !== 'skipped';
    for (const entry of live) {
      if (!ran || used.has(entry)) continue;
      problems.push(
        outcome.status === 'passed'
          ? `expected-failures entry for ${entry.check} is stale: the check passes now (${entry.category}, ${entry.source}); remove the entry`
          : `expected-failures entry for ${entry.check} is stale: it matches none of the check's ${all.length} failures in this run (${describeEntry(entry)}); update or remove it`,
      );
    }
    const { failures: _, moreFailures: __, ...rest } = outcome;
    const base = {
      ...rest,
      ...(failures.length > 0 ? { failures } : {}),
      ...(more.length > 0 ? { moreFailures: more } : {}),
    };
    if (outcome.status !== 'failed' || all.length === 0) return { ...base, ...headline(failures[0]) };
    const open = all.filter((f) => f.expectedFailure === undefined);
    if (open.length === 0) {
      const first = all[0]!;
      return {
        ...base,
        ...headline(first),
        status: 'expected-failure',
        reason: `expected (${first.expectedFailure!.category}, ${first.expectedFailure!.source}): ${failureReason(first, all.length)}`,
        expectedFailure: first.expectedFailure!,
      };
    }
    const first = open[0]!;
    const covered = all.length - open.length;
    const notes = [
      ...(covered > 0 ? [`${covered} of ${all.length} expected by the ledger`] : []),
      ...(entries.length > 0 && live.length === 0 ? ['its expected-failures entry has expired'] : []),
      ...(live.length > 0 && covered === 0
        ? [`does not match the expected-failures entry ${live.map(describeEntry).join(', ')}`]
        : []),
    ];
    return {
      ...base,
      ...headline(first),
      reason: `${failureReason(first, all.length)}${notes.length > 0 ? ` (${notes.join('; ')})` : ''}`,
    };
  });
  return { checks, problems };
}

/** The headline fields of a check: its first failure's words and curl line. */
function headline(failure: FailureDetail | undefined): Pick<ReportCheck, 'expected' | 'received' | 'curl'> {
  if (!failure) return {};
  return {
    ...(failure.expected !== undefined ? { expected: failure.expected } : {}),
    ...(failure.received !== undefined ? { received: failure.received } : {}),
    ...(failure.curl !== undefined ? { curl: failure.curl } : {}),
  };
}

function describeEntry(entry: LedgerEntry): string {
  return entry.case !== undefined
    ? `case ${JSON.stringify(entry.case)}, match ${JSON.stringify(entry.match)}`
    : JSON.stringify(entry.match);
}
