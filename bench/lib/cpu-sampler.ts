/**
 * CPU use over a window that is only known afterwards (a `kcs load` run reports when its measured phase began
 * and ended): the counters of this process (all its threads), of the target child and of the whole machine
 * are sampled every SAMPLE_MS, and a window is read between the samples nearest its ends.
 */
import os from 'node:os';

const SAMPLE_MS = 100;

interface Sample {
  /** Epoch ms. */
  readonly at: number;
  /** CPU seconds of this process (every thread: the generator's workers included). */
  readonly self: number;
  readonly target: number | undefined;
  /** Busy and total CPU milliseconds of the machine, all cores. */
  readonly busy: number;
  readonly total: number;
}

export interface CpuWindow {
  readonly seconds: number;
  /** Percent of one core: this process (the load generator). */
  readonly generatorCpuPercent: number;
  readonly targetCpuPercent: number | undefined;
  readonly targetCpuSeconds: number | undefined;
  /** Percent of one core used by everything else on the machine: noise from other processes. */
  readonly otherCpuPercent: number;
  /** Percent of all cores busy. */
  readonly machineBusyPercent: number;
}

function machineTimes(): { busy: number; total: number } {
  let busy = 0;
  let total = 0;
  for (const cpu of os.cpus()) {
    const t = cpu.times;
    busy += t.user + t.nice + t.sys + t.irq;
    total += t.user + t.nice + t.sys + t.irq + t.idle;
  }
  return { busy, total };
}

export class CpuSampler {
  private readonly samples: Sample[] = [];
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly targetCpuSeconds: () => number | undefined) {
    this.sample();
    this.timer = setInterval(() => this.sample(), SAMPLE_MS);
    this.timer.unref();
  }

  sample(): void {
    const u = process.cpuUsage();
    this.samples.push({
      at: Date.now(),
      self: (u.user + u.system) / 1e6,
      target: this.targetCpuSeconds(),
      ...machineTimes(),
    });
    // A long benchmark keeps the last hour at most.
    if (this.samples.length > 36_000) this.samples.splice(0, this.samples.length - 36_000);
  }

  /** CPU use between epoch ms `from` and `to` (from the samples nearest inside them). */
  window(from: number, to: number): CpuWindow | undefined {
    this.sample();
    const first = this.samples.find((s) => s.at >= from);
    const last = [...this.samples].reverse().find((s) => s.at <= to);
    if (!first || !last || last.at - first.at < SAMPLE_MS) return undefined;
    const seconds = (last.at - first.at) / 1000;
    const cores = os.cpus().length;
    const generator = (100 * (last.self - first.self)) / seconds;
    const targetSeconds =
      first.target !== undefined && last.target !== undefined ? last.target - first.target : undefined;
    const target = targetSeconds !== undefined ? (100 * targetSeconds) / seconds : undefined;
    const total = last.total - first.total;
    const busyShare = total > 0 ? (last.busy - first.busy) / total : 0;
    return {
      seconds,
      generatorCpuPercent: generator,
      targetCpuPercent: target,
      targetCpuSeconds: targetSeconds,
      otherCpuPercent: Math.max(0, busyShare * cores * 100 - generator - (target ?? 0)),
      machineBusyPercent: busyShare * 100,
    };
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
