/**
 * Reading files of a root filesystem that is not ours (a mounted snapshot, an unpacked image, a
 * chroot): every path is resolved inside ROOT as if ROOT were `/`. A symlink is followed only to a
 * place inside ROOT (an absolute target means ROOT + target, `..` stops at ROOT), so the host's own
 * /var/lib/dpkg is never read for a root whose /var is a symlink to /var.
 */
import {constants} from 'node:fs';
import {lstat, open, readdir, readlink} from 'node:fs/promises';
import {join} from 'node:path';

const MAX_LINKS = 40;

/** `path` (absolute inside ROOT) resolved inside ROOT: the host path, or undefined when it does not exist. */
export async function resolveInRoot(root: string, path: string): Promise<string | undefined> {
  const pending = path.split('/').filter((p) => p !== '' && p !== '.');
  const done: string[] = [];
  let links = 0;
  while (pending.length > 0) {
    const part = pending.shift()!;
    if (part === '..') {
      done.pop();
      continue;
    }
    const host = join(root, ...done, part);
    let st;
    try {
      st = await lstat(host);
    } catch {
      return undefined;
    }
    if (st.isSymbolicLink()) {
      if (++links > MAX_LINKS) return undefined;
      const target = await readlink(host);
      if (target.startsWith('/')) done.length = 0;
      pending.unshift(...target.split('/').filter((p) => p !== '' && p !== '.'));
      continue;
    }
    done.push(part);
  }
  return join(root, ...done);
}

export class RootFs {
  constructor(readonly root: string) {}

  resolve(path: string): Promise<string | undefined> {
    return resolveInRoot(this.root, path);
  }

  /** The text of a file inside ROOT; undefined when absent. Throws (with errno code) when unreadable. */
  async readText(path: string): Promise<string | undefined> {
    const host = await this.resolve(path);
    if (host === undefined) return undefined;
    // O_NOFOLLOW: the last component was resolved above; a symlink swapped in since is refused.
    const h = await open(host, constants.O_RDONLY | constants.O_NOFOLLOW);
    try {
      return await h.readFile('utf8');
    } finally {
      await h.close();
    }
  }

  /** Names in a directory inside ROOT; [] when absent. */
  async list(path: string): Promise<string[]> {
    const host = await this.resolve(path);
    if (host === undefined) return [];
    try {
      return await readdir(host);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOTDIR' || (err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
  }

  /** Where a top-level alias such as /lib points inside ROOT (`/usr/lib`), if it is a symlink to a directory. */
  async alias(top: string): Promise<string | undefined> {
    let st;
    try {
      st = await lstat(join(this.root, top));
    } catch {
      return undefined;
    }
    if (!st.isSymbolicLink()) return undefined;
    const host = await this.resolve(top);
    if (host === undefined) return undefined;
    const rel = host.slice(this.root.replace(/\/+$/, '').length) || '/';
    return rel === top ? undefined : rel;
  }
}
