import type { ErrorKind } from '../profiles/profile.ts';

/**
 * An error answered to the client as AWS does: `{"__type": type, "message": text}` with the kind's HTTP
 * status. AWS's SerializationException for a wrongly typed value spells the key `Message` (behaviour.md 1.1),
 * so the key is part of the error. Errors are data: nothing matches on the text.
 */
export class AwsError extends Error {
  readonly type: string;
  readonly status: number;
  readonly messageKey: 'message' | 'Message';
  readonly hasMessage: boolean;

  constructor(kind: ErrorKind, message?: string, messageKey: 'message' | 'Message' = 'message') {
    super(message ?? kind.type);
    this.name = 'AwsError';
    this.type = kind.type;
    this.status = kind.status;
    this.messageKey = messageKey;
    this.hasMessage = message !== undefined;
  }

  toBody(): Record<string, string> {
    return this.hasMessage ? { __type: this.type, [this.messageKey]: this.message } : { __type: this.type };
  }
}
