/** The public surface of kinesis-conformance as a library. */
export { createServer, type RunningServer } from './server/server.ts';
export { SERVER_DEFAULTS, type ServerOptions, type AuthOptions } from './server/options.ts';
export { PROFILES, DEFAULT_PROFILE, getProfile, isProfileName } from './profiles/index.ts';
export type { Profile, ProfileName, ErrorKind, LengthUnit } from './profiles/profile.ts';
export { hashKeyOf, splitHashRange, type HashKeyRange } from './protocol/hash-key.ts';
export { CONTENT_TYPES, type WireFormat } from './protocol/wire.ts';
export { KcsError, UsageError, TransportError, DecodeError, SignatureError } from './errors.ts';
