/**
 * CBOR read as the items on the wire (RFC 8949 section 3), not as JavaScript values: a tag stays a tag and
 * an integer stays apart from a float. A general decoder (cbor-x) turns tag 1 into a Date, which hides what
 * a judge of timestamp encoding must see: AWS writes a timestamp as tag 1 holding integer epoch
 * milliseconds (issue #12; behaviour.md 5, note on timestamps), and a float of seconds there is read by
 * AWS's own clients as a date in January 1970. PURE.
 */

export type CborItem =
  | { readonly kind: 'uint'; readonly value: bigint }
  | { readonly kind: 'negint'; readonly value: bigint }
  | { readonly kind: 'bytes'; readonly value: Uint8Array }
  | { readonly kind: 'text'; readonly value: string }
  | { readonly kind: 'array'; readonly items: readonly CborItem[] }
  | { readonly kind: 'map'; readonly entries: readonly (readonly [CborItem, CborItem])[] }
  | { readonly kind: 'tag'; readonly tag: bigint; readonly item: CborItem }
  | { readonly kind: 'float'; readonly value: number; readonly bits: 16 | 32 | 64 }
  | { readonly kind: 'simple'; readonly value: number };

/** Bytes that are not one well-formed CBOR item. */
export class CborFormatError extends Error {
  readonly code = 'KCS_CBOR_FORMAT';
  constructor(message: string) {
    super(message);
    this.name = 'CborFormatError';
  }
}

/** Nesting deeper than this is refused rather than risking the stack on hostile input. */
const MAX_DEPTH = 256;
const BREAK = 0xff;

/** The one item `bytes` holds; throws CborFormatError when they hold anything else. */
export function readCborItem(bytes: Uint8Array): CborItem {
  const reader = new Reader(bytes);
  const item = reader.item(0);
  if (reader.at !== bytes.length)
    throw new CborFormatError(`${bytes.length - reader.at} bytes after the item`);
  return item;
}

/** The value of member `key` (a text key) of a map item, or undefined. */
export function cborMember(item: CborItem | undefined, key: string): CborItem | undefined {
  if (item?.kind !== 'map') return undefined;
  return item.entries.find(([k]) => k.kind === 'text' && k.value === key)?.[1];
}

/** Words for an item's form, for messages: `tag 1 holding a float64`, `an unsigned integer`. */
export function describeCborItem(item: CborItem): string {
  switch (item.kind) {
    case 'uint':
      return `an unsigned integer (${item.value})`;
    case 'negint':
      return `a negative integer (${item.value})`;
    case 'float':
      return `a float${item.bits} (${item.value})`;
    case 'tag':
      return `tag ${item.tag} holding ${describeCborItem(item.item)}`;
    case 'bytes':
      return `a byte string of ${item.value.length} bytes`;
    case 'text':
      return `a text string ${JSON.stringify(item.value.length > 40 ? `${item.value.slice(0, 40)}...` : item.value)}`;
    case 'array':
      return `an array of ${item.items.length}`;
    case 'map':
      return `a map of ${item.entries.length}`;
    case 'simple':
      return SIMPLE_NAMES[item.value] ?? `simple value ${item.value}`;
  }
}

const SIMPLE_NAMES: Record<number, string> = { 20: 'false', 21: 'true', 22: 'null', 23: 'undefined' };

class Reader {
  at = 0;
  private readonly view: DataView;

  constructor(private readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  item(depth: number): CborItem {
    if (depth > MAX_DEPTH) throw new CborFormatError(`nested deeper than ${MAX_DEPTH}`);
    const initial = this.byte();
    const major = initial >> 5;
    const info = initial & 0x1f;
    if (major === 7) return this.simpleOrFloat(info);
    if (info === 31) return this.indefinite(major, depth);
    const n = this.argument(info);
    switch (major) {
      case 0:
        return { kind: 'uint', value: n };
      case 1:
        return { kind: 'negint', value: -1n - n };
      case 2:
        return { kind: 'bytes', value: this.take(n) };
      case 3:
        return { kind: 'text', value: this.text(this.take(n)) };
      case 4:
        return { kind: 'array', items: this.repeat(n, () => this.item(depth + 1)) };
      case 5:
        return {
          kind: 'map',
          entries: this.repeat(n, () => [this.item(depth + 1), this.item(depth + 1)] as const),
        };
      default:
        return { kind: 'tag', tag: n, item: this.item(depth + 1) };
    }
  }

  private indefinite(major: number, depth: number): CborItem {
    const until = <T>(next: () => T): T[] => {
      const out: T[] = [];
      while (this.peek() !== BREAK) out.push(next());
      this.at++;
      return out;
    };
    switch (major) {
      case 2:
      case 3: {
        const chunks = until(() => {
          const chunk = this.item(depth + 1);
          if (chunk.kind !== (major === 2 ? 'bytes' : 'text'))
            throw new CborFormatError('an indefinite string with a chunk of another type');
          return chunk;
        });
        if (major === 3) return { kind: 'text', value: chunks.map((c) => c.value as string).join('') };
        return { kind: 'bytes', value: Buffer.concat(chunks.map((c) => c.value as Uint8Array)) };
      }
      case 4:
        return { kind: 'array', items: until(() => this.item(depth + 1)) };
      case 5:
        return { kind: 'map', entries: until(() => [this.item(depth + 1), this.item(depth + 1)] as const) };
      default:
        throw new CborFormatError(`major type ${major} cannot have an indefinite length`);
    }
  }

  private simpleOrFloat(info: number): CborItem {
    switch (info) {
      case 24:
        return { kind: 'simple', value: this.byte() };
      case 25:
        return { kind: 'float', value: this.half(), bits: 16 };
      case 26:
        return { kind: 'float', value: this.view.getFloat32(this.advance(4)), bits: 32 };
      case 27:
        return { kind: 'float', value: this.view.getFloat64(this.advance(8)), bits: 64 };
      case 31:
        throw new CborFormatError('a break outside an indefinite-length item');
      default:
        if (info > 27) throw new CborFormatError(`reserved additional information ${info}`);
        return { kind: 'simple', value: info };
    }
  }

  private argument(info: number): bigint {
    if (info < 24) return BigInt(info);
    switch (info) {
      case 24:
        return BigInt(this.byte());
      case 25:
        return BigInt(this.view.getUint16(this.advance(2)));
      case 26:
        return BigInt(this.view.getUint32(this.advance(4)));
      case 27:
        return this.view.getBigUint64(this.advance(8));
      default:
        throw new CborFormatError(`reserved additional information ${info}`);
    }
  }

  /** IEEE 754 half precision (RFC 8949 appendix D). */
  private half(): number {
    const h = this.view.getUint16(this.advance(2));
    const exponent = (h >> 10) & 0x1f;
    const mantissa = h & 0x3ff;
    const sign = h & 0x8000 ? -1 : 1;
    if (exponent === 0) return sign * mantissa * 2 ** -24;
    if (exponent === 31) return mantissa === 0 ? sign * Infinity : Number.NaN;
    return sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
  }

  private repeat<T>(n: bigint, next: () => T): T[] {
    // Each element takes at least one byte: a count beyond what is left cannot be honest.
    if (n > BigInt(this.bytes.length - this.at)) throw new CborFormatError(`a count of ${n} past the end`);
    return Array.from({ length: Number(n) }, next);
  }

  private text(bytes: Uint8Array): string {
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      throw new CborFormatError('a text string that is not UTF-8');
    }
  }

  private take(n: bigint): Uint8Array {
    const start = this.advance(n > BigInt(this.bytes.length) ? this.bytes.length + 1 : Number(n));
    return this.bytes.subarray(start, this.at);
  }

  private byte(): number {
    return this.bytes[this.advance(1)]!;
  }

  private peek(): number {
    if (this.at >= this.bytes.length) throw new CborFormatError('the end came inside an item');
    return this.bytes[this.at]!;
  }

  /** Moves past `n` bytes and returns where they start. */
  private advance(n: number): number {
    if (this.at + n > this.bytes.length) throw new CborFormatError('the end came inside an item');
    const start = this.at;
    this.at += n;
    return start;
  }
}
