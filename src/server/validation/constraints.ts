/**
 * Constraint checks of the AWS API model (required, length, range, pattern, enum), run on type-checked data.
 * Each violation reads as AWS words it (behaviour.md 2.2, V-AWS):
 *   Value '<v>' at '<path>' failed to satisfy constraint: <rule>
 * Paths are lowerCamel and 1-based (`records.1.member.partitionKey`).
 */
import { lengthIn } from '../../protocol/key-length.ts';
import type { Rule, Shape } from './rules.ts';

const compiled = new Map<string, RegExp>();
function fullMatch(pattern: string): RegExp {
  let re = compiled.get(pattern);
  if (!re) {
    re = new RegExp(`^(?:${pattern})$`, 'u');
    compiled.set(pattern, re);
  }
  return re;
}

function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

function valueText(value: unknown, rule: Rule): string {
  if (value === null || value === undefined) return 'null';
  let text: string;
  if (Buffer.isBuffer(value)) text = `java.nio.HeapByteBuffer[pos=0 lim=${value.length} cap=${value.length}]`;
  else if (Array.isArray(value) && rule.type === 'List') {
    text = `[${value.map((item) => rule.memberText ?? String(item)).join(', ')}]`;
  } else if (value instanceof Date) text = value.toISOString();
  else if (typeof value === 'object') text = JSON.stringify(value);
  else text = String(value);
  return `'${text}'`;
}

export function checkConstraints(data: Record<string, unknown>, shape: Shape, maxErrors: number): string[] {
  const errors: string[] = [];
  const push = (value: unknown, rule: Rule, path: string, constraint: string): void => {
    if (errors.length < maxErrors) {
      errors.push(`Value ${valueText(value, rule)} at '${path}' failed to satisfy constraint: ${constraint}`);
    }
  };

  const visit = (value: unknown, rule: Rule, path: string): void => {
    if (errors.length >= maxErrors) return;
    if (value === null || value === undefined) {
      if (rule.notNull) push(null, rule, path, 'Member must not be null');
      return;
    }
    switch (rule.type) {
      case 'String': {
        const s = value as string;
        if (rule.enum && !rule.enum.includes(s)) {
          push(s, rule, path, `Member must satisfy enum value set: [${rule.enum.join(', ')}]`);
        }
        if (rule.pattern !== undefined && !fullMatch(rule.pattern).test(s)) {
          push(
            s,
            rule,
            path,
            `Member must satisfy regular expression pattern: ${rule.patternText ?? rule.pattern}`,
          );
        }
        const length = lengthIn(rule.lengthUnit ?? 'utf16', s);
        if (rule.minLength !== undefined && length < rule.minLength) {
          push(s, rule, path, `Member must have length greater than or equal to ${rule.minLength}`);
        }
        if (rule.maxLength !== undefined && length > rule.maxLength) {
          push(s, rule, path, `Member must have length less than or equal to ${rule.maxLength}`);
        }
        return;
      }
      case 'Integer': {
        const n = value as number;
        if (rule.min !== undefined && n < rule.min)
          push(n, rule, path, `Member must have value greater than or equal to ${rule.min}`);
        if (rule.max !== undefined && n > rule.max)
          push(n, rule, path, `Member must have value less than or equal to ${rule.max}`);
        return;
      }
      case 'Blob': {
        const b = value as Buffer;
        if (rule.maxLength !== undefined && b.length > rule.maxLength) {
          push(b, rule, path, `Member must have length less than or equal to ${rule.maxLength}`);
        }
        return;
      }
      case 'List': {
        const list = value as unknown[];
        if (rule.minLength !== undefined && list.length < rule.minLength) {
          push(list, rule, path, `Member must have length greater than or equal to ${rule.minLength}`);
        }
        if (rule.maxLength !== undefined && list.length > rule.maxLength) {
          push(list, rule, path, `Member must have length less than or equal to ${rule.maxLength}`);
        }
        for (let i = 0; i < list.length && errors.length < maxErrors; i++)
          visit(list[i], rule.member, `${path}.${i + 1}.member`);
        return;
      }
      case 'Structure': {
        const obj = value as Record<string, unknown>;
        for (const key in rule.members) visit(obj[key], rule.members[key]!, `${path}.${lowerFirst(key)}`);
        return;
      }
      case 'Map':
      case 'Boolean':
      case 'Timestamp':
        return;
    }
  };

  for (const key in shape) visit(data[key], shape[key]!, lowerFirst(key));
  return errors;
}
