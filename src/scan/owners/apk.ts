/** Alpine's database inside ROOT: lib/apk/db/installed, stanzas of `P:` name, `V:` version, `F:` dir, `R:` file. */
import type {RootFs} from '../rootfs.js';
import type {Ownership} from './ownership.js';
import {readDbFile} from './read.js';

const FILE = '/lib/apk/db/installed';

export async function readApk(fs: RootFs, own: Ownership): Promise<boolean> {
  const text = await readDbFile(fs, own, FILE);
  if (text === undefined) return false;
  let pkg: number | undefined;
  let dir = '';
  let pending: {name?: string; version?: string; files: string[]} = {files: []};
  const flush = (line: number) => {
    if (pending.name) {
      pkg = own.addPackage({manager: 'apk', name: pending.name, ...(pending.version ? {version: pending.version} : {}), inventory: true});
      for (const f of pending.files) own.addFile(pkg, f);
    } else if (pending.files.length > 0) {
      own.problems.push(`${FILE}:${line}: a package stanza without a P: (name) line; its files are not counted as owned`);
    }
    pending = {files: []};
    dir = '';
  };
  text.split('\n').forEach((line, i) => {
    if (line === '') return flush(i + 1);
    if (line[1] !== ':') {
      own.problems.push(`${FILE}:${i + 1}: expected "X:value", got ${JSON.stringify(line.slice(0, 60))}`);
      return;
    }
    const value = line.slice(2);
    switch (line[0]) {
      case 'P':
        pending.name = value;
        break;
      case 'V':
        pending.version = value;
        break;
      case 'F':
        dir = value;
        break;
      case 'R':
        pending.files.push(`/${dir ? `${dir}/` : ''}${value}`);
        break;
    }
  });
  flush(text.split('\n').length);
  return true;
}
