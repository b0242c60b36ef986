/**
 * Package URLs (purl-spec) for labels that are distribution packages, and the versions a
 * changeset shows: apt keeps each downloaded package as `/var/cache/apt/archives/NAME_VERSION_ARCH.deb`
 * (an epoch's `:` written `%3a`), whose Columbus tags include `NAME_VERSION_ARCH.de`. Nothing else
 * in a changeset names a version reliably, so without that file no version is claimed.
 */
export interface PackageUrlBase {
  type: string;
  namespace: string;
  distro: string;
}

const ARCHIVE_TAG = /^([a-z0-9][a-z0-9+.-]+)_([0-9][^_]*)_([a-z0-9]+)\.de$/;

/** `name\0arch` → version, from the archive tags among `tags`. */
export function versionsFromTags(tags: Iterable<string>): Map<string, string> {
  const out = new Map<string, string>();
  for (const t of tags) {
    if (!t.endsWith('.de')) continue;
    const m = ARCHIVE_TAG.exec(t);
    if (m) out.set(`${m[1]}\0${m[3]}`, decodeURIComponent(m[2]));
  }
  return out;
}

/** purl-spec percent-encoding for a component (`+` and `:` are encoded; letters, digits, `.-_~` kept). */
function encode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function packageUrl(base: PackageUrlBase, name: string, arch: string, version?: string): string {
  const at = version !== undefined ? `@${encode(version)}` : '';
  return `pkg:${base.type}/${base.namespace}/${encode(name)}${at}?arch=${encode(arch)}&distro=${encode(base.distro)}`;
}
