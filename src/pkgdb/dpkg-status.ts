/**
 * dpkg's status file (/var/lib/dpkg/status): RFC-822 style stanzas, one per package dpkg knows.
 * Read by `praxi record --label-from dpkg` (what an install added) and `praxi scan` (what dpkg owns).
 */

export interface DpkgPackage {
  name: string;
  version: string;
  architecture: string;
  /** The `Status:` field, e.g. `install ok installed`. */
  status: string;
  /** `Multi-Arch:` (`same` packages keep their info files as `name:arch.*`). */
  multiArch: string;
}

export interface DpkgStatus {
  packages: DpkgPackage[];
  /** Stanzas that could not be used, as `FILE:LINE: what`. */
  problems: string[];
}

/** Installed means unpacked files are on disk: installed, half-configured, unpacked, triggers-*. */
const ON_DISK = new Set(['installed', 'half-configured', 'unpacked', 'triggers-awaited', 'triggers-pending', 'half-installed']);

export function isOnDisk(p: DpkgPackage): boolean {
  return ON_DISK.has(p.status.split(' ')[2] ?? '');
}

export function parseDpkgStatus(text: string, file: string): DpkgStatus {
  const packages: DpkgPackage[] = [];
  const problems: string[] = [];
  const lines = text.split('\n');
  let fields = new Map<string, string>();
  let start = 1;
  let last = '';
  const flush = (line: number) => {
    if (fields.size > 0) {
      const name = fields.get('package');
      const status = fields.get('status');
      if (!name || !status) problems.push(`${file}:${start}: stanza without ${name ? 'Status' : 'Package'} field`);
      else {
        packages.push({
          name,
          status,
          version: fields.get('version') ?? '',
          architecture: fields.get('architecture') ?? '',
          multiArch: fields.get('multi-arch') ?? '',
        });
      }
    }
    fields = new Map();
    start = line + 1;
  };
  lines.forEach((line, i) => {
    if (line.trim() === '') return flush(i + 1);
    if (line.startsWith(' ') || line.startsWith('\t')) return; // continuation of a multi-line field
    const colon = line.indexOf(':');
    if (colon <= 0) {
      problems.push(`${file}:${i + 1}: expected "Field: value", got ${JSON.stringify(line.slice(0, 60))}`);
      return;
    }
    if (fields.size === 0) start = i + 1;
    last = line.slice(0, colon).toLowerCase();
    fields.set(last, line.slice(colon + 1).trim());
  });
  flush(lines.length);
  return {packages, problems};
}

/** The name dpkg gives a package's info files: `name:arch` for Multi-Arch: same, else `name`. */
export function infoName(p: DpkgPackage): string {
  return p.multiArch === 'same' && p.architecture ? `${p.name}:${p.architecture}` : p.name;
}

/** Packages on disk after but not before (or with another version): what a command installed. */
export function newlyInstalled(before: DpkgStatus, after: DpkgStatus): DpkgPackage[] {
  const had = new Map<string, string>();
  for (const p of before.packages) if (isOnDisk(p)) had.set(`${p.name}:${p.architecture}`, p.version);
  return after.packages.filter((p) => isOnDisk(p) && had.get(`${p.name}:${p.architecture}`) !== p.version);
}
