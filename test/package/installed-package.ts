/**
 * The package as a user gets it: `npm pack` (its prepack builds dist/), then an install of the tarball into a
 * fresh project, offline. The install reads only the npm cache that `npm ci` filled: the project gets a lock
 * file derived from this repository's (the runtime dependencies at the versions we test with), so npm needs
 * no registry metadata. Used by the package test and by bench/check-startup.ts.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

interface LockEntry {
  readonly dev?: boolean;
  readonly [key: string]: unknown;
}

interface Manifest {
  readonly name: string;
  readonly version: string;
  readonly license?: string;
  readonly bin?: Record<string, string>;
  readonly engines?: Record<string, string>;
  readonly dependencies?: Record<string, string>;
  readonly peerDependencies?: Record<string, string>;
  readonly peerDependenciesMeta?: Record<string, unknown>;
  readonly overrides?: Record<string, string>;
}

export interface InstalledPackage {
  /** The tarball `npm pack` wrote. */
  readonly tarball: string;
  /** The files in it, without the `package/` prefix. */
  readonly files: readonly string[];
  /** The consumer project it is installed in. */
  readonly project: string;
  readonly version: string;
}

function run(command: string, args: readonly string[], cwd: string): SpawnSyncReturns<string> {
  const result = spawnSync(command, args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, npm_config_fund: 'false' },
  });
  if (result.status !== 0)
    throw new Error(`${command} ${args.join(' ')} failed (${result.status}): ${result.stderr.slice(-2000)}`);
  return result;
}

/** Packs this repository and installs the tarball into a new project under the temporary directory. */
export async function installPackedPackage(): Promise<InstalledPackage> {
  const work = await mkdtemp(join(tmpdir(), 'kcs-package-'));
  const packDir = join(work, 'pack');
  await mkdir(packDir);
  const packed = JSON.parse(
    run('npm', ['pack', '--json', '--pack-destination', packDir], REPO_ROOT).stdout,
  ) as {
    filename: string;
    files: { path: string }[];
  }[];
  const tarball = join(packDir, packed[0]!.filename);
  const files = packed[0]!.files.map((f) => f.path);

  const manifest = JSON.parse(await readFile(join(REPO_ROOT, 'package.json'), 'utf8')) as Manifest;
  const lock = JSON.parse(await readFile(join(REPO_ROOT, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, LockEntry>;
  };
  const project = join(work, 'project');
  await mkdir(project);
  const dependencies = { [manifest.name]: `file:${tarball}` };
  const consumer = {
    name: 'kcs-consumer',
    version: '1.0.0',
    private: true,
    type: 'module',
    dependencies,
    // Our own pin (see package.json), so that the offline install uses the versions npm ci cached; a user
    // installing from the registry resolves cbor-x's optional native helper by itself.
    ...(manifest.overrides ? { overrides: manifest.overrides } : {}),
  };
  const packages: Record<string, unknown> = {
    '': { name: consumer.name, version: consumer.version, dependencies },
    [`node_modules/${manifest.name}`]: {
      version: manifest.version,
      resolved: `file:${tarball}`,
      integrity: `sha512-${createHash('sha512')
        .update(await readFile(tarball))
        .digest('base64')}`,
      license: manifest.license,
      dependencies: manifest.dependencies,
      peerDependencies: manifest.peerDependencies,
      peerDependenciesMeta: manifest.peerDependenciesMeta,
      bin: manifest.bin,
      engines: manifest.engines,
    },
  };
  // The runtime tree of this repository: every package that is not a dev dependency, where it sits.
  for (const [path, entry] of Object.entries(lock.packages))
    if (path !== '' && !entry.dev) packages[path] = entry;
  await writeFile(join(project, 'package.json'), `${JSON.stringify(consumer, null, 2)}\n`);
  await writeFile(
    join(project, 'package-lock.json'),
    `${JSON.stringify({ name: consumer.name, version: consumer.version, lockfileVersion: 3, requires: true, packages }, null, 2)}\n`,
  );
  run('npm', ['ci', '--offline', '--no-audit', '--no-fund'], project);
  return { tarball, files, project, version: manifest.version };
}
