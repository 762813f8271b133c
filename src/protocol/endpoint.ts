/**
 * An endpoint URL, parsed once: the one type the client (`kcs check`, `kcs compat`), the load tester and the
 * k6 scripts share. PURE (no Node APIs, no URL class: k6 has none), so k6 imports it as it is.
 *
 * The path is kept: AWS ignores it (`requestUri "/"`), but Yandex Data Streams reads the database from it
 * (behaviour.md 1.1, "Method / path"), so requests go to the path the user wrote.
 */

export interface Endpoint {
  /** The endpoint as given, normalised: lower-case scheme, no trailing slash (`http://127.0.0.1:4567/Root`). */
  readonly url: string;
  /** `http://host:port`, as written (no default port added or removed). */
  readonly origin: string;
  /** The Host header: host and port as written in the URL. */
  readonly host: string;
  /** The host name alone (brackets kept for IPv6 literals). */
  readonly hostname: string;
  /** The port as written, or the scheme's default (80 / 443). */
  readonly port: number;
  readonly tls: boolean;
  /** The path requests are POSTed to: `/` unless the URL names one. */
  readonly path: string;
}

/** Why a text is not an endpoint: one phrase, for a message such as `--endpoint: <reason>`. */
export class EndpointError extends Error {
  readonly code = 'KCS_ENDPOINT';
  constructor(message: string) {
    super(message);
    this.name = 'EndpointError';
  }
}

const SHAPE = /^([a-z][a-z0-9+.-]*):\/\/([^/?#\s]*)([^?#\s]*)(\?[^#\s]*)?(#\S*)?$/i;
const HOST_PORT = /^(\[[0-9a-f:.]+\]|[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?)(?::(\d{1,5}))?$/i;

/** http(s)://host[:port][/path], without credentials, query or fragment; throws EndpointError. */
export function parseEndpoint(text: string): Endpoint {
  const m = SHAPE.exec(text.trim());
  // `localhost:4567` reads as a URL of scheme `localhost`: say what is missing rather than "not a URL".
  if (!m && /^[a-z][a-z0-9+.-]*:[^\s]*$/i.test(text.trim()))
    throw new EndpointError(`expected an http:// or https:// URL, got '${text}'`);
  if (!m) throw new EndpointError(`not a URL: '${text}'`);
  const scheme = m[1]!.toLowerCase();
  if (scheme !== 'http' && scheme !== 'https')
    throw new EndpointError(`expected an http:// or https:// URL, got '${text}'`);
  if (m[4] !== undefined || m[5] !== undefined)
    throw new EndpointError(`no query or fragment allowed, got '${text}'`);
  const authority = m[2]!;
  if (authority.includes('@')) throw new EndpointError('credentials do not belong in the URL');
  const hp = HOST_PORT.exec(authority);
  if (!hp) throw new EndpointError(`not a host[:port]: '${authority}' in '${text}'`);
  const tls = scheme === 'https';
  const port = hp[2] !== undefined ? Number(hp[2]) : tls ? 443 : 80;
  if (port < 1 || port > 65_535) throw new EndpointError(`port out of range in '${text}'`);
  const path = m[3] === '' || m[3] === undefined ? '/' : m[3];
  const origin = `${scheme}://${authority}`;
  return {
    url: path === '/' ? origin : `${origin}${path.replace(/\/+$/, '')}`,
    origin,
    host: authority,
    hostname: hp[1]!,
    port,
    tls,
    path,
  };
}

/** Whether the endpoint's host is a loopback address (tests and benchmarks may only talk to these). */
export function isLoopback(endpoint: Endpoint): boolean {
  const h = endpoint.hostname.toLowerCase();
  return h === 'localhost' || h === '[::1]' || /^127(?:\.\d{1,3}){3}$/.test(h);
}
