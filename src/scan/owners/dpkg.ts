/**
 * dpkg's database inside ROOT: status (which packages are on disk), info/<pkg>.list and .conffiles
 * (their paths), diversions (a diverted file's new name) and the alternatives system (the links
 * update-alternatives made). Each file is read on its own: a damaged one is named and skipped.
 */
import {infoName, isOnDisk, parseDpkgStatus} from '../../pkgdb/dpkg-status.js';
import type {RootFs} from '../rootfs.js';
import type {Ownership} from './ownership.js';
import {errnoText, readDbFile} from './read.js';

const DB = '/var/lib/dpkg';


/** Path lines of a .list/.conffiles file; throws with the line number when it is not a path list. */
function pathLines(text: string, file: string): string[] {
  const out: string[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/^\s*(?:remove-on-upgrade\s+)?/, '').trimEnd();
    if (line === '') return;
    if (!line.startsWith('/') || line.includes('\0')) throw new Error(`${file}:${i + 1}: expected an absolute path, got ${JSON.stringify(line.slice(0, 60))}`);
    out.push(line);
  });
  return out;
}

export async function readDpkg(fs: RootFs, own: Ownership): Promise<boolean> {
  const statusText = await readDbFile(fs, own, `${DB}/status`);
  if (statusText === undefined) return false;
  const status = parseDpkgStatus(statusText, `${DB}/status`);
  own.problems.push(...status.problems);
  await Promise.all(
    status.packages.filter(isOnDisk).map(async (p) => {
      const idx = own.addPackage({manager: 'dpkg', name: p.name, version: p.version, inventory: true});
      for (const kind of ['list', 'conffiles']) {
        const file = `${DB}/info/${infoName(p)}.${kind}`;
        try {
          const text = await fs.readText(file);
          if (text !== undefined) for (const path of pathLines(text, file)) own.addFile(idx, path);
          else if (kind === 'list') own.problems.push(`${file}: missing (package ${p.name} is installed)`);
        } catch (err) {
          own.problems.push(err instanceof Error && err.message.startsWith(file) ? err.message : `${file}: cannot read (${errnoText(err)})`);
        }
      }
    }),
  );
  await readDiversions(fs, own);
  await readAlternatives(fs, own);
  return true;
}

/** Triples of lines: original path, diverted-to path, diverting package (`:` for a local one). */
async function readDiversions(fs: RootFs, own: Ownership): Promise<void> {
  const file = `${DB}/diversions`;
  const text = await readDbFile(fs, own, file);
  if (text === undefined) return;
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  if (lines.length % 3 !== 0) {
    own.problems.push(`${file}: ${lines.length} lines, expected groups of three (from, to, package)`);
    return;
  }
  const idx = own.addPackage({manager: 'dpkg', name: '(diversions)', inventory: false});
  for (let i = 0; i < lines.length; i += 3) own.addFile(idx, lines[i + 1]);
}

/** One file per alternative: mode, master link, then (name, link) pairs up to an empty line. */
async function readAlternatives(fs: RootFs, own: Ownership): Promise<void> {
  const dir = `${DB}/alternatives`;
  let names: string[];
  try {
    names = await fs.list(dir);
  } catch (err) {
    own.problems.push(`${dir}: cannot list (${errnoText(err)})`);
    return;
  }
  if (names.length === 0) return;
  const idx = own.addPackage({manager: 'dpkg', name: '(alternatives)', inventory: false});
  await Promise.all(
    names.map(async (name) => {
      const file = `${dir}/${name}`;
      const text = await readDbFile(fs, own, file);
      if (text === undefined) return;
      const lines = text.split('\n');
      if (!/^(auto|manual)$/.test(lines[0] ?? '') || !(lines[1] ?? '').startsWith('/')) {
        own.problems.push(`${file}:1: expected "auto" or "manual" then the master link path`);
        return;
      }
      own.addFile(idx, lines[1]);
      own.addFile(idx, `/etc/alternatives/${name}`);
      for (let i = 2; i + 1 < lines.length && lines[i] !== ''; i += 2) {
        own.addFile(idx, lines[i + 1]);
        own.addFile(idx, `/etc/alternatives/${lines[i]}`);
      }
    }),
  );
}
