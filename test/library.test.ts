import {describe, expect, it} from 'vitest';

import * as praxi from '../src/index.js';

describe('library API', () => {
  it('exports the functions the commands use, typed', async () => {
    for (const name of ['tag', 'train', 'predict', 'run', 'evaluate', 'mergeResults', 'tagChanges', 'loadFilter', 'parseChangeset', 'readImage', 'diffPaths', 'runVw', 'record', 'scanRoot', 'scanImage'] as const) {
      expect(typeof praxi[name], name).toBe('function');
    }
    const tags = await praxi.tagChanges(['/opt/nginx/nginx.conf', '/opt/nginx/nginx.pid'], {threshold: 2, filter: null});
    expect(tags.toStrings()).toEqual(['nginx.:2']);
    const outcomes = [];
    for await (const o of praxi.tag(['-'], {stdin: (async function* () { yield Buffer.from('/opt/a/tool.conf\n/opt/a/tool.cfg\n'); })(), filter: 'none'})) outcomes.push(o);
    expect(outcomes).toHaveLength(1);
    expect(outcomes[0].ok && outcomes[0].value.tags.toStrings()).toEqual(['tool.c:2']);
  });
});
