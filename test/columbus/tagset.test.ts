import {describe, expect, it} from 'vitest';

import {TagSet} from '../../src/columbus/tagset.js';

describe('TagSet.toStrings', () => {
  // ASCII-only text takes the decode-once path, any other byte the per-tag one: same strings.
  it('gives "tag:count" in order for ASCII and non-ASCII tag text', () => {
    const ascii: Array<[string, number]> = [['nginx.', 2], ['abc', 10], ['x y:z', 1]];
    const mixed: Array<[string, number]> = [['nginx.', 2], ['\u2297.t', 3], ['\u{1F600}ab', 4], ['abc', 1]];
    for (const entries of [ascii, mixed]) {
      expect(TagSet.fromEntries(entries).toStrings()).toEqual(entries.map(([t, c]) => `${t}:${c}`));
    }
    expect(TagSet.fromEntries([]).toStrings()).toEqual([]);
  });
});
