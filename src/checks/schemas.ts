/**
 * PutRecords and PutRecord response shapes as JSON schemas, compiled once per profile when this module loads
 * (ajv). Success bodies: AWS-M PutRecordsOutput / the seed's Response section, AWS-M PutRecordOutput; error
 * body: behaviour.md 1.1 "Error body shape" (`__type` with `message`, or `Message` for SerializationException).
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { PROFILES } from '../profiles/index.ts';
import type { Profile, ProfileName } from '../profiles/profile.ts';

/** AWS-M SequenceNumber: `0|([1-9]\d{0,128})`. */
export const SEQUENCE_NUMBER_PATTERN = '^(0|[1-9]\\d{0,128})$';
/** AWS-M EncryptionType enum. */
const ENCRYPTION_TYPES = ['NONE', 'KMS'];

const ajv = new Ajv({ allErrors: true, strict: true });

const resultEntry = {
  type: 'object',
  properties: {
    SequenceNumber: { type: 'string', pattern: SEQUENCE_NUMBER_PATTERN },
    ShardId: { type: 'string', minLength: 1 },
    ErrorCode: { type: 'string', minLength: 1 },
    ErrorMessage: { type: 'string' },
  },
};

export function successSchema(profile: Profile): object {
  const encryption = profile.encryptionTypeOnUnencrypted;
  return {
    type: 'object',
    required: ['FailedRecordCount', 'Records', ...(encryption ? ['EncryptionType'] : [])],
    properties: {
      FailedRecordCount: { type: 'integer', minimum: 0 },
      Records: { type: 'array', items: resultEntry },
      // The seed: "EncryptionType ... Possible values: NONE. Required: Yes"; AWS: absent when unencrypted.
      EncryptionType: encryption ? { enum: [encryption] } : { enum: ENCRYPTION_TYPES },
    },
  };
}

/**
 * AWS-M PutRecordOutput: ShardId and SequenceNumber required, EncryptionType as the profile says (AWS: absent
 * for an unencrypted stream, LS-AG; YDB: "NONE", behaviour.md 5 PutRecord, as the seed's PutRecords).
 */
export function putRecordSchema(profile: Profile): object {
  const encryption = profile.encryptionTypeOnUnencrypted;
  return {
    type: 'object',
    required: ['ShardId', 'SequenceNumber', ...(encryption ? ['EncryptionType'] : [])],
    properties: {
      ShardId: { type: 'string', minLength: 1 },
      SequenceNumber: { type: 'string', pattern: `^(?:${profile.putRecord.sequenceNumberPattern})$` },
      EncryptionType: encryption ? { enum: [encryption] } : { enum: ENCRYPTION_TYPES },
    },
  };
}

export const ERROR_SCHEMA = {
  type: 'object',
  required: ['__type'],
  properties: {
    __type: { type: 'string', minLength: 1 },
    message: { type: 'string' },
    Message: { type: 'string' },
  },
};

const success = Object.fromEntries(
  Object.values(PROFILES).map((p) => [p.name, ajv.compile(successSchema(p))]),
) as Record<ProfileName, ValidateFunction>;
const putRecordSuccess = Object.fromEntries(
  Object.values(PROFILES).map((p) => [p.name, ajv.compile(putRecordSchema(p))]),
) as Record<ProfileName, ValidateFunction>;
const error = ajv.compile(ERROR_SCHEMA);

export function validateSuccess(profile: Profile, body: unknown): string | undefined {
  const validate = success[profile.name];
  return validate(body) ? undefined : describeErrors(validate.errors);
}

export function validatePutRecordSuccess(profile: Profile, body: unknown): string | undefined {
  const validate = putRecordSuccess[profile.name];
  return validate(body) ? undefined : describeErrors(validate.errors);
}

export function validateError(body: unknown): string | undefined {
  return error(body) ? undefined : describeErrors(error.errors);
}

function describeErrors(errors: readonly ErrorObject[] | null | undefined): string {
  return (errors ?? []).map((e) => `${e.instancePath || '(body)'} ${e.message ?? 'is invalid'}`).join('; ');
}
