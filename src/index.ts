/**
 * The public surface of kinesis-conformance as a library: one function per tool, each taking an options
 * object (any subset; the defaults fill the rest) and resolving to the data its JSON report holds. None of
 * them prints unless given writers, and none exits the process.
 */

// The reference server (`kcs serve`).
export { createServer, type RunningServer } from './server/server.ts';
export { SERVER_DEFAULTS, type ServerOptions, type AuthOptions } from './server/options.ts';

// The conformance suite (`kcs check`).
export { runCheck, type RunCheckIo, type RunCheckResult } from './check/run-check.ts';
export { CHECK_DEFAULTS, type CheckInput, type CheckOptions } from './check/options.ts';
export { CHECK_IDS, HISTORY_CHECK_IDS, type CheckId, type HistoryCheckId } from './checks/index.ts';
export type {
  Report,
  ReportCheck,
  ReportTarget,
  Summary as ReportSummary,
  Versions as ReportVersions,
  ExpectedFailureCategory,
} from './report/report.ts';
export type { CheckStatus } from './report/check-result.ts';
export { parseLedger, type Ledger, type LedgerEntry } from './report/expected-failures.ts';

// The load tester (`kcs load`).
export { runLoad, type RunLoadIo, type LoadOutcome } from './load/load.ts';
export { LOAD_DEFAULTS } from './load/defaults.ts';
export type { LoadInput, LoadOptions } from './load/options.ts';
export type { LoadResult, LoadScenario, LatencySummary, SecondSample } from './load/result.ts';
export type { BaselineComparison } from './load/baseline.ts';

// The emulator matrix (`kcs compat`).
export { runCompat, type RunCompatIo, type RunCompatResult } from './compat/compat.ts';
export { COMPAT_DEFAULTS, type CompatInput, type CompatOptions } from './compat/options.ts';
export type { CompatReport, CompatRow, CompatCell, CompatTarget } from './compat/matrix.ts';
export type { TargetSpec } from './compat/targets.ts';

// Shared vocabulary.
export { parseEndpoint, EndpointError, type Endpoint } from './protocol/endpoint.ts';
export { PROFILES, DEFAULT_PROFILE, getProfile, isProfileName } from './profiles/index.ts';
export type { Profile, ProfileName, ErrorKind, LengthUnit } from './profiles/profile.ts';
export { hashKeyOf, splitHashRange, type HashKeyRange } from './protocol/hash-key.ts';
export { CONTENT_TYPES, type WireFormat } from './protocol/wire.ts';
export { KcsError, UsageError, TransportError, DecodeError, SignatureError } from './errors.ts';
