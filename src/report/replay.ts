import { DEFAULT_PROFILE } from '../profiles/index.ts';
import type { Report } from './report.ts';

/** The `kcs check` line that replays one check of a run: same target, profile, wire, seed and runs. */
export function replayCommand(
  report: Pick<Report, 'target' | 'profile' | 'wire' | 'seed' | 'runs'>,
  checkId: string,
): string {
  const parts = ['kcs check'];
  if (!report.target.embedded)
    parts.push(`--endpoint ${report.target.endpoint} --region ${report.target.region}`);
  if (report.profile !== DEFAULT_PROFILE) parts.push(`--profile ${report.profile}`);
  if (report.wire !== 'json') parts.push(`--wire ${report.wire}`);
  parts.push(`--seed ${report.seed}`, `--runs ${report.runs}`, `--only ${checkId}`);
  return parts.join(' ');
}
