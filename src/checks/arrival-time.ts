/**
 * A record's ApproximateArrivalTimestamp as the wire carries it, read the way AWS's clients read it:
 * JSON 1.1 has epoch seconds as a number with a fraction (behaviour.md 5, LS-K, KL); CBOR 1.1 has tag 1
 * holding integer epoch milliseconds (issue #12: what AWS sends and the AWS Java SDK v2 and the KCL read;
 * behaviour.md 5, note on timestamps: not float64). CBOR is read from the raw body, since a general decoder
 * turns tag 1 into a Date and loses whether it held an integer.
 */
import type { Exchange } from '../client/exchange.ts';
import { cborMember, describeCborItem, readCborItem, type CborItem } from '../protocol/cbor-items.ts';
import { isObject } from './view.ts';

export const TIMESTAMP_FORMS = {
  json: 'epoch seconds as a number',
  cbor: 'tag 1 holding integer epoch milliseconds',
} as const;

export interface Arrival {
  /** False when the record has no ApproximateArrivalTimestamp (or an explicit null). */
  readonly present: boolean;
  /** The instant in epoch milliseconds, when the value has the form AWS gives it. */
  readonly ms?: number;
  /** What the value is, in words: `tag 1 holding a float64 (1733450000.123)`. */
  readonly form: string;
  /** Set when the value is present but not in AWS's form. */
  readonly problem?: string;
}

const MEMBER = 'ApproximateArrivalTimestamp';

/** The arrival time of record `index` of a GetRecords page. */
export function arrivalOf(page: Exchange, index: number): Arrival {
  return page.request.wire === 'cbor' ? fromCbor(page, index) : fromJson(page, index);
}

function fromJson(page: Exchange, index: number): Arrival {
  const records = isObject(page.body) ? page.body['Records'] : undefined;
  const record = Array.isArray(records) ? records[index] : undefined;
  const value = isObject(record) ? record[MEMBER] : undefined;
  if (value === undefined || value === null) return { present: false, form: 'absent' };
  if (typeof value === 'number' && Number.isFinite(value))
    return { present: true, ms: Math.round(value * 1000), form: `the number ${value}` };
  const form = `${typeof value} ${JSON.stringify(value)}`;
  return { present: true, form, problem: `${form} where JSON 1.1 carries ${TIMESTAMP_FORMS.json}` };
}

const parsed = new WeakMap<Exchange, CborItem | string>();

/** The page's body as CBOR items, parsed once; a string says why it is none. */
function itemsOf(page: Exchange): CborItem | string {
  let items = parsed.get(page);
  if (items === undefined) {
    try {
      items = readCborItem(page.rawBody);
    } catch (err) {
      items = `the body is not CBOR (${(err as Error).message})`;
    }
    parsed.set(page, items);
  }
  return items;
}

function fromCbor(page: Exchange, index: number): Arrival {
  const items = itemsOf(page);
  if (typeof items === 'string') return { present: true, form: items, problem: items };
  const records = cborMember(items, 'Records');
  const record = records?.kind === 'array' ? records.items[index] : undefined;
  const value = cborMember(record, MEMBER);
  if (value === undefined || (value.kind === 'simple' && (value.value === 22 || value.value === 23)))
    return { present: false, form: 'absent' };
  const form = describeCborItem(value);
  if (value.kind === 'tag' && value.tag === 1n && value.item.kind === 'uint')
    return { present: true, ms: Number(value.item.value), form };
  let misread = '';
  if (value.kind === 'tag' && value.tag === 1n && value.item.kind === 'float') {
    // What an AWS client makes of it: the number as milliseconds.
    const date = new Date(Math.trunc(value.item.value));
    if (!Number.isNaN(date.getTime())) misread = `, which AWS's clients read as ${date.toISOString()}`;
  }
  return {
    present: true,
    form,
    problem: `${form}${misread}, where CBOR 1.1 carries ${TIMESTAMP_FORMS.cbor}`,
  };
}

/** Whether a record value carries a timestamp in the wire's form at all (any number inside tag 1 in CBOR). */
export function isTimestampShaped(page: Exchange, index: number): boolean {
  if (page.request.wire === 'json') return arrivalOf(page, index).ms !== undefined;
  const items = itemsOf(page);
  if (typeof items === 'string') return false;
  const records = cborMember(items, 'Records');
  const value = cborMember(records?.kind === 'array' ? records.items[index] : undefined, MEMBER);
  return (
    value?.kind === 'tag' &&
    value.tag === 1n &&
    (value.item.kind === 'uint' || value.item.kind === 'negint' || value.item.kind === 'float')
  );
}
