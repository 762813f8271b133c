/**
 * A worker thread running one generator. Protocol with run.ts (plain structured-clone messages):
 * worker -> main: ready | second | done | error;  main -> worker: start { startAtEpochMs } | stop.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { prepareGenerator, type GeneratorPlan, type RunningGenerator } from './generator.ts';
import type { GeneratorReport, WorkerSecond } from './samples.ts';

export type WorkerMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'second'; readonly sample: WorkerSecond }
  | { readonly type: 'done'; readonly report: GeneratorReport }
  | { readonly type: 'error'; readonly message: string };

export type MainMessage =
  { readonly type: 'start'; readonly startAtEpochMs: number } | { readonly type: 'stop' };

const port = parentPort;
if (port) {
  const post = (m: WorkerMessage, transfer?: ArrayBuffer[]): void => port.postMessage(m, transfer);
  try {
    const prepared = prepareGenerator(workerData as GeneratorPlan, {
      second: (sample) => post({ type: 'second', sample }),
    });
    let running: RunningGenerator | undefined;
    let stopEarly = false;
    port.on('message', (m: MainMessage) => {
      if (m.type === 'stop') {
        stopEarly = true;
        running?.stop();
        return;
      }
      running = prepared.start(m.startAtEpochMs);
      if (stopEarly) running.stop();
      running.done.then(
        (report) => {
          const transfer = (report.acks ?? []).map((a) => a.bitmap.buffer as ArrayBuffer);
          post({ type: 'done', report }, transfer);
          port.close();
        },
        (err: unknown) => post({ type: 'error', message: err instanceof Error ? err.message : String(err) }),
      );
    });
    post({ type: 'ready' });
  } catch (err) {
    post({ type: 'error', message: err instanceof Error ? err.message : String(err) });
  }
}
