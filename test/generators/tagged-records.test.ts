import { describe, expect, test } from 'vitest';
import { contentKey } from '../../src/checks/write-history.ts';
import { RecordTagger } from '../../src/generators/tagged-records.ts';

describe('RecordTagger', () => {
  test('equal specs give distinct contents, as long as asked and at least as long as the tag', () => {
    const tagger = new RecordTagger('kcs-0a1b2c3d-');
    const spec = { partitionKey: 'k', dataBytes: 300, explicitHashKey: '7' };
    const [a, b] = [tagger.record(spec), tagger.record(spec, 'w9')];
    expect(contentKey(a.partitionKey, a.data)).not.toBe(contentKey(b.partitionKey, b.data));
    expect(a.data.length).toBe(300);
    expect(a.explicitHashKey).toBe('7');
    expect(Buffer.from(b.data).toString('latin1')).toMatch(/^kcs-0a1b2c3d-\/w9\/1\|/);
    // Every byte value can occur after the tag: a target that re-encodes text is caught.
    expect(new Set(a.data).size).toBeGreaterThan(200);
    const empty = tagger.record({ partitionKey: 'k', dataBytes: 0 });
    expect(empty.data.length).toBe('kcs-0a1b2c3d-/w0/2|'.length);
  });

  test('two taggers with the same run tag give the same records (reproducible)', () => {
    const specs = [{ partitionKey: 'a', dataBytes: 40 }];
    expect(new RecordTagger('r').records(specs)).toEqual(new RecordTagger('r').records(specs));
  });
});
