/**
 * A small CBOR decoder (RFC 8949) for the replies of the CBOR 1.1 wire. k6 cannot load cbor-x (an npm
 * package), and the k6 scripts only need to read PutRecords results and control-plane replies: maps with text
 * keys, arrays, text, byte strings, integers, floats, booleans and null. PURE: no k6 or Node API.
 */

export class CborError extends Error {
  readonly code = 'KCS_CBOR_DECODE';
}

const BREAK = Symbol('break');

/** UTF-8 bytes [start, end) as a string (k6 has no TextDecoder). */
export function utf8Decode(bytes: Uint8Array, start: number, end: number): string {
  let out = '';
  let i = start;
  while (i < end) {
    const b = bytes[i++]!;
    let c: number;
    if (b < 0x80) c = b;
    else if (b >= 0xc0 && b < 0xe0) c = ((b & 0x1f) << 6) | (bytes[i++]! & 0x3f);
    else if (b >= 0xe0 && b < 0xf0)
      c = ((b & 0x0f) << 12) | ((bytes[i++]! & 0x3f) << 6) | (bytes[i++]! & 0x3f);
    else if (b >= 0xf0 && b < 0xf8)
      c =
        ((b & 0x07) << 18) |
        ((bytes[i++]! & 0x3f) << 12) |
        ((bytes[i++]! & 0x3f) << 6) |
        (bytes[i++]! & 0x3f);
    else c = 0xfffd;
    out += String.fromCodePoint(c);
  }
  return out;
}

/** IEEE 754 half precision (RFC 8949 appendix D). */
function halfToNumber(h: number): number {
  const exp = (h >> 10) & 0x1f;
  const mant = h & 0x3ff;
  const sign = h & 0x8000 ? -1 : 1;
  if (exp === 0) return sign * mant * 2 ** -24;
  if (exp === 31) return mant === 0 ? sign * Infinity : NaN;
  return sign * (mant + 1024) * 2 ** (exp - 25);
}

class Reader {
  private offset = 0;
  private readonly view: DataView;

  constructor(private readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get done(): boolean {
    return this.offset >= this.bytes.length;
  }

  private need(n: number): number {
    const at = this.offset;
    if (at + n > this.bytes.length) throw new CborError(`CBOR: truncated at byte ${at}`);
    this.offset += n;
    return at;
  }

  /** The argument of a head; -1 for an indefinite length. */
  private argument(info: number): number {
    if (info < 24) return info;
    if (info === 24) return this.view.getUint8(this.need(1));
    if (info === 25) return this.view.getUint16(this.need(2));
    if (info === 26) return this.view.getUint32(this.need(4));
    if (info === 27) {
      const at = this.need(8);
      // Beyond 2^53 precision is lost; replies carry counts and lengths here, never such numbers.
      return this.view.getUint32(at) * 2 ** 32 + this.view.getUint32(at + 4);
    }
    if (info === 31) return -1;
    throw new CborError(`CBOR: reserved additional information ${info}`);
  }

  /** The chunks of an indefinite-length byte string, up to its break. */
  private byteChunks(): Uint8Array[] {
    const parts: Uint8Array[] = [];
    for (;;) {
      const item = this.item();
      if (item === BREAK) return parts;
      if (!(item instanceof Uint8Array))
        throw new CborError('CBOR: bad chunk in an indefinite-length byte string');
      parts.push(item);
    }
  }

  item(): unknown {
    const head = this.view.getUint8(this.need(1));
    const major = head >> 5;
    const info = head & 0x1f;
    if (major === 7) return this.simple(info);
    const n = this.argument(info);
    switch (major) {
      case 0:
        return n;
      case 1:
        return -1 - n;
      case 2: {
        if (n < 0) {
          const parts = this.byteChunks();
          const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
          let o = 0;
          for (const p of parts) {
            out.set(p, o);
            o += p.length;
          }
          return out;
        }
        const at = this.need(n);
        // A copy in a plain Uint8Array, whatever view (a Node Buffer, say) the input was.
        return new Uint8Array(this.bytes.subarray(at, at + n));
      }
      case 3: {
        if (n < 0) {
          let text = '';
          for (;;) {
            const part = this.item();
            if (part === BREAK) return text;
            if (typeof part !== 'string') throw new CborError('CBOR: bad chunk in an indefinite-length text');
            text += part;
          }
        }
        const at = this.need(n);
        return utf8Decode(this.bytes, at, at + n);
      }
      case 4: {
        const out: unknown[] = [];
        for (let i = 0; n < 0 || i < n; i++) {
          const v = this.item();
          if (v === BREAK) {
            if (n < 0) break;
            throw new CborError('CBOR: unexpected break in an array');
          }
          out.push(v);
        }
        return out;
      }
      case 5: {
        const out: Record<string, unknown> = {};
        for (let i = 0; n < 0 || i < n; i++) {
          const k = this.item();
          if (k === BREAK) {
            if (n < 0) break;
            throw new CborError('CBOR: unexpected break in a map');
          }
          const v = this.item();
          if (v === BREAK) throw new CborError('CBOR: map key without a value');
          // Defined, not assigned: a "__proto__" key is data, not the object's prototype.
          Object.defineProperty(out, String(k), {
            value: v,
            enumerable: true,
            writable: true,
            configurable: true,
          });
        }
        return out;
      }
      case 6:
        // A tag (e.g. 1, epoch time): the tagged value stands for itself here.
        return this.item();
      default:
        throw new CborError(`CBOR: unknown major type ${major}`);
    }
  }

  private simple(info: number): unknown {
    switch (info) {
      case 20:
        return false;
      case 21:
        return true;
      case 22:
        return null;
      case 23:
        return undefined;
      case 25:
        return halfToNumber(this.view.getUint16(this.need(2)));
      case 26:
        return this.view.getFloat32(this.need(4));
      case 27:
        return this.view.getFloat64(this.need(8));
      case 31:
        return BREAK;
      default:
        if (info < 24) return undefined;
        if (info === 24) {
          this.need(1);
          return undefined;
        }
        throw new CborError(`CBOR: reserved simple value ${info}`);
    }
  }
}

/** One CBOR data item from `bytes`; throws CborError when the bytes are not exactly one well-formed item. */
export function decodeCbor(bytes: Uint8Array): unknown {
  const reader = new Reader(bytes);
  const value = reader.item();
  if (value === BREAK) throw new CborError('CBOR: unexpected break');
  if (!reader.done) throw new CborError('CBOR: trailing bytes after the first item');
  return value;
}
