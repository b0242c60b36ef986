/**
 * Files that no package owns but no install put there either: state the system generates (caches,
 * logs, package managers' lists, machine identity, account databases, the dynamic linker's cache,
 * caches of the MIME, icon, font and GLib registries, enablement links) and bytecode compiled from
 * owned sources. `praxi scan` leaves them out before grouping; the rest is what someone installed.
 */
const GENERATED_DIRS = [
  '/tmp/',
  '/var/tmp/',
  '/var/cache/',
  '/var/log/',
  '/var/lib/apt/',
  '/var/lib/dpkg/',
  '/var/lib/rpm/',
  '/usr/lib/sysimage/rpm/',
  '/lib/apk/db/',
  '/usr/lib/apk/db/',
  '/var/lib/systemd/',
  '/var/lib/ucf/',
  '/var/lib/pam/',
  '/var/lib/dbus/',
  '/var/lib/misc/',
  '/var/lib/dhcp/',
  '/var/lib/sgml-base/',
  '/var/lib/xml-core/',
  '/var/lib/polkit-1/',
  '/var/backups/',
  '/var/mail/',
  '/var/spool/',
  '/var/run/',
  '/var/lock/',
  '/etc/alternatives/',
  '/etc/ssl/certs/',
  '/etc/systemd/system/',
  '/etc/systemd/user/',
  '/etc/rc0.d/',
  '/etc/rc1.d/',
  '/etc/rc2.d/',
  '/etc/rc3.d/',
  '/etc/rc4.d/',
  '/etc/rc5.d/',
  '/etc/rc6.d/',
  '/etc/rcS.d/',
  '/usr/share/mime/',
  '/root/.cache/',
  '/root/.npm/',
  '/lost+found/',
];

const GENERATED_FILES = new Set([
  '/etc/machine-id',
  '/etc/hostname',
  '/etc/hosts',
  '/etc/resolv.conf',
  '/etc/mtab',
  '/etc/fstab',
  '/etc/ld.so.cache',
  '/etc/passwd',
  '/etc/group',
  '/etc/shadow',
  '/etc/gshadow',
  '/etc/subuid',
  '/etc/subgid',
  '/etc/.pwd.lock',
  '/etc/adjtime',
  '/etc/timezone',
  '/etc/localtime',
  '/etc/shells',
  '/etc/ca-certificates.conf',
  '/etc/apt/sources.list',
  '/etc/environment',
  '/usr/lib/locale/locale-archive',
  '/usr/share/info/dir',
  '/usr/share/info/dir.old',
  '/root/.bash_history',
  '/root/.wget-hsts',
  '/root/.lesshst',
  '/root/.viminfo',
  '/.dockerenv',
  // Written by maintainer scripts (base-files, libc-bin, libpam-runtime, dpkg) from templates.
  '/etc/motd',
  '/etc/profile',
  '/etc/nsswitch.conf',
  '/etc/dpkg/origins/default',
  '/etc/pam.d/common-account',
  '/etc/pam.d/common-auth',
  '/etc/pam.d/common-password',
  '/etc/pam.d/common-session',
  '/etc/pam.d/common-session-noninteractive',
  '/etc/security/opasswd',
  '/root/.bashrc',
  '/root/.profile',
  '/usr/local/man',
  '/var/lib/shells.state',
]);

/** Names that registries (re)build from the files packages install. */
const GENERATED_NAMES = new Set(['icon-theme.cache', 'gschemas.compiled', 'giomodule.cache', 'loaders.cache', 'mimeinfo.cache', 'fonts.dir', 'fonts.scale', '.uuid', 'immodules.cache']);

const BACKUP_SUFFIX = /(?:\.dpkg-(?:old|dist|new|tmp|bak)|\.ucf-(?:old|dist|new)|-)$/;

/** `/a/__pycache__/m.cpython-311.pyc` or `/a/m.pyc` → `/a/m.py`. */
export function bytecodeSource(path: string): string | undefined {
  const cached = /^(.*)\/__pycache__\/([^/]+?)\.[^./]+(?:\.opt-\d)?\.pyc$/.exec(path);
  if (cached) return `${cached[1]}/${cached[2]}.py`;
  if (path.endsWith('.pyc') || path.endsWith('.pyo')) return path.slice(0, -1);
  return undefined;
}

const GENERATED_DIR_RE = new RegExp(`^(?:${GENERATED_DIRS.map((d) => d.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})`);

export function isGenerated(path: string, owned: (path: string) => boolean): boolean {
  if (GENERATED_FILES.has(path) || GENERATED_DIR_RE.test(path)) return true;
  const name = path.slice(path.lastIndexOf('/') + 1);
  if (GENERATED_NAMES.has(name)) return true;
  if (path.startsWith('/etc/') && BACKUP_SUFFIX.test(name)) return true;
  const source = bytecodeSource(path);
  return source !== undefined && owned(source);
}
