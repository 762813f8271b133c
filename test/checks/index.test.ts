import { describe, expect, test } from 'vitest';
import { CHECK_IDS, CHECKS, isCheckId } from '../../src/checks/index.ts';

describe('the check registry', () => {
  test('every entry is filed under its own permanent id', () => {
    for (const [key, check] of Object.entries(CHECKS)) expect(check.id).toBe(key);
    expect(Object.keys(CHECKS).sort()).toEqual([...CHECK_IDS].sort());
  });

  test('every check has a title, a severity and a source', () => {
    for (const check of Object.values(CHECKS)) {
      expect(check.title.length).toBeGreaterThan(10);
      expect(['must', 'should']).toContain(check.severity);
      expect(check.source.length).toBeGreaterThan(10);
    }
    expect(isCheckId('put-records.sequence-order')).toBe(true);
    expect(isCheckId('put-records.nope')).toBe(false);
  });
});
