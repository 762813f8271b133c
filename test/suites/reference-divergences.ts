/**
 * What the reference test allows the embedded server, per profile, each with why: the checks that cannot
 * judge it, and say so (a skip, never a pass). Nothing else may skip, and nothing may fail: the server has no
 * known divergence from either profile (no expected-failures ledger).
 */
import { HISTORY_CHECK_IDS } from '../../src/checks/index.ts';
import type { ProfileName } from '../../src/profiles/profile.ts';

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
