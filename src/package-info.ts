/**
 * Where this package is installed and what it is called, whether it runs from a clone (src/*.ts) or from
 * the built package (dist/src/*.js): the nearest package.json above this file that names the package.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PACKAGE_NAME = 'kinesis-conformance';

interface Manifest {
  readonly name?: string;
  readonly version?: string;
  readonly dependencies?: Readonly<Record<string, string>>;
}

function findRoot(): { root: string; manifest: Manifest } {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as Manifest;
      if (pkg.name === PACKAGE_NAME) return { root: dir, manifest: pkg };
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find the package.json of ${PACKAGE_NAME}`);
    dir = parent;
  }
}

const found = findRoot();

/** The directory holding this package's package.json. */
export const PACKAGE_ROOT: string = found.root;
export const KCS_VERSION: string = found.manifest.version ?? '0.0.0';

/** The version range this package depends on, as its package.json pins it ('unknown' if it does not). */
export function dependencyVersion(name: string): string {
  return found.manifest.dependencies?.[name] ?? 'unknown';
}

/**
 * `.ts` when running from the sources (a clone, tests), `.js` from the built package: the extension of
 * files this package loads by path (suite files, worker entries).
 */
export const SOURCE_EXTENSION: '.ts' | '.js' = import.meta.url.endsWith('.ts') ? '.ts' : '.js';

/**
 * The script that runs the `kcs` command the way this process runs: the built package's bin, or from the
 * sources through tsx (tests, benchmarks). Spawn it with `process.execPath`.
 */
export const KCS_BIN: string = join(
  PACKAGE_ROOT,
  'bin',
  SOURCE_EXTENSION === '.ts' ? 'kcs-dev.js' : 'kcs.js',
);
