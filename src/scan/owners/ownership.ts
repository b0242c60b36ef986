/** Who owns which path of a root: the package databases' view, merged over every manager. */

export type Manager = 'dpkg' | 'apk' | 'rpm' | 'python' | 'npm';

export interface ManagedPackage {
  manager: Manager;
  name: string;
  version?: string;
  /** Paths the database lists for it. */
  files: number;
  /** False for bookkeeping owners (dpkg's alternatives and diversions), which are no package. */
  inventory: boolean;
}

export class Ownership {
  readonly packages: ManagedPackage[] = [];
  /** Database files that could not be read or parsed (`FILE: what`); the scan goes on without them. */
  readonly problems: string[] = [];
  readonly #files = new Map<string, number>();
  readonly #dirs = new Map<string, number>();
  /** Top-level aliases of merged-/usr roots, e.g. /lib → /usr/lib. */
  readonly #aliases: [string, string][];

  constructor(aliases: ReadonlyMap<string, string> = new Map()) {
    this.#aliases = [...aliases].map(([from, to]) => [`${from}/`, `${to}/`]);
  }

  addPackage(p: Omit<ManagedPackage, 'files'>): number {
    this.packages.push({...p, files: 0});
    return this.packages.length - 1;
  }

  /** The path as the snapshot sees it: /lib/x is /usr/lib/x when /lib is a symlink to usr/lib. */
  canonical(path: string): string {
    for (const [from, to] of this.#aliases) if (path.startsWith(from)) return to + path.slice(from.length);
    return path;
  }

  addFile(pkg: number, path: string): void {
    const p = this.canonical(path);
    if (!this.#files.has(p)) this.#files.set(p, pkg);
    this.packages[pkg].files++;
  }

  /** Everything below `dir` belongs to `pkg`: an npm package's directory (a path with /node_modules/ in it). */
  addDir(pkg: number, dir: string): void {
    const d = this.canonical(dir.replace(/\/+$/, ''));
    if (!this.#dirs.has(d)) this.#dirs.set(d, pkg);
  }

  /** The owning package's index, or undefined. */
  ownerOf(path: string): number | undefined {
    const exact = this.#files.get(path);
    // Only npm owns directories: other paths skip the walk up (it runs for every file of a root).
    if (exact !== undefined || this.#dirs.size === 0 || !path.includes('/node_modules/')) return exact;
    for (let i = path.lastIndexOf('/'); i > 0; i = path.lastIndexOf('/', i - 1)) {
      const d = this.#dirs.get(path.slice(0, i));
      if (d !== undefined) return d;
    }
    return undefined;
  }

  ownsFile(path: string): boolean {
    return this.ownerOf(path) !== undefined;
  }
}
