/**
 * The page sizes the shards suite lists with, from the profile: around the number of items listed
 * (n - 1, n, n + 1, where a page boundary falls just before, on and after the last item) and at the
 * documented bounds (the smallest Limit, the largest, and none: the default page). And the Limit values at
 * and just outside the documented range, for the bounds checks.
 */
import type { Profile } from '../profiles/profile.ts';

export interface PageSize {
  /** The Limit / MaxResults to send; undefined: send none. */
  readonly limit: number | undefined;
  /** For walk names: `3 (n - 1)`, `10000 (the largest)`. */
  readonly label: string;
}

export function pageSizes(profile: Profile, n: number): PageSize[] {
  const { minLimit, maxLimit } = profile.streams.listing;
  const candidates: PageSize[] = [
    { limit: undefined, label: 'none (the default page)' },
    { limit: minLimit, label: `${minLimit} (the smallest)` },
    { limit: n - 1, label: `${n - 1} (n - 1)` },
    { limit: n, label: `${n} (n)` },
    { limit: n + 1, label: `${n + 1} (n + 1)` },
    { limit: maxLimit, label: `${maxLimit} (the largest)` },
  ];
  const seen = new Set<number | undefined>();
  return candidates.filter((p) => {
    if (seen.has(p.limit)) return false;
    seen.add(p.limit);
    return p.limit === undefined || (p.limit >= minLimit && p.limit <= maxLimit);
  });
}

/** Limit values at the documented bounds: the smallest and largest (served) and one past each (refused). */
export function limitBoundValues(profile: Profile): number[] {
  const { minLimit, maxLimit } = profile.streams.listing;
  return [minLimit - 1, minLimit, maxLimit, maxLimit + 1];
}
