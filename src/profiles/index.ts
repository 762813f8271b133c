import type { Profile, ProfileName } from './profile.ts';
import { aws } from './aws.ts';
import { yds } from './yds.ts';

export type {
  Profile,
  ProfileName,
  ErrorKind,
  LengthUnit,
  ProtocolAnswer,
  ProtocolCase,
  ProtocolError,
  ProtocolRules,
} from './profile.ts';

export const PROFILES = { yds, aws } as const satisfies Record<ProfileName, Profile>;

export const DEFAULT_PROFILE: ProfileName = 'yds';

export function isProfileName(name: string): name is ProfileName {
  return Object.hasOwn(PROFILES, name);
}

export function getProfile(name: ProfileName): Profile {
  return PROFILES[name];
}
