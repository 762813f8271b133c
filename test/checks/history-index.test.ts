import { describe, expect, test } from 'vitest';
import {
  CHECKS,
  HISTORY_CHECK_IDS,
  HISTORY_CHECKS,
  isCheckId,
  isHistoryCheckId,
} from '../../src/checks/index.ts';

describe('the history check registry', () => {
  test('every entry is filed under its own permanent id, apart from the exchange checks', () => {
    for (const [key, check] of Object.entries(HISTORY_CHECKS)) expect(check.id).toBe(key);
    expect(Object.keys(HISTORY_CHECKS).sort()).toEqual([...HISTORY_CHECK_IDS].sort());
    for (const id of HISTORY_CHECK_IDS) expect(Object.hasOwn(CHECKS, id)).toBe(false);
  });

  test('every check has a title, a severity and a source; ids are dotted lower-case words', () => {
    for (const check of Object.values(HISTORY_CHECKS)) {
      expect(check.id).toMatch(/^[a-z0-9][a-z0-9-]*(\.[a-z0-9][a-z0-9-]*)+$/);
      expect(check.title.length).toBeGreaterThan(10);
      expect(['must', 'should']).toContain(check.severity);
      expect(check.source.length).toBeGreaterThan(10);
    }
    expect(isHistoryCheckId('read-back.data-identical')).toBe(true);
    expect(isHistoryCheckId('put-records.sequence-order')).toBe(false);
    expect(isCheckId('read-back.data-identical')).toBe(false);
  });
});
