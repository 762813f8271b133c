/**
 * `kcs check`: run the conformance suites against a target (the embedded reference server by default)
 * through vitest's Node API, print progress and a summary, and write report.json, report.md, report.html and
 * junit.xml.
 * Parsing is a pure function; `runCheck` is the programmatic entry the command wraps.
 */
import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import type { Vitest } from 'vitest/node';
import type { Target } from '../../client/exchange.ts';
import { closeConnections } from '../../client/send.ts';
import { UsageError } from '../../errors.ts';
import { DEFAULT_PROFILE, isProfileName, PROFILES } from '../../profiles/index.ts';
import type { ProfileName } from '../../profiles/profile.ts';
import type { WireFormat } from '../../protocol/wire.ts';
import { CheckCollector } from '../../report/collector.ts';
import { applyLedger, EMPTY_LEDGER, isoDay, loadLedger } from '../../report/expected-failures.ts';
import { buildReport, exitCodeOf, type Report } from '../../report/report.ts';
import { progressLine, summaryText } from '../../report/terminal.ts';
import { writeReports } from '../../report/write.ts';
import { deleteStreamsWithPrefix } from '../../suite/cleanup.ts';
import { resolveCredentials, type CredentialChain, type Credentials } from '../../suite/credentials.ts';
import { probeEndpoint } from '../../suite/probe.ts';
import { parseFlags, stringFlag, stringList, type OptionSpecs } from '../parse.ts';
import { parseChoice, parseInteger } from '../units.ts';

const PACKAGE_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const KCS_VERSION = (
  JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }
).version;

/** One defaults object; the global setup uses the same run count and shard cap when run by hand. */
export const CHECK_DEFAULTS = {
  profile: DEFAULT_PROFILE,
  region: 'us-east-1',
  runs: 20,
  wire: 'json',
  reportDir: 'reports',
  maxShards: 8,
  suitesConfig: 'vitest.suites.config.ts',
} as const;

/** Exit status of an interrupted run (128 + SIGINT), as shells report it. */
const EXIT_INTERRUPTED = 130;
/** fast-check seeds are 32-bit; kept below 2^31 so they read the same in every tool. */
const MAX_SEED = 2 ** 31 - 1;

export const CHECK_HELP = `kcs check: is this endpoint a Kinesis-compatible PutRecords API? Runs the conformance suites.

Usage: kcs check [options]

  --endpoint URL              target (default: start the embedded reference server in-process)
  --profile yds|aws           documented behaviour to judge against (default ${CHECK_DEFAULTS.profile})
  --region R                  signing region (default $AWS_REGION, else ${CHECK_DEFAULTS.region})
  --wire json|cbor            wire format of the requests (default ${CHECK_DEFAULTS.wire})
  --seed N                    fast-check seed (default: random, always printed)
  --runs N                    fast-check runs per property (default ${CHECK_DEFAULTS.runs})
  --only IDS                  run only these checks (comma-separated or repeated)
  --expect-failures FILE      JSON ledger of known failures (category, matcher, source, expiry)
  --report-dir DIR            where report.json, report.md, report.html and junit.xml go (default ${CHECK_DEFAULTS.reportDir}/)
  --access-key-id ID          credentials (default: the standard AWS chain when --endpoint is given;
  --secret-access-key KEY       dummy ones when it finds nothing: emulators do not verify)
  --max-shards N              refuse to hold more shards than this at a time (default ${CHECK_DEFAULTS.maxShards})
  -h, --help                  this help

The suite creates and deletes only streams named with a unique per-run prefix, also when interrupted.
Exit status: 0 all checks passed (or failed only as the ledger expects); 1 a check failed, a setup call
was answered outside its contract, or a ledger entry is stale or expired; 2 bad usage or unreachable
target; 130 interrupted.
Replay one check exactly: kcs check --seed N --only ID (the seed is printed and written to report.json).
`;

export interface CheckOptions {
  readonly endpoint?: string;
  readonly profile: ProfileName;
  readonly region: string;
  readonly wire: WireFormat;
  /** undefined: pick one at random (and print it). */
  readonly seed?: number;
  readonly runs: number;
  readonly only: readonly string[];
  readonly expectFailures?: string;
  readonly reportDir: string;
  readonly accessKeyId?: string;
  readonly secretAccessKey?: string;
  readonly maxShards: number;
}

const OPTIONS = {
  endpoint: { type: 'string' },
  profile: { type: 'string' },
  region: { type: 'string' },
  wire: { type: 'string' },
  seed: { type: 'string' },
  runs: { type: 'string' },
  only: { type: 'string', multiple: true },
  'expect-failures': { type: 'string' },
  'report-dir': { type: 'string' },
  'access-key-id': { type: 'string' },
  'secret-access-key': { type: 'string' },
  'max-shards': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} satisfies OptionSpecs;

/** A check id: the registry's dotted kebab-case words (`put-records.failed-count-matches`). */
const CHECK_ID = /^[a-z0-9][a-z0-9-]*(\.[a-z0-9][a-z0-9-]*)*$/;

/** http(s)://host[:port][/path], without query or fragment; returned without a trailing slash. */
export function parseEndpoint(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`--endpoint: not a URL: '${text}'`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new UsageError(`--endpoint: expected an http:// or https:// URL, got '${text}'`);
  if (url.search || url.hash) throw new UsageError(`--endpoint: no query or fragment allowed, got '${text}'`);
  if (url.username || url.password) throw new UsageError('--endpoint: credentials do not belong in the URL');
  return url.href.replace(/\/$/, '');
}

/** Pure: argv (after `check`) and environment -> options, or a UsageError. */
export function parseCheckArgs(args: readonly string[], env: NodeJS.ProcessEnv = {}): CheckOptions | 'help' {
  const { values, positionals } = parseFlags(args, OPTIONS);
  if (values['help']) return 'help';
  if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
  const str = (name: string): string | undefined => stringFlag(values, name);
  const profileText = str('profile') ?? CHECK_DEFAULTS.profile;
  if (!isProfileName(profileText))
    throw new UsageError(
      `--profile: expected one of ${Object.keys(PROFILES).join(', ')}, got '${profileText}'`,
    );
  const only = stringList(values, 'only')
    .flatMap((s) => s.split(','))
    .map((s) => s.trim());
  for (const id of only) {
    if (!CHECK_ID.test(id)) throw new UsageError(`--only: not a check id: '${id}'`);
  }
  const accessKeyId = str('access-key-id');
  const secretAccessKey = str('secret-access-key');
  if ((accessKeyId === undefined) !== (secretAccessKey === undefined))
    throw new UsageError('--access-key-id and --secret-access-key go together');
  if (accessKeyId === '' || secretAccessKey === '') throw new UsageError('credentials must not be empty');
  const region = str('region') ?? env['AWS_REGION'] ?? env['AWS_DEFAULT_REGION'] ?? CHECK_DEFAULTS.region;
  if (!/^[a-z0-9-]+$/.test(region)) throw new UsageError(`--region: not a region name: '${region}'`);
  const reportDir = str('report-dir') ?? CHECK_DEFAULTS.reportDir;
  if (reportDir === '') throw new UsageError('--report-dir must not be empty');
  const expectFailures = str('expect-failures');
  if (expectFailures === '') throw new UsageError('--expect-failures must not be empty');
  const endpoint = str('endpoint');
  const seed = str('seed');
  return {
    ...(endpoint !== undefined ? { endpoint: parseEndpoint(endpoint) } : {}),
    profile: profileText,
    region,
    wire:
      str('wire') === undefined ? CHECK_DEFAULTS.wire : parseChoice('wire', str('wire')!, ['json', 'cbor']),
    ...(seed !== undefined ? { seed: parseInteger('seed', seed, 0, MAX_SEED) } : {}),
    runs: str('runs') === undefined ? CHECK_DEFAULTS.runs : parseInteger('runs', str('runs')!, 1, 1_000_000),
    only: [...new Set(only)],
    ...(expectFailures !== undefined ? { expectFailures } : {}),
    reportDir,
    ...(accessKeyId !== undefined && secretAccessKey !== undefined ? { accessKeyId, secretAccessKey } : {}),
    maxShards:
      str('max-shards') === undefined
        ? CHECK_DEFAULTS.maxShards
        : parseInteger('max-shards', str('max-shards')!, 1, 100_000),
  };
}

/** vitest's testNamePattern for --only: a test's full name ends with its check id. */
export function onlyPattern(ids: readonly string[]): string | undefined {
  if (ids.length === 0) return undefined;
  const escaped = ids.map((id) => id.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&'));
  return `(?:^| )(?:${escaped.join('|')})$`;
}

export interface RunCheckIo {
  readonly stdout?: (text: string) => void;
  readonly stderr?: (text: string) => void;
  /** The vitest config of the suites, relative to `root` (default: the package's vitest.suites.config.ts). */
  readonly vitestConfig?: string;
  /** vitest root (default: the package root, whatever the current directory). */
  readonly root?: string;
  /** Take over SIGINT/SIGTERM for the run (the CLI does; tests do not). */
  readonly handleSignals?: boolean;
  readonly credentialChain?: CredentialChain;
  readonly now?: () => Date;
}

export interface RunCheckResult {
  readonly exitCode: number;
  readonly report: Report;
  /** Files written. */
  readonly files: readonly string[];
}

/** Runs the suites once and writes the reports. Usage problems throw UsageError before anything runs. */
export async function runCheck(options: CheckOptions, io: RunCheckIo = {}): Promise<RunCheckResult> {
  const out = io.stdout ?? ((text: string) => void process.stdout.write(text));
  const err = io.stderr ?? ((text: string) => void process.stderr.write(text));
  const now = io.now ?? (() => new Date());
  const root = io.root ?? PACKAGE_ROOT;

  const ledger = options.expectFailures ? await loadLedger(options.expectFailures) : EMPTY_LEDGER;
  const reportDir = resolve(options.reportDir);
  try {
    await mkdir(reportDir, { recursive: true });
  } catch (e) {
    throw new UsageError(
      `--report-dir: cannot create ${reportDir}: ${(e as NodeJS.ErrnoException).code ?? e}`,
    );
  }

  const resolved = await resolveCredentials(options, options.endpoint !== undefined, io.credentialChain);
  if (resolved.note) err(`note: ${resolved.note}\n`);
  const target: Target | undefined = options.endpoint
    ? {
        endpoint: options.endpoint,
        region: options.region,
        ...(resolved.credentials ? { credentials: resolved.credentials } : {}),
      }
    : undefined;
  if (target) {
    const probe = await probeEndpoint(target);
    if (!probe.ok) throw new UsageError(`cannot use ${target.endpoint}: ${probe.reason}`);
    if (probe.note) err(`note: ${probe.note}\n`);
  }

  const seed = options.seed ?? randomBytes(4).readUInt32BE() % MAX_SEED;
  const streamPrefix = `kcs-${randomBytes(4).toString('hex')}-`;
  out(
    `kcs check: ${target ? target.endpoint : 'embedded reference server'}, profile ${options.profile}, ` +
      `wire ${options.wire}, seed ${seed}, runs ${options.runs}\n`,
  );

  const restoreEnv = setEnv(suiteEnv(options, seed, streamPrefix, resolved.credentials));
  const only = options.only.length > 0 ? new Set(options.only) : undefined;
  const signals = io.handleSignals ? new SignalGuard(err) : undefined;
  const collector = new CheckCollector({
    ...(only ? { only } : {}),
    onInit: (vitest) => signals?.attach(vitest),
    onOutcome: (outcome) => out(`${progressLine(outcome)}\n`),
  });
  const junitFile = join(reportDir, 'junit.xml');
  const startedAt = now();
  const exitCodeBefore = process.exitCode;
  let vitest: Vitest | undefined;
  try {
    signals?.install();
    const pattern = onlyPattern(options.only);
    // Loaded here, not at the top: every other kcs command would otherwise pay for vitest's startup.
    const { startVitest } = await import('vitest/node');
    vitest = await startVitest(
      'test',
      [],
      {
        root,
        config: resolve(root, io.vitestConfig ?? CHECK_DEFAULTS.suitesConfig),
        watch: false,
        reporters: [collector, ['junit', { outputFile: junitFile }]],
        ...(pattern ? { testNamePattern: pattern } : {}),
      },
      {},
      {},
    );
  } finally {
    signals?.uninstall();
    restoreEnv();
    // vitest sets process.exitCode on failures; the exit status is ours to decide.
    process.exitCode = exitCodeBefore;
  }
  void vitest;
  const endedAt = now();
  const interrupted = signals?.interrupted === true || collector.endReason === 'interrupted';

  if (target && interrupted) {
    err(`deleting streams starting with ${streamPrefix}...\n`);
    const cleanup = await deleteStreamsWithPrefix(target, streamPrefix).catch((e: unknown) => ({
      deleted: [],
      failed: [{ name: `${streamPrefix}*`, reason: e instanceof Error ? e.message : String(e) }],
    }));
    for (const f of cleanup.failed) err(`could not delete ${f.name}: ${f.reason}\n`);
  }

  await closeConnections();
  const provided = collector.provided;
  const { checks, problems } = applyLedger(collector.outcomes, ledger, isoDay(endedAt));
  // An interrupted run's workers die of the same signal: their errors say nothing more than that.
  if (interrupted) problems.push('the run was interrupted');
  else problems.push(...collector.errors);
  if (checks.length === 0 && !interrupted) {
    if (only) throw new UsageError(`--only: no check named ${options.only.join(', ')} ran`);
    problems.push(
      `no checks ran (no suite files matched ${io.vitestConfig ?? CHECK_DEFAULTS.suitesConfig}?)`,
    );
  }
  if (only) {
    const ran = new Set(checks.map((c) => c.id));
    for (const id of options.only) if (!ran.has(id)) problems.push(`--only: no check named ${id} ran`);
  }
  const report = buildReport({
    target: {
      endpoint: provided?.endpoint ?? options.endpoint ?? 'http://127.0.0.1',
      embedded: options.endpoint === undefined,
      region: options.region,
    },
    profile: options.profile,
    wire: options.wire,
    seed,
    runs: options.runs,
    only: options.only,
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
  return { exitCode: interrupted ? EXIT_INTERRUPTED : exitCodeOf(report), report, files };
}

/** The KCS_* variables `suites/global-setup.ts` reads (undefined: unset, so nothing is inherited). */
function suiteEnv(
  options: CheckOptions,
  seed: number,
  streamPrefix: string,
  credentials: Credentials | undefined,
): Record<string, string | undefined> {
  return {
    KCS_ENDPOINT: options.endpoint,
    KCS_PROFILE: options.profile,
    KCS_REGION: options.region,
    KCS_WIRE: options.wire,
    KCS_SEED: String(seed),
    KCS_RUNS: String(options.runs),
    KCS_STREAM_PREFIX: streamPrefix,
    KCS_MAX_SHARDS: String(options.maxShards),
    KCS_ACCESS_KEY_ID: credentials?.accessKeyId,
    KCS_SECRET_ACCESS_KEY: credentials?.secretAccessKey,
    KCS_SESSION_TOKEN: credentials?.sessionToken,
  };
}

/** Sets variables on process.env (vitest runs in-process and its global setup reads them); returns an undo. */
function setEnv(vars: Record<string, string | undefined>): () => void {
  const before = new Map(Object.keys(vars).map((k) => [k, process.env[k]]));
  const apply = (entries: Iterable<[string, string | undefined]>): void => {
    for (const [k, v] of entries) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
  apply(Object.entries(vars));
  return () => apply(before);
}

type Listener = (...args: unknown[]) => void;

/**
 * Ctrl-C during a run: cancel vitest (its global teardown then deletes the run's streams), let runCheck
 * delete them once more and exit 130. vitest's own logger exits the process 1 ms after SIGINT, which would
 * skip that cleanup, so its listeners are taken off for the run. A second Ctrl-C exits at once.
 */
class SignalGuard {
  interrupted = false;
  private vitest: Vitest | undefined;
  private readonly before = new Map<NodeJS.Signals, Listener[]>();
  private readonly signalsHandled: NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];

  constructor(private readonly err: (text: string) => void) {}

  private readonly onSignal = (signal: NodeJS.Signals): void => {
    if (this.interrupted) {
      this.err(`${signal} again: exiting without cleanup\n`);
      process.exit(EXIT_INTERRUPTED);
    }
    this.interrupted = true;
    this.err(`${signal}: cancelling the run and deleting its streams (again to exit at once)\n`);
    void this.vitest?.cancelCurrentRun('keyboard-input');
  };

  install(): void {
    for (const s of this.signalsHandled) {
      this.before.set(s, process.listeners(s) as Listener[]);
      process.on(s, this.onSignal);
    }
  }

  /** Called once vitest exists: remove the signal listeners it added. */
  attach(vitest: Vitest): void {
    this.vitest = vitest;
    for (const s of this.signalsHandled) {
      const known = this.before.get(s) ?? [];
      for (const listener of process.listeners(s)) {
        if (listener !== this.onSignal && !known.includes(listener as Listener))
          process.off(s, listener as Listener);
      }
    }
    if (this.interrupted) void vitest.cancelCurrentRun('keyboard-input');
  }

  uninstall(): void {
    for (const s of this.signalsHandled) process.off(s, this.onSignal);
  }
}

export async function checkCommand(args: readonly string[]): Promise<number> {
  const parsed = parseCheckArgs(args, process.env);
  if (parsed === 'help') {
    process.stdout.write(CHECK_HELP);
    return 0;
  }
  try {
    const { exitCode } = await runCheck(parsed, { handleSignals: true });
    return exitCode;
  } finally {
    await closeConnections();
  }
}
