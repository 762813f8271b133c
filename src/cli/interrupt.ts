/**
 * Ctrl-C for a long-running command, one way for all of them: the first SIGINT or SIGTERM aborts the run's
 * AbortSignal (the engine stops, cleans up and still writes what it measured or found), a second one exits
 * at once with 130. Only the CLI exits the process; the engines take the signal.
 */
import { EXIT } from '../exit-codes.ts';

export interface InterruptWords {
  /** What the first signal does, e.g. "cancelling the run and deleting its streams". */
  readonly first: string;
  /** What a second one means, e.g. "exiting without cleanup". */
  readonly second: string;
}

const SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];

export async function runInterruptible<T>(
  words: InterruptWords,
  run: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const abort = new AbortController();
  const onSignal = (signal: NodeJS.Signals): void => {
    if (abort.signal.aborted) {
      process.stderr.write(`\n${signal} again: ${words.second}\n`);
      process.exit(EXIT.interrupted);
    }
    process.stderr.write(`\n${signal}: ${words.first} (again to exit at once)\n`);
    abort.abort();
  };
  for (const s of SIGNALS) process.on(s, onSignal);
  try {
    return await run(abort.signal);
  } finally {
    for (const s of SIGNALS) process.off(s, onSignal);
  }
}
