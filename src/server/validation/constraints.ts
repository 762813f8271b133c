/**
 * Constraint checks of the AWS API model (required, length, range, pattern, enum), run on type-checked data.
 * Each violation reads as AWS words it (behaviour.md 2.2, V-AWS):
 *   Value '<v>' at '<path>' failed to satisfy constraint: <rule>
 * Paths are lowerCamel and 1-based (`records.1.member.partitionKey`).
 */
import { fullMatch } from '../../protocol/full-match.ts';
import { lengthIn } from '../../protocol/key-length.ts';
import type { Rule, Shape, StringRule } from './rules.ts';

const lowerFirstCache = new Map<string, string>();
/** AWS paths are lowerCamel (`records`, `partitionKey`); member names are few, so the result is cached. */
function lowerFirst(name: string): string {
  let lower = lowerFirstCache.get(name);
  if (lower === undefined) {
    lower = name.charAt(0).toLowerCase() + name.slice(1);
    lowerFirstCache.set(name, lower);
  }
  return lower;
}

function valueText(value: unknown, rule: Rule): string {
  if (value === null || value === undefined) return 'null';
  let text: string;
  if (Buffer.isBuffer(value)) text = `java.nio.HeapByteBuffer[pos=0 lim=${value.length} cap=${value.length}]`;
  else if (Array.isArray(value) && rule.type === 'List') {
    text = `[${value.map((item) => rule.memberText ?? String(item)).join(', ')}]`;
  } else if (rule.type === 'Map') {
    // A Java map's toString (KL validations/index.js valueStr, KL-T addTagsToStream, V-AWS historical).
    const map = value as Record<string, unknown>;
    text = `{${Object.keys(map)
      .map((k) => `${k}=${String(map[k])}`)
      .join(', ')}}`;
  } else if (value instanceof Date) text = value.toISOString();
  else if (typeof value === 'object') text = JSON.stringify(value);
  else text = String(value);
  return `'${text}'`;
}

/**
 * The path of the value being checked, as segments; it is joined into `records.1.member.partitionKey` only
 * when a violation is reported, so a valid request builds no path strings (PutRecords checks 500 records).
 */
class Walk {
  readonly errors: string[] = [];
  readonly path: (string | number)[] = [];
  constructor(readonly maxErrors: number) {}

  full(): boolean {
    return this.errors.length >= this.maxErrors;
  }

  report(value: unknown, rule: Rule, constraint: string): void {
    if (this.full()) return;
    const path = this.path.map((seg) => (typeof seg === 'number' ? `${seg + 1}.member` : seg)).join('.');
    this.errors.push(
      `Value ${valueText(value, rule)} at '${path}' failed to satisfy constraint: ${constraint}`,
    );
  }
}

/** Whether a string breaks a rule's length bounds. */
function outOfLength(s: string, rule: StringRule): boolean {
  if (rule.minLength === undefined && rule.maxLength === undefined) return false;
  const length = lengthIn(rule.lengthUnit ?? 'utf16', s);
  return (
    (rule.minLength !== undefined && length < rule.minLength) ||
    (rule.maxLength !== undefined && length > rule.maxLength)
  );
}

/**
 * The bounds of a list's or map's string members as AWS lists them in one constraint: "[Member must have
 * length less than or equal to 128, Member must have length greater than or equal to 1]" (KL validations
 * childLengths, childKeyLengths, childValueLengths; KL-T addTagsToStream, removeTagsFromStream, V-AWS).
 */
function lengthBounds(rule: StringRule): string {
  const parts: string[] = [];
  if (rule.maxLength !== undefined)
    parts.push(`Member must have length less than or equal to ${rule.maxLength}`);
  if (rule.minLength !== undefined)
    parts.push(`Member must have length greater than or equal to ${rule.minLength}`);
  return `[${parts.join(', ')}]`;
}

function checkLength(
  walk: Walk,
  value: unknown,
  rule: Rule,
  length: number,
  min?: number,
  max?: number,
): void {
  if (min !== undefined && length < min)
    walk.report(value, rule, `Member must have length greater than or equal to ${min}`);
  if (max !== undefined && length > max)
    walk.report(value, rule, `Member must have length less than or equal to ${max}`);
}

function visit(walk: Walk, value: unknown, rule: Rule): void {
  if (walk.full()) return;
  if (value === null || value === undefined) {
    if (rule.notNull) walk.report(null, rule, 'Member must not be null');
    return;
  }
  switch (rule.type) {
    case 'String': {
      const s = value as string;
      if (rule.enum && !rule.enum.includes(s)) {
        walk.report(s, rule, `Member must satisfy enum value set: [${rule.enum.join(', ')}]`);
      }
      if (rule.pattern !== undefined && !fullMatch(rule.pattern).test(s)) {
        walk.report(
          s,
          rule,
          `Member must satisfy regular expression pattern: ${rule.patternText ?? rule.pattern}`,
        );
      }
      if (rule.minLength !== undefined || rule.maxLength !== undefined) {
        const length = lengthIn(rule.lengthUnit ?? 'utf16', s);
        if (rule.minLength !== undefined && length < rule.minLength) {
          walk.report(s, rule, `Member must have length greater than or equal to ${rule.minLength}`);
        }
        if (rule.maxLength !== undefined && length > rule.maxLength) {
          walk.report(s, rule, `Member must have length less than or equal to ${rule.maxLength}`);
        }
      }
      return;
    }
    case 'Integer': {
      const n = value as number;
      if (rule.min !== undefined && n < rule.min)
        walk.report(n, rule, `Member must have value greater than or equal to ${rule.min}`);
      if (rule.max !== undefined && n > rule.max)
        walk.report(n, rule, `Member must have value less than or equal to ${rule.max}`);
      return;
    }
    case 'Blob': {
      const b = value as Buffer;
      if (rule.maxLength !== undefined && b.length > rule.maxLength) {
        walk.report(b, rule, `Member must have length less than or equal to ${rule.maxLength}`);
      }
      return;
    }
    case 'List': {
      const list = value as unknown[];
      checkLength(walk, list, rule, list.length, rule.minLength, rule.maxLength);
      const member = rule.member;
      if (member.type === 'String') {
        if (list.some((item) => typeof item === 'string' && outOfLength(item, member)))
          walk.report(list, rule, `Member must satisfy constraint: ${lengthBounds(member)}`);
        return;
      }
      for (let i = 0; i < list.length && !walk.full(); i++) {
        walk.path.push(i);
        visit(walk, list[i], member);
        walk.path.pop();
      }
      return;
    }
    case 'Map': {
      const map = value as Record<string, unknown>;
      const keys = Object.keys(map);
      checkLength(walk, map, rule, keys.length, rule.minLength, rule.maxLength);
      const key = rule.key;
      if (key && keys.some((k) => outOfLength(k, key)))
        walk.report(map, rule, `Map keys must satisfy constraint: ${lengthBounds(key)}`);
      const v = rule.value;
      if (v.type === 'String' && keys.some((k) => typeof map[k] === 'string' && outOfLength(map[k], v)))
        walk.report(map, rule, `Map value must satisfy constraint: ${lengthBounds(v)}`);
      return;
    }
    case 'Structure':
      visitMembers(walk, value as Record<string, unknown>, rule.members);
      return;
    case 'Boolean':
    case 'Timestamp':
      return;
  }
}

function visitMembers(
  walk: Walk,
  obj: Record<string, unknown>,
  members: Readonly<Record<string, Rule>>,
): void {
  for (const key in members) {
    walk.path.push(lowerFirst(key));
    visit(walk, obj[key], members[key]!);
    walk.path.pop();
  }
}

export function checkConstraints(data: Record<string, unknown>, shape: Shape, maxErrors: number): string[] {
  const walk = new Walk(maxErrors);
  visitMembers(walk, data, shape);
  return walk.errors;
}
