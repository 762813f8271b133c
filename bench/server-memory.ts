/**
 * The reference server's memory under PutRecords at full speed (issue #12): `kcs serve --throttle off
 * --max-memory SIZE` in a child process, driven by the closed loop of bench:server (500 x 100 B, four shards,
 * 16 requests in flight) long enough for the budget to trim many times, its RSS read from /proc/PID/status
 * every second. The empty server is sampled first, with its stream created and nothing written. Prints max
 * and steady RSS, what was trimmed, and whether RSS stayed under the budget plus a fixed overhead.
 *
 * A report, not a test: it prints Markdown, writes reports/bench-server-memory.json and exits 0 whatever the
 * numbers are. It measures memory, not speed, so a busy machine changes little.
 *
 *   npm run bench:server-memory -- [--budget 256MiB] [--duration 60s]
 */
import { readFileSync } from 'node:fs';
import { DEFAULT_PROFILE, getProfile } from '../src/profiles/index.ts';
import { runClosedLoop } from './lib/closed-loop.ts';
import { benchMain, log, startWatchdog } from './lib/main.ts';
import { gitCommit, machine, writeJsonReport } from './lib/report.ts';
import { median, num } from './lib/round-stats.ts';
import { buildBodies, scenarios } from './lib/scenarios.ts';
import {
  parseServerMemoryBenchArgs,
  SERVER_MEMORY_BENCH_HELP,
  type ServerMemoryBenchOptions,
} from './lib/server-memory-args.ts';
import { killAllNow, prepareStream, REPO_ROOT, REQUEST_HEADERS, startChild, TARGETS } from './lib/targets.ts';

const STREAM_NAME = 'bench-server-memory';
const SAMPLE_EVERY_MS = 1_000;
/** Time allowed beyond the run for start-up, stream creation, the drain and the shutdown. */
const OVERHEAD_BUDGET_MS = 120_000;
const DRAIN_MS = 20_000;
const MiB = 1024 * 1024;

/** Resident set size of a process in bytes, from /proc (Linux); undefined once it is gone. */
function rssBytes(pid: number): number | undefined {
  try {
    const m = /^VmRSS:\s+(\d+)\s+kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Samples `pid`'s RSS every second until stopped: [ms since start, bytes]. */
function sampler(pid: number): { samples: [number, number][]; stop: () => void } {
  const started = Date.now();
  const samples: [number, number][] = [];
  const take = (): void => {
    const rss = rssBytes(pid);
    if (rss !== undefined) samples.push([Date.now() - started, rss]);
  };
  take();
  const timer = setInterval(take, SAMPLE_EVERY_MS);
  return { samples, stop: () => clearInterval(timer) };
}

const mib = (bytes: number): string => `${num(bytes / MiB, 0)} MiB`;

async function run(options: ServerMemoryBenchOptions): Promise<void> {
  if (rssBytes(process.pid) === undefined) throw new Error('needs /proc/PID/status (Linux) to read RSS');
  const budgetMs = options.idleMs + options.durationMs + DRAIN_MS + OVERHEAD_BUDGET_MS;
  const watchdog = startWatchdog(budgetMs);

  const profile = getProfile(DEFAULT_PROFILE);
  const scenario = scenarios(profile)['500x100B'];
  const bodies = buildBodies(scenario, STREAM_NAME, options.seed);
  const budget = String(options.budgetBytes);
  // bench:server's reference target (kcs serve --throttle off), with the budget; the per-shard cap as large,
  // so that the process-wide budget is what trims.
  const args = [
    ...TARGETS.reference.args(options.shards),
    '--max-memory',
    budget,
    '--retention-bytes',
    budget,
  ];
  const server = await startChild('reference', args);
  try {
    log(
      `bench: kcs serve --max-memory ${mib(options.budgetBytes)} listening on ${server.url} (pid ${server.pid})`,
    );
    await prepareStream(server.url, STREAM_NAME, options.shards);
    const idle = sampler(server.pid);
    await new Promise((resolve) => setTimeout(resolve, options.idleMs));
    idle.stop();
    const emptyRss = Math.max(...idle.samples.map(([, rss]) => rss));
    log(`bench: empty server ${mib(emptyRss)}; ${scenario.title} for ${options.durationMs / 1000} s ...`);

    const loaded = sampler(server.pid);
    const result = await runClosedLoop({
      url: server.url,
      bodies: bodies.bodies,
      headers: REQUEST_HEADERS,
      recordsPerRequest: scenario.recordsPerRequest,
      dataBytesPerRequest: bodies.dataBytesPerRequest,
      connections: options.connections,
      warmupMs: 0,
      durationMs: options.durationMs,
      drainMs: DRAIN_MS,
      judge: 'kinesis',
      targetCpuSeconds: () => server.cpuSeconds(),
    });
    loaded.stop();
    await server.stop();
    const stderr = server.stderrTail();

    const rss = loaded.samples.map(([, bytes]) => bytes);
    const maxRss = Math.max(...rss);
    const steadyRss = median(rss.slice(Math.floor(rss.length / 2)));
    const allowed = options.budgetBytes + options.overheadBytes;
    const total = /memory budget: trimmed (\d+) records \(([^)]*) of Data and keys\) in total/.exec(stderr);
    const trimmedRecords = total ? Number(total[1]) : undefined;
    const trimLines = stderr
      .split('\n')
      .filter((l) => l.startsWith('memory budget: trimmed') && !l.endsWith('in total'));
    const written = result.ok * scenario.recordsPerRequest;

    const rows: [string, string][] = [
      ['budget (--max-memory)', mib(options.budgetBytes)],
      ['empty server RSS (stream created, nothing written)', mib(emptyRss)],
      ['max RSS under load', mib(maxRss)],
      ['steady RSS (median of the second half)', mib(steadyRss)],
      ['max RSS - budget', mib(maxRss - options.budgetBytes)],
      ['records written', num(written)],
      ['records trimmed by the budget', trimmedRecords === undefined ? 'n/a' : num(trimmedRecords)],
      ['Data and keys trimmed', total?.[2] ?? 'n/a'],
      ['trim summary lines on stderr', String(trimLines.length)],
      ['records/s', num(result.recordsPerSecond)],
      [
        `RSS <= budget + ${mib(options.overheadBytes)} overhead (${mib(allowed)})`,
        maxRss <= allowed ? 'yes' : '**no**',
      ],
    ];
    const m = machine();
    process.stdout.write(
      [
        `## Reference server memory under PutRecords at full speed`,
        '',
        `${m.cpuModel}, ${m.cores} cores, Node ${m.node}, ${m.platform}; ${scenario.title} into ${options.shards} ` +
          `shards, ${options.connections} requests in flight, ${options.durationMs / 1000} s; RSS every ` +
          `${SAMPLE_EVERY_MS / 1000} s from /proc.`,
        '',
        '| measure | value |',
        '|---|--:|',
        ...rows.map(([k, v]) => `| ${k} | ${v} |`),
        '',
        `RSS over the run (MiB, one sample a second): ${rss.map((b) => Math.round(b / MiB)).join(' ')}`,
        '',
      ].join('\n'),
    );
    if (result.failed > 0) log(`bench: ${result.failed} requests failed: ${JSON.stringify(result.errors)}`);

    writeJsonReport(options.out, {
      benchmark: 'server-memory',
      date: new Date().toISOString(),
      commit: gitCommit(REPO_ROOT) ?? null,
      machine: m,
      options: { ...options, profile: DEFAULT_PROFILE, scenario: scenario.id },
      server: { command: `node ${args.join(' ')}` },
      emptyRssBytes: emptyRss,
      maxRssBytes: maxRss,
      steadyRssBytes: steadyRss,
      allowedRssBytes: allowed,
      underBudgetPlusOverhead: maxRss <= allowed,
      recordsWritten: written,
      recordsTrimmed: trimmedRecords ?? null,
      trimSummaryLines: trimLines,
      rssSamples: loaded.samples.map(([ms, bytes]) => ({ ms, bytes })),
      idleRssSamples: idle.samples.map(([ms, bytes]) => ({ ms, bytes })),
      load: result,
    });
  } finally {
    clearTimeout(watchdog);
    await server.stop();
    killAllNow();
  }
}

await benchMain(() => parseServerMemoryBenchArgs(process.argv.slice(2)), SERVER_MEMORY_BENCH_HELP, run);
