/**
 * `kcs compat`, programmatically: start each target (the embedded reference server, the emulators from
 * node_modules on free loopback ports, or a URL), run the same seeded suite against each one after another
 * with its ledger, compare the targets' answers to generated requests (differential.ts), and write
 * compat.json, compat.md and compat.html. Emulators are stopped at the end, on errors and on SIGINT.
 */
import { randomBytes } from 'node:crypto';
import { access, mkdir, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import fc from 'fast-check';
import type { Target } from '../client/exchange.ts';
import { closeConnections } from '../client/send.ts';
import { CHECK_DEFAULTS, MAX_SEED } from '../check/options.ts';
import { runCheck } from '../check/run-check.ts';
import { EXIT } from '../exit-codes.ts';
import type { SuiteSelection } from '../check/suite-runner.ts';
import { parseEndpoint } from '../protocol/endpoint.ts';
import { UsageError } from '../errors.ts';
import { getProfile } from '../profiles/index.ts';
import { loadLedger } from '../report/expected-failures.ts';
import { createServer, type RunningServer } from '../server/server.ts';
import { DUMMY_CREDENTIALS, resolveCredentials, type CredentialChain } from '../client/credentials.ts';
import { runDifferential, type DiffEndpoint, type DifferentialFinding } from './differential.ts';
import { renderCompatHtml } from './html.ts';
import {
  LaunchError,
  missingEmulator,
  softwareOf,
  startEmulator,
  unavailableReason,
  type RunningEmulator,
} from './launch.ts';
import { renderCompatMarkdown } from './markdown.ts';
import { buildMatrix, formatDuration, type CompatReport, type TargetRun } from './matrix.ts';
import { resolveCompatOptions, type CompatInput, type CompatOptions } from './options.ts';
import { isEmulator, profileOf, type TargetSpec } from './targets.ts';

export interface RunCompatIo {
  /** Progress and the summary; default: nothing is printed. */
  readonly stdout?: (text: string) => void;
  readonly stderr?: (text: string) => void;
  /** Aborting stops the current target's run, skips the rest and stops the emulators (exit 130). */
  readonly signal?: AbortSignal;
  readonly now?: () => Date;
  readonly credentialChain?: CredentialChain;
  /** Which suite files each target's run loads (default: every suite). */
  readonly suites?: SuiteSelection;
}

export interface RunCompatResult {
  readonly exitCode: number;
  /** What compat.json holds. */
  readonly report: CompatReport;
  readonly files: readonly string[];
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

export async function runCompat(input: CompatInput = {}, io: RunCompatIo = {}): Promise<RunCompatResult> {
  const options = resolveCompatOptions(input);
  // Asked for by name, an emulator that is not installed is a usage error; among the defaults, it is skipped.
  const missing = input.targets !== undefined ? missingEmulator(options.targets) : undefined;
  if (missing !== undefined) throw new UsageError(missing);
  const out = io.stdout ?? (() => undefined);
  const err = io.stderr ?? (() => undefined);
  const now = io.now ?? (() => new Date());
  const names = options.targets.map((t) => t.name);

  const reportDir = resolve(options.reportDir);
  try {
    await mkdir(reportDir, { recursive: true });
  } catch (e) {
    throw new UsageError(
      `--report-dir: cannot create ${reportDir}: ${(e as NodeJS.ErrnoException).code ?? e}`,
    );
  }
  // Every ledger is read (and validated) before anything starts: a typo should not cost a whole run.
  const ledgers = new Map<string, string>();
  for (const spec of options.targets) {
    const file = join(options.ledgerDir, `${spec.name}.json`);
    if (await exists(file)) {
      await loadLedger(file);
      ledgers.set(spec.name, file);
    } else if (isEmulator(spec.kind)) {
      err(`note: no ledger for ${spec.name} (${file}): every divergence will fail its run\n`);
    }
  }

  const seed = options.seed ?? randomBytes(4).readUInt32BE() % MAX_SEED;
  const runId = randomBytes(4).toString('hex');
  const startedAt = now();
  out(
    `kcs compat: ${names.join(', ')}; seed ${seed}, runs ${options.runs}` +
      `${options.only.length > 0 ? `, only ${options.only.join(', ')}` : ''}\n`,
  );

  const signal = io.signal ?? new AbortController().signal;
  const emulators: RunningEmulator[] = [];
  const endpoints = new Map<string, DiffEndpoint>();
  const runs: TargetRun[] = [];
  let differential: DifferentialFinding[] = [];
  let versions: CompatReport['versions'] | undefined;
  try {
    for (const spec of options.targets) {
      const dir = join(reportDir, spec.name);
      if (signal.aborted) {
        runs.push(notRun(spec, options, dir, reportDir, 'interrupted before it ran'));
        continue;
      }
      const run = await runTarget(
        spec,
        options,
        { dir, reportDir, seed, ledger: ledgers.get(spec.name) },
        io,
        {
          out,
          err,
          signal,
          emulators,
          endpoints,
        },
      );
      runs.push(run);
      versions ??= run.report?.versions;
    }

    if (options.diffRuns > 0 && !signal.aborted) {
      differential = await compareTargets(options, { seed, runId, signal, endpoints, out });
    }
  } finally {
    // Our keep-alive connections first: kinesis-mock's graceful shutdown waits for open connections.
    await closeConnections();
    await Promise.all(emulators.map((e) => e.stop()));
  }

  const endedAt = now();
  const report = buildMatrix({
    startedAt,
    endedAt,
    seed,
    runs: options.runs,
    only: options.only,
    versions: versions ?? {
      kcs: 'unknown',
      node: process.version,
      vitest: 'unknown',
      'fast-check': fc.__version,
    },
    runsByTarget: runs,
    differential,
    interrupted: signal.aborted,
  });
  const files = [
    join(reportDir, 'compat.json'),
    join(reportDir, 'compat.md'),
    join(reportDir, 'compat.html'),
  ];
  await writeFile(files[0]!, `${JSON.stringify(report, null, 2)}\n`);
  await writeFile(files[1]!, renderCompatMarkdown(report));
  await writeFile(files[2]!, renderCompatHtml(report));
  out(summaryText(report, files));
  return { exitCode: report.exitCode, report, files };
}

interface TargetPlace {
  readonly dir: string;
  readonly reportDir: string;
  readonly seed: number;
  readonly ledger: string | undefined;
}

interface RunState {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly signal: AbortSignal;
  readonly emulators: RunningEmulator[];
  readonly endpoints: Map<string, DiffEndpoint>;
}

function notRun(
  spec: TargetSpec,
  options: CompatOptions,
  dir: string,
  reportDir: string,
  why: string,
): TargetRun {
  return {
    spec,
    profile: profileOf(spec, options.profile),
    exitCode: EXIT.interrupted,
    durationMs: 0,
    problems: [why],
    reportDir: relative(reportDir, dir),
  };
}

async function runTarget(
  spec: TargetSpec,
  options: CompatOptions,
  place: TargetPlace,
  io: RunCompatIo,
  state: RunState,
): Promise<TargetRun> {
  const { dir, reportDir, seed, ledger } = place;
  const profile = profileOf(spec, options.profile);
  const started = performance.now();
  const base = {
    spec,
    profile,
    reportDir: relative(reportDir, dir),
    ...(ledger !== undefined ? { ledger: relative(process.cwd(), resolve(ledger)) } : {}),
  };
  await mkdir(dir, { recursive: true });
  state.out(`\n== ${spec.name} (profile ${profile}${ledger ? `, ledger ${ledger}` : ''})\n`);

  let endpoint = spec.endpoint;
  let software: string | undefined;
  // Emulators and the reference server accept any signature: dummy credentials, no look-up of real ones.
  let credentials: Target['credentials'] | undefined = spec.kind === 'url' ? undefined : DUMMY_CREDENTIALS;
  const unavailable =
    isEmulator(spec.kind) && endpoint === undefined ? unavailableReason(spec.kind) : undefined;
  if (unavailable !== undefined) {
    state.out(`skipped: ${unavailable}\n`);
    return { ...base, exitCode: EXIT.ok, durationMs: 0, problems: [], skipped: unavailable };
  }
  if (isEmulator(spec.kind) && endpoint === undefined) {
    try {
      const emulator = await startEmulator(spec.kind, {
        logFile: join(dir, 'emulator.log'),
        cwd: dir,
        region: options.region,
        credentials: DUMMY_CREDENTIALS,
        signal: state.signal,
      });
      state.emulators.push(emulator);
      endpoint = parseEndpoint(emulator.url);
      software = `${softwareOf(spec.kind)} ${emulator.version}`;
      state.out(`started ${software} on ${emulator.url} (pid ${emulator.pid})\n`);
    } catch (e) {
      if (!(e instanceof LaunchError)) throw e;
      return {
        ...base,
        exitCode: state.signal.aborted ? EXIT.interrupted : 2,
        durationMs: performance.now() - started,
        problems: [e.message],
      };
    }
  } else if (isEmulator(spec.kind)) {
    software = `${softwareOf(spec.kind)} (given as a URL)`;
  } else if (spec.kind === 'reference') {
    software = `kcs reference server`;
  }
  if (endpoint !== undefined && credentials === undefined) {
    // A target given as a bare URL may be real AWS: the standard chain, as `kcs check --endpoint` uses.
    credentials = (await resolveCredentials({}, true, io.credentialChain)).credentials;
  }
  if (endpoint !== undefined)
    state.endpoints.set(spec.name, {
      name: spec.name,
      target: { endpoint, region: options.region, ...(credentials ? { credentials } : {}) },
    });

  try {
    const result = await runCheck(
      {
        ...(endpoint !== undefined ? { endpoint } : {}),
        profile,
        region: options.region,
        wire: 'json',
        seed,
        runs: options.runs,
        only: options.only,
        areas: options.areas,
        ...(ledger !== undefined ? { expectFailures: ledger } : {}),
        reportDir: dir,
        // A URL target resolves its own (session tokens included); the others sign with the dummy ones.
        ...(credentials && endpoint !== undefined && spec.kind !== 'url'
          ? { accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey }
          : {}),
        maxShards: CHECK_DEFAULTS.maxShards,
      },
      {
        stdout: state.out,
        stderr: state.err,
        ...(io.signal ? { signal: io.signal } : {}),
        ...(io.suites ? { suites: io.suites } : {}),
        ...(io.now ? { now: io.now } : {}),
        ...(io.credentialChain ? { credentialChain: io.credentialChain } : {}),
      },
    );
    if (spec.kind === 'reference') software = `kcs ${result.report.versions.kcs} reference server`;
    return {
      ...base,
      endpoint: result.report.target.endpoint,
      ...(software !== undefined ? { software } : {}),
      exitCode: result.exitCode,
      durationMs: performance.now() - started,
      report: result.report,
      problems: [],
    };
  } catch (e) {
    // Unreachable, or --only named nothing this target ran: this target is unusable, the others go on.
    if (!(e instanceof UsageError)) throw e;
    state.endpoints.delete(spec.name);
    state.err(`${spec.name}: ${e.message}\n`);
    return {
      ...base,
      ...(endpoint !== undefined ? { endpoint: endpoint.url } : {}),
      ...(software !== undefined ? { software } : {}),
      exitCode: 2,
      durationMs: performance.now() - started,
      problems: [e.message],
    };
  }
}

interface CompareContext {
  readonly seed: number;
  readonly runId: string;
  readonly signal: AbortSignal;
  readonly endpoints: ReadonlyMap<string, DiffEndpoint>;
  readonly out: (text: string) => void;
}

/** The differential: every usable target against the first one, with the first one's profile. */
async function compareTargets(options: CompatOptions, ctx: CompareContext): Promise<DifferentialFinding[]> {
  const usable = options.targets.filter((t) => t.kind === 'reference' || ctx.endpoints.has(t.name));
  const [first, ...others] = usable;
  if (first === undefined || others.length === 0) return [];
  const profile = profileOf(first, options.profile);
  let server: RunningServer | undefined;
  try {
    let baseline = ctx.endpoints.get(first.name);
    if (baseline === undefined) {
      // The embedded reference server is gone with its suite run: a fresh one, without write limits, since
      // throttling depends on timing rather than on the request (and the emulators never throttle).
      server = await createServer({ port: 0, profile, shardWriteLimits: false });
      baseline = {
        name: first.name,
        target: {
          endpoint: parseEndpoint(server.url),
          region: options.region,
          credentials: DUMMY_CREDENTIALS,
        },
      };
    }
    const findings: DifferentialFinding[] = [];
    for (const [i, other] of others.entries()) {
      const target = ctx.endpoints.get(other.name);
      if (ctx.signal.aborted || target === undefined) break;
      ctx.out(`\n== differential: ${other.name} vs ${baseline.name}\n`);
      const found = await runDifferential(baseline, target, {
        profile: getProfile(profile),
        wire: 'json',
        seed: ctx.seed,
        runs: options.diffRuns,
        streamPrefix: `kcs-${ctx.runId}-d${i + 1}-`,
        signal: ctx.signal,
      });
      for (const f of found) {
        const what = f.caseName ?? f.error;
        ctx.out(`${f.verdict.padEnd(11)} ${f.family}${what ? `: ${what}` : ''}\n`);
      }
      findings.push(...found);
    }
    return findings;
  } finally {
    await closeConnections();
    await server?.close();
  }
}

/** The terminal's last word: counts per target, how long it took, and where the files are. */
export function summaryText(report: CompatReport, files: readonly string[]): string {
  const rows = report.targets.map((t) => {
    const s = t.summary;
    const counts = s
      ? `${s.passed} passed, ${s.failed} failed, ${s.expectedFailures} expected failures, ${s.skipped} skipped`
      : 'no result';
    return `${t.name.padEnd(14)} exit ${String(t.exitCode).padEnd(3)} ${counts} (${formatDuration(t.durationMs)})`;
  });
  const problems = report.targets.flatMap((t) => t.problems.map((p) => `problem: ${t.name}: ${p}`));
  const differs = report.differential.filter((f) => f.verdict === 'differs');
  return [
    '',
    'kcs compat summary',
    ...rows,
    ...problems,
    ...(report.differential.length > 0
      ? [`differential: ${differs.length} of ${report.differential.length} comparisons found a difference`]
      : []),
    `took ${formatDuration(report.durationMs)}; seed ${report.seed}; exit ${report.exitCode}`,
    `reports: ${files.join(', ')}`,
    '',
  ].join('\n');
}
