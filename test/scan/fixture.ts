// Small synthetic roots for scan tests, built by the tests themselves: a dpkg database with real
// Debian paths, merged-/usr aliases, an apk database, pip and npm installs, and unowned installs.
import {mkdirSync, mkdtempSync, symlinkSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {dirname, join} from 'node:path';

export function put(root: string, path: string, text = 'x\n'): void {
  mkdirSync(dirname(join(root, path)), {recursive: true});
  writeFileSync(join(root, path), text);
}

const stanza = (name: string, extra = '') => `Package: ${name}\nStatus: install ok installed\nArchitecture: amd64\nVersion: 1.0-1\n${extra}Description: test\n more\n\n`;

/** The files of Debian bookworm's ncdu 1.18-0.2 package (data.tar). */
export const NCDU = ['/usr/bin/ncdu', '/usr/share/doc/ncdu/changelog.Debian.gz', '/usr/share/doc/ncdu/changelog.gz', '/usr/share/doc/ncdu/copyright', '/usr/share/man/man1/ncdu.1.gz'];

export function buildRoot(): string {
  const root = mkdtempSync(join(tmpdir(), 'praxi-scan-'));
  // Merged /usr: /bin and /lib are links into /usr.
  mkdirSync(join(root, 'usr/bin'), {recursive: true});
  mkdirSync(join(root, 'usr/lib'), {recursive: true});
  symlinkSync('usr/bin', join(root, 'bin'));
  symlinkSync('usr/lib', join(root, 'lib'));
  const info = '/var/lib/dpkg/info';
  put(root, '/var/lib/dpkg/status', stanza('coreutils') + stanza('libc6', 'Multi-Arch: same\n') + stanza('gone').replace('install ok installed', 'deinstall ok config-files'));
  // dpkg lists /bin/ls; on disk (merged /usr) it is /usr/bin/ls.
  put(root, `${info}/coreutils.list`, '/.\n/bin\n/bin/ls\n/usr/share/doc/coreutils/copyright\n');
  put(root, `${info}/coreutils.conffiles`, '/etc/coreutils.conf\nremove-on-upgrade /etc/old.conf\n');
  put(root, `${info}/libc6:amd64.list`, '/lib/libc.so.6\n/usr/bin/ldd\n');
  for (const p of ['/usr/bin/ls', '/usr/share/doc/coreutils/copyright', '/etc/coreutils.conf', '/usr/lib/libc.so.6', '/usr/bin/ldd']) put(root, p);
  // A diversion and an alternative.
  put(root, '/var/lib/dpkg/diversions', '/usr/bin/ldd\n/usr/bin/ldd.distrib\ncoreutils\n');
  put(root, '/usr/bin/ldd.distrib');
  put(root, '/var/lib/dpkg/alternatives/pager', 'auto\n/usr/bin/pager\npager.1.gz\n/usr/share/man/man1/pager.1.gz\n\n/usr/bin/ls\n50\n\n');
  symlinkSync('/etc/alternatives/pager', join(root, 'usr/bin/pager'));
  mkdirSync(join(root, 'etc/alternatives'), {recursive: true});
  symlinkSync('/usr/bin/ls', join(root, 'etc/alternatives/pager'));
  // Generated state.
  for (const p of ['/etc/machine-id', '/var/log/dpkg.log', '/var/cache/apt/pkgcache.bin', '/var/lib/apt/lists/deb.debian.org_dists', '/etc/ld.so.cache']) put(root, p);
  // A pip install and an npm package.
  put(root, '/usr/local/lib/python3.11/dist-packages/requests-2.31.0.dist-info/RECORD', 'requests/__init__.py,sha256=x,10\n"requests/we,ird.py",,\n../../../bin/req,,\n');
  for (const p of ['/usr/local/lib/python3.11/dist-packages/requests/__init__.py', '/usr/local/lib/python3.11/dist-packages/requests/we,ird.py', '/usr/local/bin/req']) put(root, p);
  put(root, '/srv/app/node_modules/left-pad/package.json', '{"name": "left-pad", "version": "1.3.0"}');
  put(root, '/srv/app/node_modules/left-pad/index.js');
  put(root, '/srv/app/node_modules/@scope/pkg/package.json', '{"name": "@scope/pkg", "version": "2.0.0"}');
  put(root, '/srv/app/node_modules/@scope/pkg/lib/a.js');
  // Unowned installs: a tarball in /opt, a hand-unpacked package in the system hierarchy.
  for (const p of ['/opt/mytool/bin/mytool', '/opt/mytool/lib/libmytool.so', '/opt/mytool/share/doc/README']) put(root, p);
  for (const p of NCDU) put(root, p);
  put(root, '/srv/app/server.js');
  return root;
}
