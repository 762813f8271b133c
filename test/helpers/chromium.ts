/**
 * Headless Chromium for the tests that look at a report page as a browser renders it. Debian's `chromium`
 * package by default; KCS_CHROMIUM points elsewhere (e.g. /usr/bin/google-chrome on GitHub's runners). Tests
 * skip by name without it (`.ci/run` installs it).
 */
import { existsSync } from 'node:fs';

export const CHROMIUM = process.env['KCS_CHROMIUM'] ?? '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);

/** A quiet, offline headless browser with its own profile directory. */
export function chromiumFlags(profileDir: string): string[] {
  return [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    `--user-data-dir=${profileDir}`,
  ];
}
