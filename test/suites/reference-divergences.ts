/**
 * What the reference test allows the embedded server, per profile, each with why.
 *
 * SKIPS: checks that cannot judge it, and say so (a skip, never a pass). Nothing else may skip.
 *
 * SERVER_DIVERGENCES: KNOWN BUGS OF THE REFERENCE SERVER, for the lead to fix in src/server/ (found by the
 * put-record, lifecycle and protocol suites of issue #12). Each is a ledger entry: a covered failure does not
 * fail the run, and an entry whose check passes again is stale and does, so each goes when the server is fixed.
 */
import { HISTORY_CHECK_IDS } from '../../src/checks/index.ts';
import type { ProfileName } from '../../src/profiles/profile.ts';
import type { Ledger, LedgerEntry } from '../../src/report/expected-failures.ts';

/** YDS has no resharding in AWS's sense (profile.reshardingUnsupported): the resharding area says so. */
const NO_RESHARDING = Object.fromEntries(
  HISTORY_CHECK_IDS.filter((id) => /^(resharding|update-shard-count)\./.test(id)).map((id) => [
    id,
    /^YDS implements neither SplitShard nor MergeShards/,
  ]),
);

/** Iterators live 5 minutes on both profiles, longer than the suite waits for one to expire. */
const NO_EXPIRY = { 'get-records.expired-iterator-rejected': /^iterators live for 300 s/ };

/** The embedded server has no CREATING delay: every write meets an ACTIVE stream. */
const NO_CREATING = { 'lifecycle.write-while-creating': /the stream was ACTIVE too soon/ };

export const SKIPS: Record<ProfileName, Record<string, RegExp>> = {
  yds: {
    ...NO_CREATING,
    ...NO_EXPIRY,
    ...NO_RESHARDING,
    'protocol.non-post-method': /the yds profile's sources document no answer to a GET or PUT/,
    'lifecycle.stream-arn-format': /names streams by StreamName only/,
    'lifecycle.stream-arn-accepted': /names streams by StreamName only/,
    'lifecycle.stream-arn-with-name': /names streams by StreamName only/,
  },
  aws: { ...NO_CREATING, ...NO_EXPIRY },
};

const bug = (check: string, match: string, source: string): LedgerEntry => ({
  check,
  category: 'known-bug',
  match,
  source,
  expires: '2027-06-30',
});

export const SERVER_DIVERGENCES: Record<ProfileName, Ledger> = {
  yds: { entries: [] },
  aws: {
    entries: [
      bug(
        'put-record.invalid-request-rejected',
        '/^HTTP 200 with ShardId/',
        'behaviour.md 5 "PutRecord" (KL-T putRecord, V-AWS historical): a well-formed SequenceNumberForOrdering that is no sequence number (KL-T\'s versions 0 and 4) -> 400 InvalidArgumentException "ExclusiveMinimumSequenceNumber ... is invalid."; the server checks only the pattern',
      ),
    ],
  },
};
