/**
 * The three load shapes as k6 executors, all open-model (arrival rate): k6 starts iterations on schedule and
 * counts the ones no free VU could start as `dropped_iterations` (load.json `totals.dropped`). PURE: plain
 * objects that the scripts hand to k6 as `options.scenarios` (k6's Options type checks them there).
 */
import type { K6Config } from './config.ts';

export type ScenarioName = 'constant-arrival-rate' | 'ramp' | 'spike';

export interface StageSpec {
  readonly target: number;
  readonly duration: string;
}

export interface ConstantArrivalRate {
  readonly executor: 'constant-arrival-rate';
  readonly rate: number;
  readonly timeUnit: string;
  readonly duration: string;
  readonly preAllocatedVUs: number;
  readonly maxVUs: number;
  readonly gracefulStop: string;
}

export interface RampingArrivalRate {
  readonly executor: 'ramping-arrival-rate';
  readonly startRate: number;
  readonly timeUnit: string;
  readonly stages: StageSpec[];
  readonly preAllocatedVUs: number;
  readonly maxVUs: number;
  readonly gracefulStop: string;
}

export interface PlannedScenario {
  readonly name: ScenarioName;
  readonly executor: ConstantArrivalRate | RampingArrivalRate;
  /** The measured phase: the executor's duration or the sum of its stages. */
  readonly plannedMs: number;
  readonly peakRate: number;
}

/**
 * k6 takes whole iterations per `timeUnit`. A fractional rate (1.5/s, as `kcs load --rate` allows) is kept
 * exact to the thousandth by counting per 1000 s instead.
 */
export function timeBase(rates: readonly number[]): { readonly scale: number; readonly timeUnit: string } {
  return rates.every(Number.isInteger) ? { scale: 1, timeUnit: '1s' } : { scale: 1000, timeUnit: '1000s' };
}

const ms = (n: number): string => `${Math.round(n)}ms`;

function common(config: K6Config): { preAllocatedVUs: number; maxVUs: number; gracefulStop: string } {
  return {
    preAllocatedVUs: config.preAllocatedVUs,
    maxVUs: config.maxVUs,
    // In-flight requests may finish within their timeout after the last arrival.
    gracefulStop: ms(config.timeoutMs),
  };
}

export function constantArrivalRate(config: K6Config): PlannedScenario {
  const { scale, timeUnit } = timeBase([config.rate]);
  return {
    name: 'constant-arrival-rate',
    executor: {
      executor: 'constant-arrival-rate',
      rate: Math.round(config.rate * scale),
      timeUnit,
      duration: ms(config.durationMs),
      ...common(config),
    },
    plannedMs: config.durationMs,
    peakRate: config.rate,
  };
}

function ramping(
  config: K6Config,
  name: ScenarioName,
  startRate: number,
  stages: readonly { readonly target: number; readonly ms: number }[],
): PlannedScenario {
  const kept = stages.filter((s) => s.ms > 0);
  const { scale, timeUnit } = timeBase([startRate, ...kept.map((s) => s.target)]);
  return {
    name,
    executor: {
      executor: 'ramping-arrival-rate',
      startRate: Math.round(startRate * scale),
      timeUnit,
      stages: kept.map((s) => ({ target: Math.round(s.target * scale), duration: ms(s.ms) })),
      ...common(config),
    },
    plannedMs: kept.reduce((a, s) => a + Math.round(s.ms), 0),
    peakRate: Math.max(startRate, ...kept.map((s) => s.target)),
  };
}

/** START_RATE -> RATE linearly over DURATION, then HOLD at RATE. */
export function ramp(config: K6Config): PlannedScenario {
  return ramping(config, 'ramp', config.startRate, [
    { target: config.rate, ms: config.durationMs },
    { target: config.rate, ms: config.holdMs },
  ]);
}

/**
 * BASE_RATE for 40% of DURATION, up to RATE within RISE, RATE for 20%, back within RISE, BASE_RATE for the
 * remaining 40%: how fast a target absorbs a burst and recovers from it.
 */
export function spike(config: K6Config): PlannedScenario {
  const base = config.baseRate;
  const calm = config.durationMs * 0.4;
  const burst = config.durationMs * 0.2;
  return ramping(config, 'spike', base, [
    { target: base, ms: calm },
    { target: config.rate, ms: config.riseMs },
    { target: config.rate, ms: burst },
    { target: base, ms: config.riseMs },
    { target: base, ms: calm },
  ]);
}

export const SCENARIOS = {
  'constant-arrival-rate': constantArrivalRate,
  ramp,
  spike,
} as const satisfies Record<ScenarioName, (config: K6Config) => PlannedScenario>;
