/**
 * PutRecords throughput of the reference server, side by side in one run with a parse-only node:http
 * ceiling and kinesalite, over 127.0.0.1. Each target runs in its own child process; the load generator
 * (undici, closed loop) runs here. A report, not a test: it prints a Markdown table, writes
 * reports/bench-server.json and exits 0 whatever the numbers are.
 *
 *   npm run bench:server -- --duration 5s [--targets reference,parse-only] [--scenarios 500x100B] [--cpu-prof]
 */
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { benchMain, log, startWatchdog } from './lib/main.ts';
import { join, resolve } from 'node:path';
import { DEFAULT_PROFILE, getProfile } from '../src/profiles/index.ts';
import { BENCH_HELP, parseBenchArgs, type BenchOptions } from './lib/args.ts';
import { runClosedLoop } from './lib/closed-loop.ts';
import { formatProfile, newestProfile, summariseProfile, type ProfileSummary } from './lib/cpu-profile.ts';
import {
  bestRounds,
  gitCommit,
  machine,
  markdown,
  ratios,
  writeJsonReport,
  type RunRecord,
} from './lib/report.ts';
import { buildBodies, scenarios, type RequestBodies, type ScenarioId } from './lib/scenarios.ts';
import {
  killAllNow,
  prepareStream,
  REPO_ROOT,
  REQUEST_HEADERS,
  startTarget,
  TARGETS,
  type RunningTarget,
  type TargetId,
} from './lib/targets.ts';

const STREAM_NAME = 'bench-put-records';
/** Time allowed for starting the children and creating the streams. */
const SETUP_BUDGET_MS = 60_000;
/** Time allowed for stopping them (a profiled child writes its profile first). */
const STOP_BUDGET_MS = 60_000;

function packageVersion(name: string): string {
  try {
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules', name, 'package.json'), 'utf8')) as {
      version: string;
    };
    return pkg.version;
  } catch {
    return 'unknown';
  }
}

async function run(options: BenchOptions): Promise<void> {
  const profile = getProfile(DEFAULT_PROFILE);
  const all = scenarios(profile);
  const connectionsOf = (s: ScenarioId): number => options.connections ?? all[s].connections;

  // Every run stops itself: setup, every window with its warm-up and drain, and the shutdown fit in this.
  const budgetMs =
    (SETUP_BUDGET_MS + STOP_BUDGET_MS) * (options.reuseTargets ? 1 : options.scenarios.length) +
    options.targets.length *
      options.scenarios.length *
      options.rounds *
      (options.warmupMs + options.durationMs + options.drainMs) +
    30_000;
  const watchdog = startWatchdog(budgetMs);

  const bodies = new Map<ScenarioId, RequestBodies>();
  for (const id of options.scenarios) bodies.set(id, buildBodies(all[id], STREAM_NAME, options.seed));

  // Profiles go to one directory per process: per target, and per scenario unless processes are reused.
  const cpuProfDir = (id: TargetId, scenario: ScenarioId | 'all'): string =>
    resolve(REPO_ROOT, 'reports', 'cpu-prof', id, scenario);
  const started = Date.now();
  const targets = new Map<TargetId, RunningTarget>();
  const startAll = async (scenario: ScenarioId | 'all'): Promise<void> => {
    await Promise.all(
      options.targets.map(async (id) => {
        const dir = cpuProfDir(id, scenario);
        if (options.cpuProf) mkdirSync(dir, { recursive: true });
        const target = await startTarget(
          id,
          options.shards,
          options.cpuProf ? ['--cpu-prof', '--cpu-prof-dir', dir] : [],
        );
        targets.set(id, target);
        if (TARGETS[id].kinesis) await prepareStream(target.url, STREAM_NAME, options.shards);
        log(`bench: ${id} listening on ${target.url} (pid ${target.pid})`);
      }),
    );
  };
  // A profiled child writes its CPU profile as it exits, which takes a moment after a long run.
  const stopAll = async (): Promise<void> => {
    await Promise.all([...targets.values()].map((t) => t.stop(options.cpuProf ? 60_000 : 10_000)));
    targets.clear();
  };
  const runs: RunRecord[] = [];
  const urls = new Map<TargetId, string>();
  try {
    if (options.reuseTargets) await startAll('all');
    // Scenario by scenario, every target in turn (round after round): slow drift of the machine then touches
    // all targets alike.
    for (const scenarioId of options.scenarios) {
      if (!options.reuseTargets) await startAll(scenarioId);
      const scenario = all[scenarioId];
      const b = bodies.get(scenarioId)!;
      for (let round = 1; round <= options.rounds; round++) {
        for (const targetId of options.targets) {
          const target = targets.get(targetId)!;
          urls.set(targetId, target.url);
          const of = options.rounds > 1 ? ` round ${round}/${options.rounds}` : '';
          log(`bench: ${targetId} ${scenarioId}${of} (${connectionsOf(scenarioId)} connections) ...`);
          const result = await runClosedLoop({
            url: target.url,
            bodies: b.bodies,
            headers: REQUEST_HEADERS,
            recordsPerRequest: scenario.recordsPerRequest,
            dataBytesPerRequest: b.dataBytesPerRequest,
            connections: connectionsOf(scenarioId),
            warmupMs: options.warmupMs,
            durationMs: options.durationMs,
            drainMs: options.drainMs,
            judge: TARGETS[targetId].kinesis ? 'kinesis' : 'status',
            targetCpuSeconds: () => target.cpuSeconds(),
          });
          log(
            `bench:   ${Math.round(result.recordsPerSecond)} records/s, ${result.ok} ok, ${result.failed} failed` +
              `; CPU: generator ${Math.round(result.generatorCpuPercent)}%, target ` +
              `${Math.round(result.targetCpuPercent ?? NaN)}%, other ${Math.round(result.otherCpuPercent ?? NaN)}%`,
          );
          runs.push({
            target: targetId,
            scenario: scenarioId,
            connections: connectionsOf(scenarioId),
            wireBytesPerRequest: b.wireBytesPerRequest,
            recordsPerRequest: scenario.recordsPerRequest,
            dataBytesPerRecord: scenario.dataBytes,
            round,
            result,
          });
        }
      }
      if (!options.reuseTargets) await stopAll();
    }
    await stopAll();

    // One summary per target and scenario, from the samples inside that scenario's measured windows.
    const cpuProfiles: Partial<Record<TargetId, Partial<Record<ScenarioId, ProfileSummary>>>> = {};
    if (options.cpuProf) {
      for (const id of options.targets) {
        const byScenario: Partial<Record<ScenarioId, ProfileSummary>> = {};
        for (const scenarioId of options.scenarios) {
          const file = newestProfile(cpuProfDir(id, options.reuseTargets ? 'all' : scenarioId));
          if (!file || statSync(file).mtimeMs < started) {
            log(`bench: ${id} wrote no CPU profile for ${scenarioId}`);
            continue;
          }
          const windows = runs
            .filter((r) => r.target === id && r.scenario === scenarioId)
            .map((r) => r.result.windowMonotonicUs);
          byScenario[scenarioId] = summariseProfile(file, REPO_ROOT, windows);
        }
        cpuProfiles[id] = byScenario;
      }
    }

    const best = bestRounds(runs);
    const rs = ratios(best, options.scenarios);
    const meta = {
      machine: machine(),
      durationMs: options.durationMs,
      warmupMs: options.warmupMs,
      rounds: options.rounds,
      freshTargets: !options.reuseTargets,
      commit: gitCommit(REPO_ROOT),
      scenarios: options.scenarios.map((id) => {
        const b = bodies.get(id)!;
        const n = all[id].recordsPerRequest;
        const count = (x: number): string => x.toLocaleString('en-US');
        return (
          `${id}: ${n} record${n === 1 ? '' : 's'} of ${count(all[id].dataBytes)} B Data per request ` +
          `(${count(b.wireBytesPerRequest)} B of JSON), cycling ${count(b.bodies.length)} pre-built bodies, ` +
          `${count(n * b.bodies.length)} distinct partition keys`
        );
      }),
    };
    process.stdout.write(`${markdown(best, runs, rs, meta)}\n`);
    for (const [id, byScenario] of Object.entries(cpuProfiles)) {
      for (const [scenarioId, summary] of Object.entries(byScenario))
        process.stdout.write(
          `\n${formatProfile(`${TARGETS[id as TargetId].title}, ${scenarioId}`, summary)}\n`,
        );
    }

    const report = {
      benchmark: 'server-throughput',
      date: new Date().toISOString(),
      commit: meta.commit ?? null,
      machine: meta.machine,
      options: {
        durationMs: options.durationMs,
        warmupMs: options.warmupMs,
        drainMs: options.drainMs,
        shards: options.shards,
        seed: options.seed,
        rounds: options.rounds,
        profile: DEFAULT_PROFILE,
        targets: options.targets,
        scenarios: options.scenarios,
        connectionsOverride: options.connections ?? null,
        freshTargetsPerScenario: !options.reuseTargets,
      },
      generator: {
        model: 'closed loop, pipelining 1, one request in flight per keep-alive connection',
        client: `undici ${packageVersion('undici')} Pool in the benchmark process`,
        note: 'generator and targets share the machine cores; compare ratios, not absolute numbers',
      },
      targets: Object.fromEntries(
        options.targets.map((id) => [
          id,
          {
            title: TARGETS[id].title,
            url: urls.get(id),
            version:
              id === 'kinesalite' ? packageVersion('kinesalite') : id === 'reference' ? 'this commit' : null,
          },
        ]),
      ),
      scenarios: Object.fromEntries(
        options.scenarios.map((id) => [
          id,
          {
            title: all[id].title,
            recordsPerRequest: all[id].recordsPerRequest,
            dataBytesPerRecord: all[id].dataBytes,
            wireBytesPerRequest: bodies.get(id)!.wireBytesPerRequest,
            distinctBodies: all[id].variants,
            connections: connectionsOf(id),
          },
        ]),
      ),
      // One per target and scenario: the best round (all of them when --rounds is 1).
      results: best.map((r) => ({
        target: r.target,
        scenario: r.scenario,
        round: r.round,
        connections: r.connections,
        ...r.result,
      })),
      allRounds: runs.map((r) => ({
        target: r.target,
        scenario: r.scenario,
        round: r.round,
        connections: r.connections,
        ...r.result,
      })),
      ratios: rs,
      cpuProfiles,
    };
    writeJsonReport(options.out, report);
  } finally {
    clearTimeout(watchdog);
    await Promise.all([...targets.values()].map((t) => t.stop()));
    killAllNow();
  }
}

await benchMain(() => parseBenchArgs(process.argv.slice(2)), BENCH_HELP, run);
