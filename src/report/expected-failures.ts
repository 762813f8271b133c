/**
 * The expected-failures ledger (`--expect-failures FILE`): failures a target is known to have, each with a
 * category, a matcher on what was received, where it is documented, and an expiry date. A covered failure
 * does not fail the run; an entry whose check now passes (stale) or whose date has passed (expired) does,
 * so the ledger cannot silently outlive the behaviour it describes.
 */
import { readFile } from 'node:fs/promises';
import { Ajv } from 'ajv';
import { UsageError } from '../errors.ts';
import type { CheckOutcome, ExpectedFailureCategory, ReportCheck } from './report.ts';
import { formatAjvErrors } from './report-schema.ts';

export interface LedgerEntry {
  readonly check: string;
  readonly category: ExpectedFailureCategory;
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
    try {
      matcherOf(entry.match);
    } catch (err) {
      throw new UsageError(
        `${file}: /entries/${i}/match: ${err instanceof Error ? err.message : String(err)}`,
      );
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

/**
 * Applies the ledger to the outcomes of a run (pure). A failure matched by an unexpired entry becomes an
 * expected failure; one that no entry matches stays a failure (with a note when an entry exists for its
 * check). An entry whose check passed is stale; an entry past its date is expired and covers nothing.
 * Entries for checks that did not run (filtered out by --only, or skipped) are left alone.
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
  const checks = outcomes.map((outcome): ReportCheck => {
    const { failure, ...rest } = outcome;
    const base: ReportCheck = { ...rest, ...(failure ?? {}) };
    const entries = ledger.entries.filter((e) => e.check === outcome.id);
    if (entries.length === 0) return base;
    if (outcome.status === 'passed') {
      for (const entry of entries) {
        if (expired.has(entry)) continue;
        problems.push(
          `expected-failures entry for ${entry.check} is stale: the check passes now (${entry.category}, ${entry.source}); remove the entry`,
        );
      }
      return base;
    }
    if (outcome.status !== 'failed') return base;
    const received = failure?.received ?? outcome.reason ?? '';
    const live = entries.filter((e) => !expired.has(e));
    const covering = live.find((e) => matcherOf(e.match)(received));
    if (covering) {
      return {
        ...base,
        status: 'expected-failure',
        reason: `expected (${covering.category}, ${covering.source}): ${outcome.reason ?? received}`,
        expectedFailure: { category: covering.category, source: covering.source },
      };
    }
    const why =
      live.length === 0
        ? 'its expected-failures entry has expired'
        : `does not match the expected-failures entry ${live.map((e) => JSON.stringify(e.match)).join(', ')}`;
    return { ...base, reason: `${outcome.reason ?? received} (${why})` };
  });
  return { checks, problems };
}
