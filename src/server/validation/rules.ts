import type { LengthUnit } from '../../profiles/profile.ts';

/**
 * Validation rules as plain data, read by one generic engine (types.ts for wire types, constraints.ts
 * for the model's constraints), as kinesalite does. Names follow the AWS API model's shapes.
 */
export type Rule =
  StringRule | IntegerRule | BlobRule | BooleanRule | TimestampRule | ListRule | StructureRule | MapRule;

interface Base {
  /** AWS-M `required`; violations read "Member must not be null". */
  readonly notNull?: boolean;
}

export interface StringRule extends Base {
  readonly type: 'String';
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly lengthUnit?: LengthUnit;
  /** Full-match pattern; `patternText` is what the message quotes (the documented form). */
  readonly pattern?: string;
  readonly patternText?: string;
  readonly enum?: readonly string[];
}
export interface IntegerRule extends Base {
  readonly type: 'Integer';
  readonly min?: number;
  readonly max?: number;
}
export interface BlobRule extends Base {
  readonly type: 'Blob';
  readonly maxLength?: number;
}
export interface BooleanRule extends Base {
  readonly type: 'Boolean';
}
export interface TimestampRule extends Base {
  readonly type: 'Timestamp';
}
/**
 * A list. Members that are structures are checked one by one (`records.1.member.partitionKey`); length
 * bounds of string members are reported once for the whole list, as AWS does for TagKeys.
 */
export interface ListRule extends Base {
  readonly type: 'List';
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly member: Rule;
  /** How AWS prints a list member in a message (a Java object name). */
  readonly memberText?: string;
}
export interface StructureRule extends Base {
  readonly type: 'Structure';
  readonly members: Readonly<Record<string, Rule>>;
}
export interface MapRule extends Base {
  readonly type: 'Map';
  /** Entries: min..max. */
  readonly minLength?: number;
  readonly maxLength?: number;
  /** Length bounds of every key and every value (AWS reports them for the whole map). */
  readonly key?: StringRule;
  readonly value: Rule;
}

export type Shape = Readonly<Record<string, Rule>>;
