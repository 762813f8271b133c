/**
 * The entry point every benchmark shares: parse the arguments (a usage error exits 2 with one line), run,
 * and make sure no child server outlives the benchmark, whether it ends, fails or is interrupted.
 */
import { UsageError } from '../../src/errors.ts';
import { killAllNow } from './targets.ts';

export const log = (line: string): void => void process.stderr.write(`${line}\n`);

/** Ends a benchmark that is still running after `budgetMs` (its children too); clearTimeout cancels it. */
export function startWatchdog(budgetMs: number): NodeJS.Timeout {
  const watchdog = setTimeout(() => {
    log(`bench: still running after ${Math.round(budgetMs / 1000)} s, giving up`);
    killAllNow();
    process.exit(1);
  }, budgetMs);
  watchdog.unref();
  return watchdog;
}

export async function benchMain<O>(
  parse: () => O | 'help',
  help: string,
  run: (options: O) => Promise<void>,
): Promise<void> {
  process.once('SIGINT', () => {
    log('bench: interrupted, stopping the servers');
    killAllNow();
    process.exit(130);
  });
  process.once('SIGTERM', () => {
    killAllNow();
    process.exit(143);
  });
  process.on('exit', () => killAllNow());

  let options: O | 'help';
  try {
    options = parse();
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    log(`bench: ${err.message}`);
    process.exit(2);
  }
  if (options === 'help') {
    process.stdout.write(help);
    return;
  }
  try {
    await run(options);
  } catch (err) {
    log(`bench: ${err instanceof Error ? err.message : String(err)}`);
    killAllNow();
    process.exit(err instanceof UsageError ? 2 : 1);
  }
}
