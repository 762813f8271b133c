/**
 * Summarises a V8 .cpuprofile (as written by `node --cpu-prof`): where the time went, by function (self and
 * inclusive) and by file or package.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  /** Microseconds on the monotonic clock (process.hrtime in any process of the machine). */
  startTime: number;
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface HotSpot {
  readonly name: string;
  /** Percent of the busy (non-idle) samples. */
  readonly percent: number;
}

export interface ProfileSummary {
  readonly file: string;
  /** Whether only the measured windows were counted. */
  readonly windowsOnly: boolean;
  /** Microseconds of busy (non-idle) samples counted. */
  readonly busyUs: number;
  readonly idlePercent: number;
  readonly selfByFunction: readonly HotSpot[];
  /** Functions of this repository, with the time of everything they call. */
  readonly inclusiveOwn: readonly HotSpot[];
  readonly selfByFile: readonly HotSpot[];
}

/** The newest main-thread profile in `dir`. */
export function newestProfile(dir: string): string | undefined {
  let best: { path: string; mtime: number } | undefined;
  try {
    for (const name of readdirSync(dir)) {
      // CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile: thread 0 is the main thread (tsx's loader runs
      // on a worker thread that writes its own profile).
      if (!/^CPU\.\d+\.\d+\.\d+\.0\.\d+\.cpuprofile$/.test(name)) continue;
      const path = join(dir, name);
      const mtime = statSync(path).mtimeMs;
      if (!best || mtime > best.mtime) best = { path, mtime };
    }
  } catch {
    return undefined;
  }
  return best?.path;
}

function top(map: Map<string, number>, total: number, n: number): HotSpot[] {
  return [...map.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([name, count]) => ({ name, percent: (count / total) * 100 }));
}

/**
 * `windows`: monotonic-clock microsecond ranges (process.hrtime) to count samples in, so that start-up and
 * idle time between the measured windows stay out; all samples when empty.
 */
export function summariseProfile(
  file: string,
  repoRoot: string,
  windows: readonly (readonly [number, number])[] = [],
  n = 15,
): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const root = pathToFileURL(repoRoot).href.replace(/\/?$/, '/');
  const byId = new Map<number, ProfileNode>();
  const parent = new Map<number, number>();
  for (const node of profile.nodes) {
    byId.set(node.id, node);
    for (const c of node.children ?? []) parent.set(c, node.id);
  }
  const where = (url: string): string => {
    if (url.startsWith(root)) {
      const rel = url.slice(root.length);
      const pkg = /^node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(rel);
      return pkg ? `node_modules/${pkg[1]}` : rel;
    }
    if (url.startsWith('node:')) return 'node internals (JS)';
    return url || '(native)';
  };
  const keyOf = (node: ProfileNode): string => {
    const f = node.callFrame;
    if (!f.url) return f.functionName || '(anonymous)';
    // Code loaded through tsx reports line 0 for every function, so a line is shown only when it says something.
    const line = f.lineNumber > 0 ? `:${f.lineNumber + 1}` : '';
    return `${where(f.url)}:${f.functionName || '(anonymous)'}${line}`;
  };
  const ownKeysCache = new Map<number, string[]>();
  const ownKeys = (id: number): string[] => {
    const cached = ownKeysCache.get(id);
    if (cached) return cached;
    const node = byId.get(id)!;
    const up = parent.has(id) ? ownKeys(parent.get(id)!) : [];
    const own = node.callFrame.url.startsWith(root) && !node.callFrame.url.includes('/node_modules/');
    const key = keyOf(node);
    const keys = own && !up.includes(key) ? [...up, key] : up;
    ownKeysCache.set(id, keys);
    return keys;
  };

  const self = new Map<string, number>();
  const selfFile = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let idle = 0;
  let busy = 0;
  let at = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i]!;
    at += profile.timeDeltas[i] ?? 0;
    if (windows.length > 0 && !windows.some(([from, to]) => at >= from && at <= to)) continue;
    // timeDeltas[i + 1] is the time until the next sample, i.e. how long this sample stood.
    const dt = profile.timeDeltas[i + 1] ?? 0;
    const node = byId.get(id)!;
    if (node.callFrame.functionName === '(idle)') {
      idle += dt;
      continue;
    }
    busy += dt;
    const key = keyOf(node);
    self.set(key, (self.get(key) ?? 0) + dt);
    const file = node.callFrame.url ? where(node.callFrame.url) : key;
    selfFile.set(file, (selfFile.get(file) ?? 0) + dt);
    for (const k of ownKeys(id)) inclusive.set(k, (inclusive.get(k) ?? 0) + dt);
  }
  const total = busy || 1;
  return {
    file,
    windowsOnly: windows.length > 0,
    busyUs: busy,
    idlePercent: (idle / (idle + busy || 1)) * 100,
    selfByFunction: top(self, total, n),
    inclusiveOwn: top(inclusive, total, n),
    selfByFile: top(selfFile, total, n),
  };
}

export function formatProfile(title: string, s: ProfileSummary): string {
  const list = (title: string, spots: readonly HotSpot[]): string[] => [
    '',
    `${title}:`,
    ...spots.map((h) => `  ${h.percent.toFixed(1).padStart(5)}%  ${h.name}`),
  ];
  return [
    `CPU profile of the ${title}: ${s.file}`,
    `(percent of busy time${s.windowsOnly ? ' in the measured windows' : ', start-up included'}; ` +
      `the main thread was idle ${s.idlePercent.toFixed(0)}% of that time)`,
    ...list('Self time by function', s.selfByFunction),
    ...list('Inclusive time, this repository', s.inclusiveOwn),
    ...list('Self time by file or package', s.selfByFile),
  ].join('\n');
}
