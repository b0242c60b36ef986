/**
 * What `praxi record` leaves out of its snapshots by default: kernel and runtime filesystems, and the
 * places that change on their own or only hold package managers' bookkeeping (not the files an
 * install put there). Patterns are relative to the recorded root; see native/snapshot/snapshot.h.
 */
export const DEFAULT_RECORD_EXCLUDES: readonly string[] = [
  '/proc',
  '/sys',
  '/dev',
  '/run',
  '/tmp',
  '/var/tmp',
  '/var/run',
  '/var/lock',
  '/var/log',
  '/var/cache',
  '/var/backups',
  '/var/lib/apt',
  '/var/lib/dpkg',
  '/var/lib/systemd',
  '/var/lib/dhcp',
  '/var/lib/ucf',
  '/var/mail',
  '/var/spool',
  '/etc/ld.so.cache',
  '/root/.cache',
  '/root/.npm',
  '/home/*/.cache',
  '/home/*/.npm',
  '/lost+found',
];
