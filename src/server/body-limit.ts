import type { Profile } from '../profiles/profile.ts';

/**
 * The largest request body read before answering 413. It is twice what the largest valid PutRecords can
 * take on the wire (base64 grows data by 4/3, and each record adds JSON framing and a key that may be
 * escaped as \uXXXX, 6 bytes per UTF-16 unit), so a request somewhat over the documented 5 MiB still gets
 * the documented InvalidArgumentException, while a runaway body is refused as it streams in.
 */
export function maxBodyBytes(profile: Profile): number {
  const l = profile.putRecords;
  const largestValid =
    Math.ceil(l.maxRequestBytes / 3) * 4 + l.maxRecords * (l.maxPartitionKeyLength * 6 + 128);
  return 2 * largestValid;
}
