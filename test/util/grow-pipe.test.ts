// growPipe: stdout into a pipe (a shell's `|`) or a socket pair (a parent node's stdio 'pipe') gets
// a larger buffer; a file is left alone. Through child processes, whose stdout is each kind.
import {spawnSync} from 'node:child_process';
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';

import {native} from '../../src/native.js';
import {tempDir} from '../changesets/helpers.js';

const nativeModule = join(__dirname, '..', '..', 'dist', 'native.js');
const script = `import(${JSON.stringify(nativeModule)}).then(({native}) => process.stderr.write(String(native().growPipe(1, 1 << 20))))`;
const child = `"${process.execPath}" -e '${script}'`;
const maxPipe = (() => {
  try {
    return Number(readFileSync('/proc/sys/fs/pipe-max-size', 'utf8'));
  } catch {
    return 0;
  }
})();

describe('growPipe', () => {
  it.skipIf(maxPipe < 1 << 20)('a pipe gets 1 MiB', () => {
    const r = spawnSync('sh', ['-c', `${child} | cat`], {encoding: 'utf8'});
    expect(Number(r.stderr)).toBe(1 << 20);
  });

  it("a socket pair's send buffer is set (within the system's cap)", () => {
    const r = spawnSync('sh', ['-c', child], {stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8'});
    expect(Number(r.stderr)).toBeGreaterThan(0);
  });

  it('a file, or a bad descriptor, is left alone', () => {
    const dir = tempDir('grow-pipe');
    try {
      const r = spawnSync('sh', ['-c', `${child} > "${join(dir.path, 'out')}"`], {encoding: 'utf8'});
      expect(r.stderr).toBe('0');
      expect(native().growPipe(-1, 1 << 20)).toBe(0);
      expect(() => native().growPipe('1' as unknown as number, 1)).toThrow(TypeError);
    } finally {
      dir.cleanup();
    }
  });
});
