/**
 * The load generator's connections: one keep-alive undici Client per request in flight, each with one
 * dispatch handler that it reuses for every request, lent out for one request at a time (the most recently
 * returned first, so the open model reuses warm connections and opens more only when it needs more in flight).
 *
 * Why not undici's Pool and `request()`: against a trivial loopback server (bench/load-generator.ts) the
 * Pool's queue and drain events cost about a quarter more CPU per request than a Client per lane, and
 * `request()` wraps every answer in a Readable stream and its promise machinery, which cost more than
 * building, signing and sending the request together. A generator on the target's machine takes that CPU
 * from the target.
 */
import { Client } from 'undici';

export interface Reply {
  readonly status: number;
  /** The Content-Type header, if any. */
  readonly contentType: string | undefined;
  readonly body: Buffer;
}

const CONTENT_TYPE = 'content-type';

/** One keep-alive connection and the handler its requests reuse (the shape Client.dispatch takes in undici 7). */
export class Connection {
  readonly #client: Client;
  #status = 0;
  #contentType: string | undefined;
  #chunks: Buffer[] = [];
  #resolve: (reply: Reply) => void = () => undefined;
  #reject: (error: Error) => void = () => undefined;

  readonly #handler = {
    onConnect: (): void => undefined,
    onHeaders: (statusCode: number, rawHeaders: Buffer[]): boolean => {
      this.#status = statusCode;
      for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
        const name = rawHeaders[i]!;
        if (name.length === CONTENT_TYPE.length && name.toString('latin1').toLowerCase() === CONTENT_TYPE)
          this.#contentType = rawHeaders[i + 1]!.toString('latin1');
      }
      return true;
    },
    onData: (chunk: Buffer): boolean => {
      this.#chunks.push(chunk);
      return true;
    },
    onComplete: (): void => {
      const chunks = this.#chunks;
      this.#chunks = [];
      this.#resolve({
        status: this.#status,
        contentType: this.#contentType,
        body: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks),
      });
    },
    onError: (error: Error): void => {
      this.#chunks = [];
      this.#reject(error);
    },
  };

  constructor(origin: string, options: Client.Options) {
    this.#client = new Client(origin, options);
  }

  /** One POST; the connection takes one request at a time. */
  post(path: string, headers: Readonly<Record<string, string>>, body: Buffer): Promise<Reply> {
    return new Promise((resolve, reject) => {
      this.#status = 0;
      this.#contentType = undefined;
      this.#resolve = resolve;
      this.#reject = reject;
      this.#client.dispatch({ path, method: 'POST', headers, body }, this.#handler);
    });
  }

  close(): Promise<void> {
    return this.#client.close();
  }

  destroy(): Promise<void> {
    return this.#client.destroy();
  }
}

export class Connections {
  readonly #all: Connection[];
  readonly #idle: Connection[];

  constructor(origin: string, count: number, options: Client.Options) {
    this.#all = Array.from({ length: count }, () => new Connection(origin, options));
    this.#idle = [...this.#all].reverse();
  }

  /** An idle connection; the callers never have more requests in flight than there are connections. */
  take(): Connection {
    const connection = this.#idle.pop();
    if (!connection) throw new Error('load generator: more requests in flight than connections');
    return connection;
  }

  give(connection: Connection): void {
    this.#idle.push(connection);
  }

  close(): Promise<void> {
    return Promise.all(this.#all.map((c) => c.close())).then(() => undefined);
  }

  /** Cuts whatever is still in flight (each such request fails with an error). */
  destroy(): Promise<void> {
    return Promise.all(this.#all.map((c) => c.destroy())).then(() => undefined);
  }
}
