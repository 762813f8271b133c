/**
 * PutRecords at a rate rising linearly from START_RATE to RATE over DURATION, then held for HOLD (k6 executor
 * ramping-arrival-rate): where does the target start to throttle or slow down?
 *
 *   k6 run -e ENDPOINT=http://127.0.0.1:4567 -e CREATE_STREAM=1 -e START_RATE=10 -e RATE=1000 -e DURATION=2m load/k6/ramp.ts
 *
 * Configuration is in the environment (lib/config.ts ENV_VARS; README.md); handleSummary writes load.json.
 */
import type { Options } from 'k6/options';
import { createLoad } from './lib/lifecycle.ts';
import type { K6SummaryData, SetupData } from './lib/summary.ts';

// open() resolves against this file: the repository's package.json, for the kcs version in load.json.
const load = createLoad('ramp', () => open('../../package.json'));

export const options: Options = load.options;

export function setup(): SetupData {
  return load.setup();
}

export default function (data: SetupData): void {
  load.iteration(data);
}

export function teardown(data: SetupData): void {
  load.teardown(data);
}

export function handleSummary(data: K6SummaryData): Record<string, string> {
  return load.handleSummary(data);
}
