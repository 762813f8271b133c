/**
 * The targets of `kcs compat`: the reference server, the emulators it can start (npm packages installed
 * beside it, or a command on PATH), or any
 * endpoint given as a URL. Each target is run with the profile it claims and with its own ledger of known
 * divergences, when one exists.
 */
import { UsageError } from '../errors.ts';
import type { ProfileName } from '../profiles/profile.ts';
import { EndpointError, parseEndpoint, type Endpoint } from '../protocol/endpoint.ts';

/** The emulators `kcs compat` can start itself (launch.ts knows how). */
export const EMULATORS = ['kinesalite', 'kinesis-mock', 'moto'] as const;
export type EmulatorName = (typeof EMULATORS)[number];

/** Names that mean something without a URL. */
export const KNOWN_TARGETS = ['reference', ...EMULATORS] as const;
export type KnownTargetName = (typeof KNOWN_TARGETS)[number];

export const DEFAULT_TARGETS: readonly KnownTargetName[] = KNOWN_TARGETS;

/**
 * The profile each known target claims. The emulators set out to imitate AWS (their READMEs say so), so
 * they are judged by AWS's documented behaviour; the reference server implements both profiles and is run
 * with the one given on the command line.
 */
export const CLAIMED_PROFILES = {
  kinesalite: 'aws',
  'kinesis-mock': 'aws',
  moto: 'aws',
} as const satisfies Record<EmulatorName, ProfileName>;

export interface TargetSpec {
  /** Column heading, report sub-directory and ledger file name (`<ledger-dir>/<name>.json`). */
  readonly name: string;
  /** `reference`: the embedded server; an emulator: started from node_modules; `url`: used as it is. */
  readonly kind: KnownTargetName | 'url';
  /** Set when the target was given as a URL: nothing is started, this endpoint is used. */
  readonly endpoint?: Endpoint;
}

export function isKnownTarget(name: string): name is KnownTargetName {
  return (KNOWN_TARGETS as readonly string[]).includes(name);
}

export function isEmulator(name: string): name is EmulatorName {
  return (EMULATORS as readonly string[]).includes(name);
}

/** The profile a target is judged by: its claim when it makes one, else the command line's. */
export function profileOf(spec: TargetSpec, given: ProfileName): ProfileName {
  return isEmulator(spec.kind) ? CLAIMED_PROFILES[spec.kind] : given;
}

/** A target name: used as a directory and a file name, so plain lower-case words. */
export const TARGET_NAME = /^[a-z0-9][a-z0-9._-]*$/;

/** A name for a target given as a bare URL: its host and port (`127.0.0.1-4567`). */
export function nameOfUrl(endpoint: Endpoint): string {
  const host = endpoint.hostname
    .replace(/[^a-z0-9.]+/gi, '-')
    .replace(/^-+|-+$/g, '')
    .toLowerCase();
  return `${host || 'host'}-${endpoint.port}`;
}

function endpointOf(text: string): Endpoint {
  try {
    return parseEndpoint(text);
  } catch (err) {
    if (err instanceof EndpointError) throw new UsageError(`--targets: ${err.message}`);
    throw err;
  }
}

/** `reference`, `kinesalite`, `NAME=URL` or `URL`. */
export function parseTarget(text: string): TargetSpec {
  const item = text.trim();
  if (item === '') throw new UsageError('--targets: empty target');
  if (/^https?:\/\//i.test(item)) {
    const endpoint = endpointOf(item);
    return { name: nameOfUrl(endpoint), kind: 'url', endpoint };
  }
  const eq = item.indexOf('=');
  if (eq < 0) {
    if (!isKnownTarget(item))
      throw new UsageError(
        `--targets: unknown target '${item}' (expected ${KNOWN_TARGETS.join(', ')}, NAME=URL or a URL)`,
      );
    return { name: item, kind: item };
  }
  const name = item.slice(0, eq);
  if (!TARGET_NAME.test(name))
    throw new UsageError(`--targets: '${name}' is not a target name (lower-case letters, digits, . _ -)`);
  const endpoint = endpointOf(item.slice(eq + 1));
  return { name, kind: isKnownTarget(name) ? name : 'url', endpoint };
}
