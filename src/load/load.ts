/**
 * `kcs load` as a function (the programmatic entry point): target -> stream -> run -> read back -> aggregate
 * -> load.json (+ load.html) -> baseline verdict. The CLI command only parses arguments, wires SIGINT and
 * writes to the terminal.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, platform, release, arch } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../errors.ts';
import { DEFAULT_PROFILE, getProfile } from '../profiles/index.ts';
import { resolveCredentials, type CredentialChain } from '../client/credentials.ts';
import { aggregate } from './aggregate.ts';
import { resolveLoadOptions, type LoadInput, type LoadOptions } from './options.ts';
import { compareWithBaseline, scenarioMismatches, type BaselineComparison } from './baseline.ts';
import { createControl } from './control.ts';
import { LOAD_DEFAULTS } from './defaults.ts';
import { startEmbeddedServer, type EmbeddedServer } from './embedded.ts';
import { renderLoadHtml } from './html-report.ts';
import { nodeMd5Hex } from './node-crypto.ts';
import { describePartitionKeys, describeRecordSize, MAX_RUN_ID, partitionKeysFor } from './payload.ts';
import { baselineTable, describeScenario, progressLine, summaryTable } from './print.ts';
import type { SigningCredentials } from './request.ts';
import type { LoadResult, LoadScenario } from './result.ts';
import { dependencyVersion, KCS_VERSION } from '../package-info.ts';
import { isLoopback, parseEndpoint, type Endpoint } from '../protocol/endpoint.ts';
import { loadResultSchemaErrors } from './result-schema.ts';
import { runGenerators, type RunHooks } from './run.ts';
import { sumCounts } from './samples.ts';
import { deleteStream, ensureStream } from './stream-setup.ts';
import { readBack, ReadBackAnalyzer, type VerifyCounts } from './verify.ts';

const PROFILE = getProfile(DEFAULT_PROFILE);
/** Per-record throttling, as both profiles name it (profiles/common.ts). */
const THROTTLING = PROFILE.recordErrors.throughputExceeded;

export interface LoadIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Rewrite one progress line in place (a terminal) or print plain lines. */
  readonly isTTY: boolean;
  /** Aborting stops the run early; what was measured is still written. */
  readonly signal?: AbortSignal;
  /** Generators in this thread instead of worker threads (tests). */
  readonly inProcess?: boolean;
  /** The AWS credential chain (tests inject one). */
  readonly credentialChain?: CredentialChain;
  /** Cores to plan for (tests); default: os.availableParallelism(). */
  readonly cores?: number;
  /** The terminal's width, for the progress line (default 80). */
  readonly columns?: number;
}

export interface LoadOutcome {
  /** 0 ok; 1 a regression against the baseline or a failed verification; 130 interrupted. */
  readonly exitCode: number;
  readonly result: LoadResult;
  readonly reportPath: string;
  readonly htmlPath: string;
  readonly comparison?: BaselineComparison;
}

/** Where the target runs, as far as the generator's share of the cores goes. */
export type TargetPlacement = 'embedded' | 'this-machine' | 'elsewhere';

/** `this-machine` for a loopback endpoint (localhost, 127.0.0.0/8, ::1), `elsewhere` for any other. */
export function placementOf(endpoint: Endpoint | undefined): TargetPlacement {
  if (endpoint === undefined) return 'embedded';
  return isLoopback(endpoint) ? 'this-machine' : 'elsewhere';
}

/**
 * Generators for this run, never more than the lanes: all the cores for a target elsewhere; all but one for
 * the embedded server (one thread); half of them for another target on this machine, which may use as many
 * threads as it likes. A generator that takes the target's core measures itself: on 2 cores, 2 generators
 * against a loopback target reach a third fewer requests/s than 1 (bench/load-generator.ts).
 */
export function chooseGenerators(options: LoadOptions, cores: number, placement: TargetPlacement): number {
  if (options.workers !== undefined) return options.workers;
  const available = Math.max(
    1,
    placement === 'embedded' ? cores - 1 : placement === 'this-machine' ? Math.floor(cores / 2) : cores,
  );
  return options.model === 'closed' ? Math.min(available, options.connections ?? 1) : available;
}

export function scenarioOf(options: LoadOptions, stream: string, workers: number): LoadScenario {
  return {
    model: options.model,
    ...(options.rate !== undefined ? { rate: options.rate } : {}),
    ...(options.connections !== undefined ? { connections: options.connections } : {}),
    durationMs: options.durationMs,
    recordsPerRequest: options.recordsPerRequest,
    recordSize: describeRecordSize(options.recordSize),
    partitionKeys: describePartitionKeys(options.partitionKeys),
    shards: options.shards,
    stream,
    wire: options.wire,
    seed: options.seed,
    workers,
    ...(options.verify ? { verify: true } : {}),
  };
}

function machine(): LoadResult['machine'] {
  return {
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    cores: availableParallelism(),
    node: process.version,
    os: `${platform()} ${release()} ${arch()}`,
  };
}

function versions(embedded: boolean): Record<string, string> {
  return {
    kcs: KCS_VERSION,
    undici: dependencyVersion('undici'),
    'hdr-histogram-js': dependencyVersion('hdr-histogram-js'),
    ...(embedded ? { 'kcs-serve': KCS_VERSION } : {}),
  };
}

export function readBaseline(file: string): LoadResult {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new UsageError(
      `--baseline: cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  const errors = loadResultSchemaErrors(value);
  if (errors.length > 0) throw new UsageError(`--baseline: ${file} is not a load.json: ${errors[0]}`);
  const baseline = value as LoadResult;
  if (baseline.totals.requests === 0) throw new UsageError(`--baseline: ${file} measured no requests`);
  return baseline;
}

async function signingCredentials(options: LoadOptions, io: LoadIo): Promise<SigningCredentials | undefined> {
  if (options.endpoint === undefined) return undefined;
  const resolved = await resolveCredentials(
    {
      ...(options.accessKeyId !== undefined ? { accessKeyId: options.accessKeyId } : {}),
      ...(options.secretAccessKey !== undefined ? { secretAccessKey: options.secretAccessKey } : {}),
    },
    true,
    io.credentialChain,
  );
  if (resolved.note) io.stderr(`kcs load: ${resolved.note}\n`);
  return resolved.credentials;
}

function progressPrinter(
  options: LoadOptions,
  io: LoadIo,
): { onSecond: NonNullable<RunHooks['onSecond']>; end(): void } {
  let shown = false;
  // Plain lines: about ten per run, at most one a second.
  const every = Math.max(1, Math.round(options.durationMs / 10_000));
  return {
    onSecond(sample, recordErrors) {
      // Seconds past the duration only hold the answers of requests still in flight at the end.
      if (options.quiet || sample.t * 1000 >= options.durationMs) return;
      const line = progressLine({
        sample,
        durationMs: options.durationMs,
        throttled: recordErrors[THROTTLING] ?? 0,
        ...(io.columns !== undefined ? { columns: io.columns } : {}),
      });
      if (io.isTTY) {
        io.stderr(`\r\x1b[2K${line}`);
        shown = true;
      } else if ((sample.t + 1) % every === 0) io.stderr(`${line}\n`);
    },
    end() {
      if (shown) io.stderr('\n');
    },
  };
}

/** What `runLoad` may be given: where its words go (default: nowhere), cancellation, the credential chain. */
export type RunLoadIo = Partial<Pick<LoadIo, 'stdout' | 'stderr'>> &
  Pick<LoadIo, 'signal' | 'credentialChain'>;

/**
 * `kcs load` as a function: any subset of the options (LOAD_DEFAULTS fill the rest, every value checked as
 * the command line checks it), no terminal, no process exit. Resolves to what load.json holds, the exit
 * status the command would have, and the files written.
 */
export async function runLoad(input: LoadInput = {}, io: RunLoadIo = {}): Promise<LoadOutcome> {
  const options = resolveLoadOptions({ quiet: true, ...input });
  return executeLoad(options, {
    stdout: io.stdout ?? (() => undefined),
    stderr: io.stderr ?? (() => undefined),
    isTTY: false,
    ...(io.signal ? { signal: io.signal } : {}),
    ...(io.credentialChain ? { credentialChain: io.credentialChain } : {}),
  });
}

/** The engine: resolved options, an io with a terminal (the CLI's). */
export async function executeLoad(options: LoadOptions, io: LoadIo): Promise<LoadOutcome> {
  const baseline = options.baseline !== undefined ? readBaseline(options.baseline) : undefined;
  const cores = io.cores ?? availableParallelism();
  const placement = placementOf(options.endpoint);
  const embeddedWanted = placement === 'embedded';
  const generators = chooseGenerators(options, cores, placement);
  const streamName = options.stream ?? `${LOAD_DEFAULTS.streamPrefix}${randomBytes(4).toString('hex')}`;
  const scenario = scenarioOf(options, streamName, generators);
  if (baseline) {
    const mismatches = scenarioMismatches(baseline.scenario, scenario);
    // k6 measures latency from the actual send, kcs load from the intended one: not comparable.
    if (baseline.tool !== 'kcs') mismatches.push(`tool: ${baseline.tool} -> kcs`);
    if (mismatches.length > 0)
      throw new UsageError(`--baseline: ${options.baseline} is another scenario (${mismatches.join('; ')})`);
  }

  let embedded: EmbeddedServer | undefined;
  if (embeddedWanted) {
    embedded = await startEmbeddedServer({
      shards: options.shards,
      throttle: options.embeddedThrottle,
      timeoutMs: LOAD_DEFAULTS.embeddedStartTimeoutMs,
    });
  }
  try {
    const endpoint = options.endpoint ?? parseEndpoint(embedded!.url);
    const credentials = await signingCredentials(options, io);
    const control = createControl({
      endpoint,
      region: options.region,
      ...(credentials ? { credentials } : {}),
      timeoutMs: LOAD_DEFAULTS.controlTimeoutMs,
    });
    const stream = await ensureStream(
      control,
      streamName,
      options.shards,
      LOAD_DEFAULTS.streamActiveTimeoutMs,
    );
    try {
      if (!stream.created && stream.openShards !== options.shards)
        io.stderr(
          `kcs load: stream ${streamName} exists with ${stream.openShards} open shards (--shards ${options.shards} applies to new streams)\n`,
        );
      const keys = partitionKeysFor(options.partitionKeys, nodeMd5Hex);
      const verifyRun = options.verify ? randomInt(0, MAX_RUN_ID + 1) : undefined;
      if (!options.quiet)
        io.stderr(
          `kcs load: ${describeScenario(scenario)}\n          against ${endpoint.url}${embedded ? ' (embedded reference server)' : ''}, stream ${streamName}\n`,
        );
      const progress = progressPrinter(options, io);
      const run = await runGenerators(
        {
          endpoint,
          stream: streamName,
          model: options.model,
          ...(options.rate !== undefined ? { rate: options.rate } : {}),
          ...(options.connections !== undefined ? { connections: options.connections } : {}),
          maxInFlight: options.maxInFlight,
          durationMs: options.durationMs,
          maxRequests: options.maxRequests,
          recordsPerRequest: options.recordsPerRequest,
          recordSize: options.recordSize,
          keys,
          wire: options.wire,
          seed: options.seed,
          generators,
          ...(verifyRun !== undefined ? { verifyRun } : {}),
          ...(credentials ? { credentials } : {}),
          region: options.region,
          requestTimeoutMs: options.requestTimeoutMs,
        },
        {
          onSecond: progress.onSecond,
          ...(io.signal ? { signal: io.signal } : {}),
          ...(io.inProcess ? { inProcess: true } : {}),
        },
      );
      const endedAt = new Date();
      progress.end();

      let verification: VerifyCounts | undefined;
      if (verifyRun !== undefined) {
        if (!options.quiet) io.stderr('kcs load: reading the stream back (--verify)...\n');
        const analyzer = new ReadBackAnalyzer(
          verifyRun,
          run.reports.flatMap((r) => r.acks ?? []),
          options.recordsPerRequest,
        );
        await readBack(control, streamName, (shard, head) => analyzer.observe(shard, head), {
          timeoutMs: LOAD_DEFAULTS.verifyTimeoutMs,
        });
        verification = analyzer.result();
      }

      const result = aggregate({
        reports: run.reports,
        seconds: run.seconds,
        startAtEpochMs: run.startAtEpochMs,
        meta: {
          tool: 'kcs',
          target: { endpoint: endpoint.url, embedded: embedded !== undefined },
          scenario: { ...scenario, workers: run.generators },
          versions: versions(embedded !== undefined),
          machine: machine(),
          startedAt: new Date(run.startAtEpochMs).toISOString(),
          endedAt: endedAt.toISOString(),
          ...(verification ? { verification } : {}),
          ...(run.interrupted ? { interrupted: true } : {}),
        },
      });
      const problems = loadResultSchemaErrors(result);
      if (problems.length > 0) throw new Error(`load.json does not match its schema: ${problems.join('; ')}`);
      mkdirSync(options.reportDir, { recursive: true });
      const reportPath = join(options.reportDir, 'load.json');
      writeFileSync(reportPath, `${JSON.stringify(result, null, 2)}\n`);
      const htmlPath = join(options.reportDir, 'load.html');
      writeFileSync(htmlPath, renderLoadHtml(result));
      io.stdout(summaryTable(result, THROTTLING, PROFILE.shardWriteLimits));
      io.stdout(`report    ${reportPath}, ${htmlPath}\n`);

      let exitCode = 0;
      if (
        verification &&
        (verification.lost > 0 || verification.duplicated > 0 || verification.reordered > 0)
      )
        exitCode = 1;
      let comparison: BaselineComparison | undefined;
      if (baseline) {
        comparison = compareWithBaseline(result, baseline, options.maxRegressionPct);
        io.stdout(baselineTable(comparison, options.baseline!));
        if (comparison.regressed) exitCode = 1;
      }
      if (run.interrupted && exitCode === 0) exitCode = 130;
      if (sumCounts(result.totals.httpErrors) === result.totals.requests && result.totals.requests > 0)
        io.stderr('kcs load: every request failed; see http errors above\n');
      return { exitCode, result, reportPath, htmlPath, ...(comparison ? { comparison } : {}) };
    } finally {
      if (stream.created) {
        await deleteStream(control, streamName).catch((err: unknown) =>
          io.stderr(
            `kcs load: could not delete stream ${streamName}: ${err instanceof Error ? err.message : String(err)}\n`,
          ),
        );
      }
    }
  } finally {
    await embedded?.stop();
  }
}
