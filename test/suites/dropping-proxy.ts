/** A proxy in front of a target that breaks one thing: it drops a record from GetRecords answers. */
import { interceptingProxy } from './intercepting-proxy.ts';

/** A proxy that forwards everything and drops record 1 of each GetRecords answer with two or more records. */
export interface DroppingProxy {
  readonly url: string;
  /** How many records it dropped so far. */
  dropped(): number;
  close(): Promise<void>;
}

export async function droppingProxy(upstream: string): Promise<DroppingProxy> {
  let dropped = 0;
  const proxy = await interceptingProxy(upstream, {
    rewrite(operation, body) {
      const decoded = body as { Records: unknown[] };
      if (operation !== 'GetRecords' || decoded.Records.length < 2) return undefined;
      decoded.Records.splice(1, 1);
      dropped++;
      return decoded;
    },
  });
  return { url: proxy.url, dropped: () => dropped, close: () => proxy.close() };
}
