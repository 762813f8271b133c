/**
 * `kcs check` as a function (the programmatic entry point): options -> target (the given endpoint, or the
 * embedded reference server started here) -> the suites under vitest -> the expected-failures ledger ->
 * report.json / report.md / report.html / junit.xml. It never exits the process and never prints unless given writers;
 * the CLI (src/cli/commands/check.ts) parses flags, wires Ctrl-C to the AbortSignal and prints.
 */
import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import type { Target } from '../client/exchange.ts';
import { closeConnections } from '../client/send.ts';
import { resolveCredentials, type CredentialChain } from '../client/credentials.ts';
import { UsageError } from '../errors.ts';
import { EXIT } from '../exit-codes.ts';
import { KCS_VERSION } from '../package-info.ts';
import { parseEndpoint } from '../protocol/endpoint.ts';
import { CheckCollector } from '../report/collector.ts';
import { applyLedger, EMPTY_LEDGER, isoDay, loadLedger, type Ledger } from '../report/expected-failures.ts';
import { buildReport, exitCodeOf, type Report } from '../report/report.ts';
import { progressLine, summaryText } from '../report/terminal.ts';
import { writeReports } from '../report/write.ts';
import { createServer, type RunningServer } from '../server/server.ts';
import { deleteStreamsWithPrefix } from './cleanup.ts';
import { MAX_SEED, resolveCheckOptions, type CheckInput, type CheckOptions } from './options.ts';
import { probeEndpoint } from './probe.ts';
import type { SuiteConfig } from './suite-config.ts';
import { ALL_SUITES, runSuites, suitesOfAreas, type SuiteSelection } from './suite-runner.ts';

/** Credentials the suites sign with against the embedded server (it does not verify them). */
const EMBEDDED_CREDENTIALS = { accessKeyId: 'kcs-embedded', secretAccessKey: 'kcs-embedded' } as const;

export interface RunCheckIo {
  /** Progress (a line per finished check) and the summary; default: nothing is printed. */
  readonly stdout?: (text: string) => void;
  /** Notes and warnings; default: nothing is printed. */
  readonly stderr?: (text: string) => void;
  /** Aborting cancels the run: the suites stop, the run's streams are deleted, exit code 130. */
  readonly signal?: AbortSignal;
  readonly credentialChain?: CredentialChain;
  readonly now?: () => Date;
  /** Which suite files to run (default: every suite this package ships). */
  readonly suites?: SuiteSelection;
}

export interface RunCheckResult {
  /** 0 passed (or failed only as the ledger expects), 1 failed, 130 interrupted. */
  readonly exitCode: number;
  /** What report.json holds. */
  readonly report: Report;
  /** Files written. */
  readonly files: readonly string[];
}

/** vitest's testNamePattern for --only: a test's full name ends with its check id. */
export function onlyPattern(ids: readonly string[]): string | undefined {
  if (ids.length === 0) return undefined;
  const escaped = ids.map((id) => id.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&'));
  return `(?:^| )(?:${escaped.join('|')})$`;
}

async function ledgerOf(option: CheckOptions['expectFailures']): Promise<Ledger> {
  if (option === undefined) return EMPTY_LEDGER;
  return typeof option === 'string' ? loadLedger(option) : option;
}

/**
 * Runs the suites once against one target and writes the reports. Bad options and an unusable target throw
 * UsageError before anything runs; everything the target does wrong is in the report.
 */
export async function runCheck(input: CheckInput = {}, io: RunCheckIo = {}): Promise<RunCheckResult> {
  const options = resolveCheckOptions(input);
  const out = io.stdout ?? (() => undefined);
  const err = io.stderr ?? (() => undefined);
  const now = io.now ?? (() => new Date());

  const ledger = await ledgerOf(options.expectFailures);
  const reportDir = resolve(options.reportDir);
  try {
    await mkdir(reportDir, { recursive: true });
  } catch (e) {
    throw new UsageError(`report dir: cannot create ${reportDir}: ${(e as NodeJS.ErrnoException).code ?? e}`);
  }

  const resolved = await resolveCredentials(options, options.endpoint !== undefined, io.credentialChain);
  if (resolved.note) err(`note: ${resolved.note}\n`);
  if (options.endpoint) {
    const target: Target = {
      endpoint: options.endpoint,
      region: options.region,
      ...(resolved.credentials ? { credentials: resolved.credentials } : {}),
    };
    const probe = await probeEndpoint(target);
    if (!probe.ok) throw new UsageError(`cannot use ${options.endpoint.url}: ${probe.reason}`);
    if (probe.note) err(`note: ${probe.note}\n`);
  }

  const seed = options.seed ?? randomBytes(4).readUInt32BE() % MAX_SEED;
  const streamPrefix = `kcs-${randomBytes(4).toString('hex')}-`;
  // The embedded target: the reference server implementing the same profile, with its default limits.
  const server: RunningServer | undefined = options.endpoint
    ? undefined
    : await createServer({ port: 0, profile: options.profile });
  const config: SuiteConfig = {
    endpoint: options.endpoint ?? parseEndpoint(server!.url),
    region: options.region,
    profile: options.profile,
    wire: options.wire,
    seed,
    runs: options.runs,
    streamPrefix,
    maxShards: options.maxShards,
    embedded: server !== undefined,
    credentials: server ? EMBEDDED_CREDENTIALS : resolved.credentials,
  };
  out(
    `kcs check: ${server ? `embedded reference server (${config.endpoint.url})` : config.endpoint.url}, ` +
      `profile ${options.profile}, wire ${options.wire}, seed ${seed}, runs ${options.runs}\n`,
  );

  const only = options.only.length > 0 ? new Set(options.only) : undefined;
  const collector = new CheckCollector({
    ...(only ? { only } : {}),
    onOutcome: (outcome) => out(`${progressLine(outcome)}\n`),
  });
  const junitFile = join(reportDir, 'junit.xml');
  const selection = io.suites ?? (options.areas.length > 0 ? suitesOfAreas(options.areas) : ALL_SUITES);
  const startedAt = now();
  const pattern = onlyPattern(options.only);
  try {
    await runSuites({
      config,
      selection,
      reporters: [collector, ['junit', { outputFile: junitFile }]],
      ...(pattern !== undefined ? { testNamePattern: pattern } : {}),
      ...(io.signal ? { signal: io.signal } : {}),
    });
  } finally {
    // The suites delete their streams in afterAll; this catches what an interrupted or broken run left.
    if (!server) await deleteLeftovers(config, err);
    await closeConnections();
    await server?.close();
  }
  const endedAt = now();
  const interrupted = io.signal?.aborted === true || collector.endReason === 'interrupted';

  const { checks, problems } = applyLedger(collector.outcomes, ledger, isoDay(endedAt));
  // An interrupted run's workers die of the same cause: their errors say nothing more than that.
  if (interrupted) problems.push('the run was interrupted');
  else problems.push(...collector.errors);
  if (checks.length === 0 && !interrupted) {
    if (only) throw new UsageError(`only: no check named ${options.only.join(', ')} ran`);
    problems.push(`no checks ran (no suite files matched ${selection.include.join(', ')})`);
  }
  if (only) {
    const ran = new Set(checks.map((c) => c.id));
    for (const id of options.only) if (!ran.has(id)) problems.push(`--only: no check named ${id} ran`);
  }
  const report = buildReport({
    target: { endpoint: config.endpoint.url, embedded: config.embedded, region: options.region },
    profile: options.profile,
    wire: options.wire,
    seed,
    runs: options.runs,
    only: options.only,
    ...(options.areas.length > 0 ? { areas: options.areas } : {}),
    versions: {
      kcs: KCS_VERSION,
      node: process.version,
      vitest: collector.vitestVersion,
      'fast-check': fc.__version,
    },
    startedAt,
    endedAt,
    checks,
    setupFailures: collector.setupFailures,
    problems,
  });
  const files = [...(await writeReports(report, reportDir)), junitFile];
  out(summaryText(report, files));
  return { exitCode: interrupted ? EXIT.interrupted : exitCodeOf(report), report, files };
}

/** Deletes every stream of the run that is still there (a real endpoint keeps, and bills, them). */
async function deleteLeftovers(config: SuiteConfig, err: (text: string) => void): Promise<void> {
  const target: Target = {
    endpoint: config.endpoint,
    region: config.region,
    ...(config.credentials ? { credentials: config.credentials } : {}),
  };
  try {
    const { failed } = await deleteStreamsWithPrefix(target, config.streamPrefix);
    for (const f of failed) err(`could not delete stream ${f.name}: ${f.reason}\n`);
  } catch (e) {
    err(
      `could not list streams to delete (${config.streamPrefix}*): ${e instanceof Error ? e.message : String(e)}\n`,
    );
  }
}
