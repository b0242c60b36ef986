import {execFileSync} from 'node:child_process';
import {cpSync, existsSync, mkdtempSync, readdirSync, rmSync, symlinkSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';

import {projectRoot} from './support/shared.js';

// Builds the prebuild in a scratch copy (so the shared build/ other tests load is untouched), then
// runs the CLI from a package copy that has prebuilds/ but no build/.
describe('prebuilds', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'praxi-prebuild-'));
  afterAll(() => rmSync(scratch, {recursive: true, force: true}));

  it('npm run prebuild produces prebuilds/linux-x64 and the CLI works from it with build/ removed', () => {
    const src = join(scratch, 'src');
    for (const entry of ['package.json', 'CMakeLists.txt', 'native', 'scripts', 'data']) {
      cpSync(join(projectRoot, entry), join(src, entry), {recursive: true});
    }
    symlinkSync(join(projectRoot, 'node_modules'), join(src, 'node_modules'));
    execFileSync('npm', ['run', 'prebuild'], {cwd: src, stdio: 'pipe', timeout: 600_000});
    const platformDir = join(src, 'prebuilds', `${process.platform}-${process.arch}`);
    const built = readdirSync(platformDir).filter((f) => f.endsWith('.node'));
    expect(built.length).toBe(1);

    const pkg = join(scratch, 'pkg');
    for (const entry of ['package.json', 'bin', 'dist', 'data', 'prebuilds']) {
      cpSync(join(entry === 'prebuilds' ? src : projectRoot, entry), join(pkg, entry), {recursive: true});
    }
    symlinkSync(join(projectRoot, 'node_modules'), join(pkg, 'node_modules'));
    expect(existsSync(join(pkg, 'build'))).toBe(false);
    const out = execFileSync(process.execPath, [join(pkg, 'bin', 'run.js'), 'tag', '-', '--threshold', '1'], {
      input: '/opt/nginx/nginx.conf\n/opt/nginx/nginx.pid\n',
      encoding: 'utf8',
    });
    expect(JSON.parse(out.trim()).tags).toContain('nginx.:2');
  });
});
