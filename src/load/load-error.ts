import { KcsError } from '../errors.ts';

/** The target refused what a load run needs around it (create, describe, delete or read the stream). */
export class LoadSetupError extends KcsError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('KCS_LOAD_SETUP', message, options);
  }
}
