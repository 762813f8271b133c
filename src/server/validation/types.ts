/**
 * Wire-type checks: a value of the wrong JSON/CBOR type is a SerializationException with AWS's Java-flavoured
 * `Message` (behaviour.md 2.1 "Wrong JSON types", kinesalite validations/index.js, V-AWS). Returns a copy that
 * keeps only known members, drops nulls (AWS treats null as absent), decodes Blobs to bytes and timestamps
 * to Dates.
 */
import type { WireFormat } from '../../protocol/wire.ts';
import type { Rule, Shape } from './rules.ts';

export class TypeMismatch extends Error {
  override readonly name = 'TypeMismatch';
}

export type Checked = Record<string, unknown>;

export function checkTypes(input: unknown, shape: Shape, wire: WireFormat): Checked {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new TypeMismatch(
      Array.isArray(input) ? 'Start of list found where not expected' : 'Expected map or null',
    );
  }
  return checkStructure(input as Record<string, unknown>, shape, wire);
}

function checkStructure(data: Record<string, unknown>, shape: Shape, wire: WireFormat): Checked {
  const out: Checked = {};
  for (const key in shape) {
    const value = data[key];
    if (value === null || value === undefined) continue;
    out[key] = checkType(value, shape[key]!, wire);
  }
  return out;
}

function objectMismatch(value: object): TypeMismatch {
  return new TypeMismatch(
    Array.isArray(value)
      ? 'Start of list found where not expected'
      : 'Start of structure or map found where not expected.',
  );
}

function scalarName(value: unknown): string {
  if (typeof value === 'boolean') return 'class java.lang.Boolean';
  if (typeof value === 'number' || typeof value === 'bigint') return 'class java.math.BigDecimal';
  return 'class java.lang.String';
}

function checkType(value: unknown, rule: Rule, wire: WireFormat): unknown {
  switch (rule.type) {
    case 'String':
      if (typeof value === 'string') return value;
      if (typeof value === 'object') throw objectMismatch(value as object);
      throw new TypeMismatch(`${scalarName(value)} can not be converted to an String`);
    case 'Integer':
      // CBOR can carry NaN and infinities, which no integer field accepts.
      if (typeof value === 'number' && !Number.isFinite(value)) {
        throw new TypeMismatch(`'${value}' can not be converted to an Integer`);
      }
      if (typeof value === 'number') return Math.floor(value);
      if (typeof value === 'bigint') return Number(value);
      if (typeof value === 'object') throw objectMismatch(value as object);
      throw new TypeMismatch(`${scalarName(value)} can not be converted to an Integer`);
    case 'Boolean':
      if (typeof value === 'boolean') return value;
      if (typeof value === 'object') throw objectMismatch(value as object);
      if (typeof value === 'string')
        throw new TypeMismatch(`'${value.toUpperCase()}' can not be converted to an Boolean`);
      throw new TypeMismatch(`${scalarName(value)} can not be converted to an Boolean`);
    case 'Timestamp':
      if (value instanceof Date) return value;
      // JSON: epoch seconds with a fraction of millisecond precision (behaviour.md 5), rounded: `x.002` seconds
      // is 2 ms even where x.002 * 1000 comes out as ...001.9998 (Date would truncate it to the ms before).
      // CBOR: epoch milliseconds, as its tag 1 holds them (src/protocol/wire.ts), also without the tag.
      if (typeof value === 'number') return new Date(wire === 'cbor' ? value : Math.round(value * 1000));
      if (typeof value === 'bigint') return new Date(Number(value));
      if (typeof value === 'object') throw objectMismatch(value as object);
      throw new TypeMismatch(`${scalarName(value)} can not be converted to an Timestamp`);
    case 'Blob':
      return checkBlob(value, wire);
    case 'List': {
      if (!Array.isArray(value)) {
        if (typeof value === 'object') throw objectMismatch(value as object);
        throw new TypeMismatch('Expected list or null');
      }
      const out = new Array<unknown>(value.length);
      for (let i = 0; i < value.length; i++) {
        const item: unknown = value[i];
        out[i] = item === null || item === undefined ? null : checkType(item, rule.member, wire);
      }
      return out;
    }
    case 'Structure':
      if (typeof value !== 'object' || value === null) throw new TypeMismatch('Expected null');
      if (Array.isArray(value)) throw objectMismatch(value);
      return checkStructure(value as Record<string, unknown>, rule.members, wire);
    case 'Map': {
      if (typeof value !== 'object' || value === null) throw new TypeMismatch('Expected map or null');
      if (Array.isArray(value)) throw objectMismatch(value);
      const out: Checked = {};
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        if (v !== null && v !== undefined) out[k] = checkType(v, rule.value, wire);
      }
      return out;
    }
  }
}

/**
 * JSON carries Data as base64 text, which AWS decodes strictly (behaviour.md 2.1 "Data encoding", V-AWS).
 * Node's decoder is lenient (it skips bad characters and accepts base64url), so the decoded length is
 * compared with the length the text implies; that catches skipped characters without a per-byte regex.
 */
export function checkBlob(value: unknown, wire: WireFormat): Buffer {
  if (value instanceof Uint8Array) {
    if (wire === 'cbor') return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
    throw new TypeMismatch('Start of structure or map found where not expected.');
  }
  if (typeof value === 'object' && value !== null) throw objectMismatch(value);
  if (typeof value !== 'string')
    throw new TypeMismatch(`${scalarName(value)} can not be converted to a Blob`);
  const text = value;
  const shown = text.length > 64 ? `${text.slice(0, 64)}...` : text;
  if (text.length % 4 !== 0) {
    throw new TypeMismatch(
      `'${shown}' can not be converted to a Blob: Base64 encoded length is expected a multiple of 4 bytes but found: ${text.length}`,
    );
  }
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const decoded = Buffer.from(text, 'base64');
  const urlSafe = text.indexOf('-') !== -1 || text.indexOf('_') !== -1;
  if (urlSafe || decoded.length !== (text.length / 4) * 3 - padding) {
    const bad = /[^A-Za-z0-9+/=]|=[^=]/.exec(text);
    const reason = bad
      ? `Invalid Base64 character: '${bad[0][0]}'`
      : 'Invalid last non-pad Base64 character dectected';
    throw new TypeMismatch(`'${shown}' can not be converted to a Blob: ${reason}`);
  }
  return decoded;
}
