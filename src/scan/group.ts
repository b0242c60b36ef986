/**
 * Unowned files → candidate installs. Files below an install root belong together: /opt/X, /srv/X,
 * /usr/local/X (or /usr/local as a whole for a `make install` into bin, lib, share...), a home
 * directory's top-level entries, any non-standard top-level directory's entries (/app/X, /work/X).
 * Files in the system hierarchy (/usr, /etc, /var, ...) have no root to tell installs apart, so
 * they are grouped by install event: files unpacked together got their inode change times
 * (ctime) within moments of each other, whatever mtimes the archive gave them. One event can hold
 * several packages (two archives unpacked in the same second), so an event is split further into
 * the files that hang together: those with the same mtime (a package's files share its build
 * time) or the same name key (/usr/bin/tree, /usr/share/doc/tree/..., /usr/share/man/man1/tree.1.gz).
 */
export interface ScanFile {
  path: string;
  /** Inode change time and modification time, seconds; needed for files outside any install root. */
  ctime?: number;
  mtime?: number;
}

export interface FileGroup {
  root: string;
  files: ScanFile[];
  /** How the group was formed: 'root' (install root) or 'event' (system files changed together). */
  kind: 'root' | 'event';
}

const SYSTEM_TOP = new Set(['usr', 'etc', 'var', 'bin', 'sbin', 'lib', 'lib32', 'lib64', 'libx32', 'boot', 'media', 'mnt']);
const LOCAL_STANDARD = new Set(['bin', 'sbin', 'lib', 'lib64', 'libexec', 'share', 'include', 'etc', 'man', 'games', 'src']);

/** Seconds between two ctimes that still count as one install event. */
export const EVENT_GAP_SECONDS = 2;

/** The install root of a path, or undefined for the system hierarchy. */
export function installRoot(path: string): string | undefined {
  const parts = path.split('/');
  const top = parts[1] ?? '';
  if (top === 'opt' || top === 'srv') return parts.length > 3 ? `/${top}/${parts[2]}` : `/${top}`;
  if (top === 'usr' && parts[2] === 'local') return parts.length > 4 && !LOCAL_STANDARD.has(parts[3]!) ? `/usr/local/${parts[3]}` : '/usr/local';
  if (top === 'home') {
    if (parts.length <= 3) return '/home';
    return parts.length > 4 ? `/home/${parts[2]}/${parts[3]}` : `/home/${parts[2]}`;
  }
  if (top === 'root') return parts.length > 3 ? `/root/${parts[2]}` : '/root';
  if (SYSTEM_TOP.has(top) || parts.length <= 2) return undefined;
  return parts.length > 3 ? `/${top}/${parts[2]}` : `/${top}`;
}

/** The deepest directory holding every path. */
export function commonDir(paths: readonly string[]): string {
  if (paths.length === 0) return '/';
  let prefix = paths[0]!.slice(0, paths[0]!.lastIndexOf('/'));
  for (const p of paths) {
    while (prefix !== '' && !(p.startsWith(prefix) && p[prefix.length] === '/')) prefix = prefix.slice(0, prefix.lastIndexOf('/'));
  }
  return prefix === '' ? '/' : prefix;
}

/** Directory names that say where, not what: skipped to find a file's name key. */
const PLACE = new Set(['usr', 'local', 'share', 'lib', 'lib32', 'lib64', 'libx32', 'libexec', 'bin', 'sbin', 'etc', 'include', 'doc', 'man', 'info', 'var', 'games', 'applications', 'pixmaps', 'icons', 'locale', 'LC_MESSAGES', 'pkgconfig', 'cmake', 'bash-completion', 'completions', 'lintian', 'overrides', 'default', 'init.d', 'systemd', 'system']);

/** What a file is named after: the first component that is not a place, up to its first dot. */
export function nameKey(path: string): string {
  for (const part of path.split('/')) {
    if (part === '' || PLACE.has(part) || /^man\d|^[a-z0-9_]+-linux-gnu[a-z]*$|^python\d/.test(part)) continue;
    return part.split('.')[0]!.toLowerCase() || part;
  }
  return path;
}

/** Splits one install event into the parts that share an mtime second or a name key. */
function splitEvent(files: readonly ScanFile[]): ScanFile[][] {
  const parent = files.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  const firstWith = new Map<string, number>();
  files.forEach((f, i) => {
    for (const key of [`m:${Math.floor(f.mtime ?? 0)}`, `k:${nameKey(f.path)}`]) {
      const j = firstWith.get(key);
      if (j === undefined) firstWith.set(key, i);
      else parent[find(i)] = find(j);
    }
  });
  const parts = new Map<number, ScanFile[]>();
  files.forEach((f, i) => {
    const r = find(i);
    let list = parts.get(r);
    if (!list) parts.set(r, (list = []));
    list.push(f);
  });
  return [...parts.values()];
}

/** Groups files; those outside an install root must carry their ctime and mtime. */
export function groupFiles(files: readonly ScanFile[]): FileGroup[] {
  const byRoot = new Map<string, ScanFile[]>();
  const system: ScanFile[] = [];
  for (const f of files) {
    const root = installRoot(f.path);
    if (root === undefined) system.push(f);
    else {
      let list = byRoot.get(root);
      if (!list) byRoot.set(root, (list = []));
      list.push(f);
    }
  }
  const groups: FileGroup[] = [...byRoot].map(([root, list]) => ({root, files: list, kind: 'root' as const}));
  system.sort((a, b) => a.ctime! - b.ctime!);
  let start = 0;
  for (let i = 1; i <= system.length; i++) {
    if (i === system.length || system[i]!.ctime! - system[i - 1]!.ctime! > EVENT_GAP_SECONDS) {
      for (const part of splitEvent(system.slice(start, i))) {
        const list = part.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
        groups.push({root: commonDir(list.map((f) => f.path)), files: list, kind: 'event'});
      }
      start = i;
    }
  }
  return groups.sort((a, b) => b.files.length - a.files.length || (a.root < b.root ? -1 : 1));
}
