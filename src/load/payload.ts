/**
 * PutRecords payloads, generated from a seed. PURE: no Node APIs, because the k6 scripts import this module
 * as it is (k6 has no Buffer, TextEncoder or node:crypto; MD5 is injected where keys must hit one shard).
 *
 * Bodies are encoded straight to bytes, once, before the run: the runner only picks one and sends it. With
 * --verify every record starts with a 24-byte tag (run, writer, counter) that `stampTags` writes into a copy of
 * a body just before it is sent, so each record can be recognised when the stream is read back.
 */
import { base64Length, utf8Encode, writeBase64 } from './bytes.ts';

export type { WireFormat } from '../protocol/wire-constants.ts';
import type { WireFormat } from '../protocol/wire-constants.ts';

/** Data bytes per record: a fixed size or uniformly drawn from min..max (inclusive). */
export type RecordSize =
  | { readonly kind: 'fixed'; readonly bytes: number }
  | { readonly kind: 'uniform'; readonly min: number; readonly max: number };

/** `count` keys spread over all shards, or `count` keys that all route to the first shard of `shards`. */
export type PartitionKeySpec =
  | { readonly kind: 'count'; readonly count: number }
  | { readonly kind: 'hot-shard'; readonly count: number; readonly shards: number };

/** MD5 of a string's UTF-8 bytes as 32 lower-case hex digits (node:crypto in Node, k6/crypto in k6). */
export type Md5Hex = (text: string) => string;

export interface Random {
  /** Uniform in [0, 2^32). */
  nextUint32(): number;
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  below(n: number): number;
}

/** mulberry32: small, fast and good enough to pick sizes, keys and bytes; the same seed gives the same run. */
export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const nextUint32 = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  return {
    nextUint32,
    next: () => nextUint32() / 4294967296,
    below: (n) => Math.floor((nextUint32() / 4294967296) * n),
  };
}

/** A seed for one part of a run (a worker, a writer), derived from the run's seed. */
export function deriveSeed(seed: number, part: number): number {
  let h = (seed ^ Math.imul(part + 1, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

export function describeRecordSize(size: RecordSize): string {
  return size.kind === 'fixed' ? String(size.bytes) : `uniform:${size.min}-${size.max}`;
}

export function describePartitionKeys(spec: PartitionKeySpec): string {
  return spec.kind === 'count' ? String(spec.count) : 'hot-shard';
}

export function largestRecordSize(size: RecordSize): number {
  return size.kind === 'fixed' ? size.bytes : size.max;
}

export function drawRecordSize(size: RecordSize, random: Random): number {
  return size.kind === 'fixed' ? size.bytes : size.min + random.below(size.max - size.min + 1);
}

/**
 * Whether a key's MD5 lands in the first of `shards` equal hash-key ranges, for either way of splitting
 * 2^128 (AWS divides 2^128, YDB 2^128 - 1; see protocol/hash-key.ts). Compares the top 48 bits with a
 * margin of one, so no BigInt is needed (k6's JavaScript engine may lack it).
 */
export function inFirstShard(md5Hex: string, shards: number): boolean {
  if (shards <= 1) return true;
  const top48 = parseInt(md5Hex.slice(0, 12), 16);
  return top48 < Math.floor(2 ** 48 / shards) - 1;
}

/** The partition keys of a run. Hot-shard keys are searched in a fixed order, so they depend on nothing random. */
export function partitionKeysFor(spec: PartitionKeySpec, md5Hex: Md5Hex): string[] {
  if (spec.kind === 'count') return Array.from({ length: spec.count }, (_, i) => `pk-${i}`);
  const keys: string[] = [];
  for (let i = 0; keys.length < spec.count; i++) {
    const key = `hot-${i}`;
    if (inFirstShard(md5Hex(key), spec.shards)) keys.push(key);
  }
  return keys;
}

// --- the --verify tag ------------------------------------------------------------------------------------

/** 'K', run (6 hex), writer (4 hex), counter (12 hex), '|': 24 bytes, a multiple of 3 so its base64 stands alone. */
export const RECORD_TAG_BYTES = 24;
export const MAX_RUN_ID = 0xffffff;
export const MAX_WRITER = 0xffff;
export const MAX_COUNTER = 2 ** 48 - 1;

export interface RecordTag {
  readonly run: number;
  readonly writer: number;
  readonly counter: number;
}

function writeHex(out: Uint8Array, offset: number, value: number, digits: number): void {
  let v = value;
  for (let i = digits - 1; i >= 0; i--) {
    const d = v % 16;
    out[offset + i] = d < 10 ? 48 + d : 87 + d;
    v = Math.floor(v / 16);
  }
}

export function encodeRecordTag(
  tag: RecordTag,
  out: Uint8Array = new Uint8Array(RECORD_TAG_BYTES),
): Uint8Array {
  out[0] = 0x4b; // 'K'
  writeHex(out, 1, tag.run, 6);
  writeHex(out, 7, tag.writer, 4);
  writeHex(out, 11, tag.counter, 12);
  out[23] = 0x7c; // '|'
  return out;
}

function readHex(data: Uint8Array, offset: number, digits: number): number {
  let v = 0;
  for (let i = 0; i < digits; i++) {
    const c = data[offset + i]!;
    const d = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : -1;
    if (d < 0) return -1;
    v = v * 16 + d;
  }
  return v;
}

/** The tag at the start of a record's data, or undefined when the record carries none. */
export function parseRecordTag(data: Uint8Array): RecordTag | undefined {
  if (data.length < RECORD_TAG_BYTES || data[0] !== 0x4b || data[23] !== 0x7c) return undefined;
  const run = readHex(data, 1, 6);
  const writer = readHex(data, 7, 4);
  const counter = readHex(data, 11, 12);
  if (run < 0 || writer < 0 || counter < 0) return undefined;
  return { run, writer, counter };
}

// --- bodies ----------------------------------------------------------------------------------------------

export interface PlannedRecord {
  readonly partitionKey: string;
  readonly data: Uint8Array;
}

export interface PutRecordsBody {
  readonly wire: WireFormat;
  /** The encoded request body, ready to send. */
  readonly bytes: Uint8Array;
  readonly records: number;
  /** Decoded Data bytes of each record, in request order. */
  readonly dataBytes: readonly number[];
  readonly totalDataBytes: number;
  /** Where each record's data starts in `bytes`, in its encoded form (base64 text for JSON, raw for CBOR). */
  readonly dataOffsets: readonly number[];
}

export function randomBytes(n: number, random: Random): Uint8Array {
  const out = new Uint8Array(n);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const v = random.nextUint32();
    out[i] = v & 0xff;
    out[i + 1] = (v >>> 8) & 0xff;
    out[i + 2] = (v >>> 16) & 0xff;
    out[i + 3] = v >>> 24;
  }
  if (i < n) {
    const v = random.nextUint32();
    for (let s = 0; i < n; i++, s += 8) out[i] = (v >>> s) & 0xff;
  }
  return out;
}

/** `count` records with sizes and keys drawn from `random`. */
export function planRecords(
  count: number,
  size: RecordSize,
  keys: readonly string[],
  random: Random,
): PlannedRecord[] {
  const records: PlannedRecord[] = [];
  for (let i = 0; i < count; i++) {
    const data = randomBytes(drawRecordSize(size, random), random);
    records.push({ partitionKey: keys[random.below(keys.length)]!, data });
  }
  return records;
}

/** A JSON string literal with everything outside printable ASCII escaped, so the text is its own bytes. */
export function jsonStringAscii(text: string): string {
  let out = '"';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) out += '\\"';
    else if (c === 0x5c) out += '\\\\';
    else if (c >= 0x20 && c < 0x7f) out += text[i];
    else out += '\\u' + c.toString(16).padStart(4, '0');
  }
  return out + '"';
}

function writeAscii(out: Uint8Array, offset: number, text: string): number {
  for (let i = 0; i < text.length; i++) out[offset + i] = text.charCodeAt(i);
  return offset + text.length;
}

/** `{"StreamName":...,"Records":[{"Data":"<base64>","PartitionKey":...},...]}` as bytes (JSON 1.1). */
function encodeJson(stream: string, records: readonly PlannedRecord[]): PutRecordsBody {
  const head = `{"StreamName":${jsonStringAscii(stream)},"Records":[`;
  const keys = records.map((r) => jsonStringAscii(r.partitionKey));
  let length = head.length + 2;
  records.forEach((r, i) => {
    length += (i > 0 ? 1 : 0) + '{"Data":"'.length + base64Length(r.data.length) + '","PartitionKey":'.length;
    length += keys[i]!.length + 1;
  });
  const out = new Uint8Array(length);
  let o = writeAscii(out, 0, head);
  const dataOffsets: number[] = [];
  records.forEach((r, i) => {
    o = writeAscii(out, o, i > 0 ? ',{"Data":"' : '{"Data":"');
    dataOffsets.push(o);
    o = writeBase64(r.data, out, o);
    o = writeAscii(out, o, '","PartitionKey":');
    o = writeAscii(out, o, keys[i]!);
    out[o++] = 0x7d; // }
  });
  o = writeAscii(out, o, ']}');
  return summarise('json', out, records, dataOffsets);
}

/** CBOR head of major type `major` with argument `n` (RFC 8949 3.1). */
function cborHead(major: number, n: number): number[] {
  const m = major << 5;
  if (n < 24) return [m | n];
  if (n < 0x100) return [m | 24, n];
  if (n < 0x10000) return [m | 25, n >>> 8, n & 0xff];
  return [m | 26, (n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
}

const CBOR_BYTES = 2;
const CBOR_TEXT = 3;
const CBOR_ARRAY = 4;
const CBOR_MAP = 5;

/** The same request in CBOR 1.1: Data as a byte string (RFC 8949 major type 2). */
function encodeCbor(stream: string, records: readonly PlannedRecord[]): PutRecordsBody {
  const parts: Uint8Array[] = [];
  let length = 0;
  const push = (bytes: Uint8Array | number[]): void => {
    const u = bytes instanceof Uint8Array ? bytes : Uint8Array.from(bytes);
    parts.push(u);
    length += u.length;
  };
  const text = (s: string): void => {
    const b = utf8Encode(s);
    push(cborHead(CBOR_TEXT, b.length));
    push(b);
  };
  const dataOffsets: number[] = [];
  push(cborHead(CBOR_MAP, 2));
  text('StreamName');
  text(stream);
  text('Records');
  push(cborHead(CBOR_ARRAY, records.length));
  for (const r of records) {
    push(cborHead(CBOR_MAP, 2));
    text('Data');
    push(cborHead(CBOR_BYTES, r.data.length));
    dataOffsets.push(length);
    push(r.data);
    text('PartitionKey');
    text(r.partitionKey);
  }
  const out = new Uint8Array(length);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return summarise('cbor', out, records, dataOffsets);
}

function summarise(
  wire: WireFormat,
  bytes: Uint8Array,
  records: readonly PlannedRecord[],
  dataOffsets: number[],
): PutRecordsBody {
  const dataBytes = records.map((r) => r.data.length);
  return {
    wire,
    bytes,
    records: records.length,
    dataBytes,
    totalDataBytes: dataBytes.reduce((a, b) => a + b, 0),
    dataOffsets,
  };
}

export function encodePutRecords(
  wire: WireFormat,
  stream: string,
  records: readonly PlannedRecord[],
): PutRecordsBody {
  return wire === 'json' ? encodeJson(stream, records) : encodeCbor(stream, records);
}

/**
 * Writes the tags of writer `writer`, counters `firstCounter`, `firstCounter + 1`, ... over the first
 * RECORD_TAG_BYTES data bytes of each record of `bytes` (a copy of `body.bytes`; every record must be at
 * least RECORD_TAG_BYTES long).
 */
export function stampTags(
  body: PutRecordsBody,
  bytes: Uint8Array,
  run: number,
  writer: number,
  firstCounter: number,
): void {
  const tag = new Uint8Array(RECORD_TAG_BYTES);
  for (let i = 0; i < body.records; i++) {
    encodeRecordTag({ run, writer, counter: firstCounter + i }, tag);
    if (body.wire === 'json') writeBase64(tag, bytes, body.dataOffsets[i]!);
    else bytes.set(tag, body.dataOffsets[i]!);
  }
}

export interface BodySetOptions {
  readonly wire: WireFormat;
  readonly stream: string;
  readonly recordsPerRequest: number;
  readonly recordSize: RecordSize;
  readonly keys: readonly string[];
  readonly seed: number;
  /** How many distinct bodies to generate. */
  readonly count: number;
}

/** The pre-generated bodies of one generator: the same options give the same bytes. */
export function generateBodies(options: BodySetOptions): PutRecordsBody[] {
  const random = createRandom(options.seed);
  const bodies: PutRecordsBody[] = [];
  for (let i = 0; i < options.count; i++) {
    const records = planRecords(options.recordsPerRequest, options.recordSize, options.keys, random);
    bodies.push(encodePutRecords(options.wire, options.stream, records));
  }
  return bodies;
}
