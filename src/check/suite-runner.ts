/**
 * Runs the conformance suites (plain vitest files under `suites/`) through vitest's Node API with an inline
 * configuration: no config file to find, load or compile, in a clone (`suites/*.suite.ts`) and in the
 * installed package (`dist/suites/*.suite.js`) alike. The run's SuiteConfig reaches the suites through
 * vitest's `provide` (read with `inject('kcs')`).
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Reporter, Vitest } from 'vitest/node';
import { SOURCE_EXTENSION } from '../package-info.ts';
import { AREAS, type AreaName } from './areas.ts';
import type { SuiteConfig } from './suite-config.ts';

/** Which suite files a run loads: globs relative to `root`. */
export interface SuiteSelection {
  readonly root: string;
  readonly include: readonly string[];
}

/** The directory holding `src/` and `suites/`: the clone's root, or `dist/` of the installed package. */
const SUITES_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Every suite this package ships. */
export const ALL_SUITES: SuiteSelection = {
  root: SUITES_ROOT,
  include: [`suites/**/*.suite${SOURCE_EXTENSION}`],
};

/** The suites of some areas only. */
export function suitesOfAreas(areas: readonly AreaName[]): SuiteSelection {
  return {
    root: SUITES_ROOT,
    include: areas.flatMap((a) => AREAS[a].folders.map((f) => `suites/${f}/*.suite${SOURCE_EXTENSION}`)),
  };
}

/** The suites' own timeouts: a property run with shrinking against a slow target takes minutes. */
const TEST_TIMEOUT_MS = 120_000;
// Above the 120 s a stream may take to become ACTIVE (KinesisApi.createStream), so a target that never
// activates one is reported as a setup failure, with its answer, rather than as a hook timeout.
const HOOK_TIMEOUT_MS = 150_000;

export interface SuiteRun {
  readonly config: SuiteConfig;
  readonly selection: SuiteSelection;
  readonly reporters: readonly (Reporter | [string, Record<string, unknown>])[];
  /** vitest's test name filter (--only). */
  readonly testNamePattern?: string;
  /** Aborting cancels the run; the suites' afterAll hooks still delete their streams. */
  readonly signal?: AbortSignal;
}

type Listener = (...args: unknown[]) => void;
const SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];

/**
 * vitest's logger answers SIGINT/SIGTERM with `process.exit` 1 ms later, which would skip the deletion of
 * the run's streams and end the caller's process: the listeners it adds are taken off for the run, and
 * cancellation comes through the AbortSignal instead (the CLI turns Ctrl-C into one).
 */
class SignalShield {
  private readonly before = new Map<NodeJS.Signals, Listener[]>();

  constructor() {
    for (const s of SIGNALS) this.before.set(s, process.listeners(s) as Listener[]);
  }

  /** Removes every SIGINT/SIGTERM listener added since construction (vitest's). */
  strip(): void {
    for (const s of SIGNALS) {
      const known = this.before.get(s) ?? [];
      for (const listener of process.listeners(s) as Listener[]) {
        if (!known.includes(listener)) process.off(s, listener);
      }
    }
  }
}

/** Runs the selected suites to the end (or until aborted). */
export async function runSuites(run: SuiteRun): Promise<void> {
  const shield = new SignalShield();
  let vitest: Vitest | undefined;
  const onAbort = (): void => void vitest?.cancelCurrentRun('keyboard-input');
  const attach: Reporter = {
    onInit(ctx) {
      vitest = ctx;
      shield.strip();
      if (run.signal?.aborted) onAbort();
    },
  };
  run.signal?.addEventListener('abort', onAbort, { once: true });
  const exitCodeBefore = process.exitCode;
  try {
    // Loaded here: every other kcs command would otherwise pay for vitest's start-up.
    const { startVitest } = await import('vitest/node');
    vitest = await startVitest(
      'test',
      [],
      {
        root: run.selection.root,
        config: false,
        include: [...run.selection.include],
        // The default excludes node_modules, which is where the installed package's suites live.
        exclude: [],
        watch: false,
        // One target, shared streams and sequence-number history: the files run one after another, and
        // without a fresh module graph per file the run is twice as fast.
        fileParallelism: false,
        isolate: false,
        testTimeout: TEST_TIMEOUT_MS,
        hookTimeout: HOOK_TIMEOUT_MS,
        provide: { kcs: run.config },
        reporters: [attach, ...run.reporters],
        ...(run.testNamePattern !== undefined ? { testNamePattern: run.testNamePattern } : {}),
      },
      // Vite's caches go to the temporary directory, not into the (maybe read-only) installed package.
      { cacheDir: join(tmpdir(), 'kcs-vite-cache') },
    );
    await vitest.close();
  } finally {
    run.signal?.removeEventListener('abort', onAbort);
    shield.strip();
    // vitest sets process.exitCode on failures; the exit status is the caller's to decide.
    process.exitCode = exitCodeBefore;
  }
}
