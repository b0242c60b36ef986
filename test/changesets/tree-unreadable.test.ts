// The unreadable-directory path of --tree, with EACCES injected: as root (CI and this sandbox),
// chmod 000 does not stop reading, so the real-permission test in tree.test.ts is skipped there.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';

import { tempDir } from './helpers.js';

vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  return {
    ...actual,
    opendir: (path: Parameters<typeof actual.opendir>[0], options?: Parameters<typeof actual.opendir>[1]) => {
      if (String(path).endsWith('/locked')) {
        return Promise.reject(Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' }));
      }
      return actual.opendir(path, options);
    },
  };
});

const { changesetFromTree } = await import('../../src/changesets/tree.js');

describe('changesetFromTree with an unreadable directory', () => {
  const tmp = tempDir('tree-eacces');
  afterAll(() => tmp.cleanup());

  it('warns in meta and lists the rest', async () => {
    mkdirSync(join(tmp.path, 'locked'));
    writeFileSync(join(tmp.path, 'locked/hidden'), '');
    writeFileSync(join(tmp.path, 'open'), '');
    const cs = await changesetFromTree(tmp.path, { maxWarnings: 5 });
    expect(cs.changes).toEqual(['/open']);
    expect(cs.meta).toEqual({ format: 'tree', warningCount: 1, warnings: ['/locked: cannot read directory (EACCES)'] });
  });
});
