/**
 * RPM's database inside ROOT, read through the `rpm` tool (its Berkeley DB / SQLite / ndb formats
 * are not ours to parse) and only when that tool is installed: `rpm --root ROOT` reads ROOT's
 * database, never the host's.
 */
import {execFile} from 'node:child_process';
import {promisify} from 'node:util';

import type {RootFs} from '../rootfs.js';
import type {Ownership} from './ownership.js';

const run = promisify(execFile);
const MARK = '@@praxi@@ ';

export async function readRpm(fs: RootFs, own: Ownership): Promise<boolean> {
  const dbs = ['/var/lib/rpm', '/usr/lib/sysimage/rpm'];
  const present = (await Promise.all(dbs.map(async (d) => (await fs.list(d)).length > 0))).some(Boolean);
  if (!present) return false;
  let stdout: string;
  try {
    ({stdout} = await run('rpm', ['--root', fs.root, '-qa', '--qf', `${MARK}%{NAME} %{VERSION}-%{RELEASE}\\n[%{FILENAMES}\\n]`], {maxBuffer: 1 << 30}));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    own.problems.push(code === 'ENOENT' ? `${dbs.join(' or ')}: an RPM database, but no rpm tool to read it; its files count as unowned` : `rpm --root ${fs.root}: ${(err as Error).message.split('\n')[0]}`);
    return false;
  }
  let pkg: number | undefined;
  for (const line of stdout.split('\n')) {
    if (line.startsWith(MARK)) {
      const [name, version] = line.slice(MARK.length).split(' ');
      pkg = own.addPackage({manager: 'rpm', name: name!, ...(version ? {version} : {}), inventory: true});
    } else if (line.startsWith('/') && pkg !== undefined) {
      own.addFile(pkg, line);
    }
  }
  return true;
}
