/** The exit statuses every `kcs` command shares (each command's help says what they mean for it). */
export const EXIT = {
  ok: 0,
  /** A check failed, a ledger entry is stale, a regression, a failed verification. */
  failed: 1,
  /** Bad usage, an unreachable target, a setup that could not be done. */
  usage: 2,
  /** 128 + SIGINT, as shells report it. */
  interrupted: 130,
} as const;
