/**
 * Our own failures, each a class with a stable `code` that callers match on (never the message). AWS errors
 * are data (`__type`, message, status), not these.
 */
export class KcsError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** Bad command-line input: the CLI prints the message on one line and exits 2. */
export class UsageError extends KcsError {
  constructor(message: string) {
    super('KCS_USAGE', message);
  }
}

/** The target could not be reached or the exchange broke off (connection refused, reset, timeout). */
export class TransportError extends KcsError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('KCS_TRANSPORT', message, options);
  }
}

/** A response body that is not valid JSON/CBOR. */
export class DecodeError extends KcsError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('KCS_DECODE', message, options);
  }
}

/** Signing failed (no credentials, bad configuration). */
export class SignatureError extends KcsError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('KCS_SIGNATURE', message, options);
  }
}
