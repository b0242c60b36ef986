/**
 * Python distributions installed by pip and friends: `*.dist-info/RECORD` (CSV, paths relative to the
 * directory holding the .dist-info) and `*.egg-info/installed-files.txt` (paths relative to the
 * .egg-info directory). Found among the snapshot's paths, read inside ROOT.
 */
import {posix} from 'node:path';

import type {RootFs} from '../rootfs.js';
import type {Ownership} from './ownership.js';
import {readDbFile} from './read.js';

/** The first CSV field of a RECORD line (quoted when it holds a comma or quote). */
function firstField(line: string): string {
  if (!line.startsWith('"')) return line.split(',')[0]!;
  let out = '';
  for (let i = 1; i < line.length; i++) {
    if (line[i] === '"') {
      if (line[i + 1] === '"') {
        out += '"';
        i++;
      } else break;
    } else out += line[i];
  }
  return out;
}

/** `name-version.dist-info` → name, version (names have no '-' after normalisation; versions none either). */
function distName(dir: string): {name: string; version?: string} {
  const base = posix.basename(dir).replace(/\.(dist|egg)-info$/, '');
  const i = base.indexOf('-');
  return i > 0 ? {name: base.slice(0, i), version: base.slice(i + 1).replace(/-py\d.*$/, '')} : {name: base};
}

export async function readPython(fs: RootFs, own: Ownership, paths: readonly string[]): Promise<void> {
  const records = paths.filter((p) => p.endsWith('.dist-info/RECORD') || p.endsWith('.egg-info/installed-files.txt'));
  await Promise.all(
    records.map(async (file) => {
      const text = await readDbFile(fs, own, file);
      if (text === undefined) return;
      const infoDir = posix.dirname(file);
      const base = file.endsWith('/RECORD') ? posix.dirname(infoDir) : infoDir;
      const idx = own.addPackage({manager: 'python', ...distName(infoDir), inventory: true});
      own.addFile(idx, file);
      for (const line of text.split('\n')) {
        if (line.trim() === '') continue;
        const rel = firstField(line);
        own.addFile(idx, rel.startsWith('/') ? posix.normalize(rel) : posix.join(base, rel));
      }
    }),
  );
}
