// Reading apt's index files for the bundled Debian model: the Packages index (versions, Depends,
// Priority, Section, short Description) and the Contents indexes `apt-file update` fetches (which
// files each binary package ships). apt keeps them lz4- or gzip-compressed (or plain) under
// /var/lib/apt/lists; all three are read. Every file used is recorded with its size, mtime and
// sha256 so a build can be traced to, and repeated from, the exact same index files.
import {spawn} from 'node:child_process';
import {createHash} from 'node:crypto';
import {createReadStream, readdirSync, readFileSync, statSync} from 'node:fs';
import {basename, join} from 'node:path';
import {createInterface} from 'node:readline';
import {createGunzip} from 'node:zlib';

export const APT_LISTS = '/var/lib/apt/lists';

/** The one list file whose name (without compression suffix) ends with `suffix`. */
export function findList(dir, suffix) {
  const hits = readdirSync(dir)
    .filter((f) => f.replace(/\.(lz4|gz|xz)$/, '').endsWith(suffix))
    .sort();
  if (hits.length === 0) throw new Error(`no ${suffix} under ${dir}: run \`apt-get update && apt-get install -y apt-file && apt-file update\` first`);
  if (hits.length > 1) throw new Error(`several candidates for ${suffix} under ${dir}: ${hits.join(', ')}`);
  return join(dir, hits[0]);
}

export function describeFile(file) {
  const bytes = readFileSync(file);
  const st = statSync(file);
  return {file: basename(file), bytes: bytes.length, mtime: st.mtime.toISOString(), sha256: createHash('sha256').update(bytes).digest('hex')};
}

/** The InRelease header fields that identify the release (Date, Version, Suite, Codename). */
export function releaseInfo(file) {
  const text = readFileSync(file, 'utf8');
  const info = {};
  for (const key of ['Origin', 'Suite', 'Codename', 'Version', 'Date']) {
    const m = text.match(new RegExp(`^${key}: (.*)$`, 'm'));
    if (m) info[key.toLowerCase()] = m[1].trim();
  }
  return info;
}

/** Lines of a plain, .gz or .lz4 file (lz4 through the `lz4` tool, which apt-file depends on). */
export async function* readLines(file) {
  let input;
  let child;
  if (file.endsWith('.lz4')) {
    child = spawn('lz4', ['-dc', file], {stdio: ['ignore', 'pipe', 'inherit']});
    input = child.stdout;
  } else if (file.endsWith('.gz')) {
    input = createReadStream(file).pipe(createGunzip());
  } else if (file.endsWith('.xz')) {
    child = spawn('xz', ['-dc', file], {stdio: ['ignore', 'pipe', 'inherit']});
    input = child.stdout;
  } else {
    input = createReadStream(file);
  }
  const rl = createInterface({input, crlfDelay: Infinity});
  for await (const line of rl) yield line;
  if (child) {
    const code = child.exitCode ?? (await new Promise((resolve) => child.on('close', resolve)));
    if (code !== 0) throw new Error(`decompressing ${file} failed (exit ${code})`);
  }
}

/** First alternative of each Depends / Pre-Depends clause, without version or arch qualifier. */
export function parseDepends(text) {
  if (!text) return [];
  return text
    .split(',')
    .map((clause) => clause.split('|')[0].trim().replace(/\s*\(.*$/, '').replace(/\s*\[.*$/, '').replace(/:\w+$/, ''))
    .filter(Boolean);
}

/**
 * Every alternative of every clause: [[name, ...], ...] (what apt may satisfy a clause with; the
 * dependency graph shipped with the model needs all of them to say who pulled a package in).
 */
export function parseClauses(text) {
  if (!text) return [];
  return text
    .split(',')
    .map((clause) =>
      clause
        .split('|')
        .map((alt) => alt.trim().replace(/\s*\(.*$/, '').replace(/\s*\[.*$/, '').replace(/:\w+$/, ''))
        .filter(Boolean),
    )
    .filter((alts) => alts.length > 0);
}

/** Packages index → Map name → {name, version, arch, priority, section, description, depends, multiArch, source, ...}. */
export async function readPackages(file) {
  const out = new Map();
  let cur = {};
  let lastKey = '';
  const flush = () => {
    if (cur.Package) {
      out.set(cur.Package, {
        name: cur.Package,
        version: cur.Version ?? '',
        arch: cur.Architecture ?? '',
        priority: cur.Priority ?? 'optional',
        section: cur.Section ?? '',
        description: cur.Description ?? '',
        multiArch: cur['Multi-Arch'] ?? '',
        source: (cur.Source ?? cur.Package).split(' ')[0],
        depends: [...new Set([...parseDepends(cur['Pre-Depends']), ...parseDepends(cur.Depends)])],
        dependClauses: [...parseClauses(cur['Pre-Depends']), ...parseClauses(cur.Depends)],
        recommendClauses: parseClauses(cur.Recommends),
        provides: parseClauses(cur.Provides).map((alts) => alts[0]),
        tags: cur.Tag ?? '',
        essential: cur.Essential === 'yes',
      });
    }
    cur = {};
  };
  for await (const line of readLines(file)) {
    if (line === '') {
      flush();
      continue;
    }
    if (line[0] === ' ' || line[0] === '\t') {
      if (lastKey === 'Tag') cur.Tag += ` ${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(':');
    lastKey = line.slice(0, colon);
    cur[lastKey] = line.slice(colon + 1).trim();
  }
  flush();
  return out;
}

/**
 * Contents index → adds `/path` to files.get(package) for every entry. A line is the path, then
 * whitespace, then comma-separated `[area/]section/package` locations (paths may hold spaces, so
 * the split is at the last whitespace run).
 */
export async function readContents(file, files) {
  let lines = 0;
  for await (const line of readLines(file)) {
    const m = /^(.*\S)\s+(\S+)$/.exec(line);
    if (!m) continue;
    lines++;
    const path = `/${m[1]}`;
    for (const loc of m[2].split(',')) {
      const pkg = loc.slice(loc.lastIndexOf('/') + 1);
      let list = files.get(pkg);
      if (!list) files.set(pkg, (list = []));
      list.push(path);
    }
  }
  return lines;
}

/**
 * The base system, on every machine and so never pulled in by an install: Essential and Priority
 * required/important packages and everything they depend on.
 */
export function baseSystem(packages) {
  const base = new Set();
  const queue = [...packages.values()].filter((p) => p.essential || p.priority === 'required' || p.priority === 'important').map((p) => p.name);
  while (queue.length) {
    const name = queue.pop();
    if (base.has(name) || !packages.has(name)) continue;
    base.add(name);
    queue.push(...packages.get(name).depends);
  }
  return base;
}

/** Directories present before an install: parents of files of at least 3 packages. */
export function sharedDirectories(files) {
  const users = new Map();
  for (const list of files.values()) {
    const dirs = new Set();
    for (const f of list) for (let i = f.lastIndexOf('/'); i > 0; i = f.lastIndexOf('/', i - 1)) dirs.add(f.slice(0, i));
    for (const d of dirs) users.set(d, (users.get(d) ?? 0) + 1);
  }
  return new Set([...users].filter(([, n]) => n >= 3).map(([d]) => d));
}
