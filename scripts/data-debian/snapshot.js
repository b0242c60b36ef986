// Snapshot-style install changesets: what a diff of two snapshots, or an image layer, holds after
// `apt-get install PKG` — every file under its final name (no `.dpkg-new`), the whole dependency
// closure apt installed (with or without Recommends, minus what was already there), dpkg's and
// apt's records, maintainer-script side files (alternatives, service links, ld.so.cache, bytecode),
// and in the slim style the documentation, manual pages and translations left out as slim images
// configure dpkg. Complements noise.js (a recorder watching the install). No imports: the tests use
// it without a build; every choice comes from the seeded generator passed in.

import {sampleAtMost, shuffle} from './noise.js';

const uniform = (r, lo, hi) => lo + r() * (hi - lo);

/** What slim images keep out (dpkg path-exclude), except each package's copyright file. */
export function slimExcluded(path) {
  if (path.startsWith('/usr/share/doc/')) return !path.endsWith('/copyright');
  return /^\/usr\/share\/(man|groff|info|locale|lintian|linda)\//.test(path) && path !== '/usr/share/locale/locale.alias';
}

const INFO_EXTRA = ['postinst', 'prerm', 'postrm', 'preinst', 'conffiles', 'triggers', 'shlibs', 'symbols', 'templates', 'config'];

/** dpkg's name for a package's records: `name:arch` for Multi-Arch: same. */
export function infoName(name, info) {
  return info?.multiArch === 'same' ? `${name}:${info.arch === 'all' || !info.arch ? 'amd64' : info.arch}` : name;
}

/**
 * The packages apt installs for `main`: clause by clause, an alternative already chosen or
 * installed satisfies it, else the first that resolves to a real package. `installed(name)` says
 * what was already on the machine (the base system, and a random share of the rest): those and
 * their own dependencies are not installed again.
 */
export function installClosure(main, world, {recommends = false, installed = () => false} = {}) {
  const chosen = [main];
  const seen = new Set([main]);
  for (let k = 0; k < chosen.length; k++) {
    const info = world.info(chosen[k]);
    if (!info) continue;
    const clauses = recommends ? [...(info.dependClauses ?? []), ...(info.recommendClauses ?? [])] : info.dependClauses ?? [];
    for (const alts of clauses) {
      const real = alts.map((a) => world.resolve(a)).filter(Boolean);
      if (real.length === 0 || real.some((p) => seen.has(p) || installed(p))) continue;
      seen.add(real[0]);
      chosen.push(real[0]);
    }
  }
  return chosen;
}

/**
 * One snapshot-style install of `main`. `world` as in noise.js, plus `resolve(name)` (a real
 * package for a name or virtual name, or undefined) and `isBase(name)`.
 * Options: slim (docs/man/locale excluded, apt's cache cleaned), recommends, preinstalled (share of
 * the closure already on the machine), maxFiles (per package).
 */
export function makeSnapshotChangeset(r, main, world, options = {}) {
  const slim = options.slim ?? r() < 0.5;
  const recommends = options.recommends ?? r() < 0.3;
  const preinstalled = options.preinstalled ?? uniform(r, 0, 0.8);
  const maxFiles = options.maxFiles ?? 4000;
  const already = new Map();
  const installed = (p) => {
    if (world.isBase(p)) return true;
    let v = already.get(p);
    if (v === undefined) already.set(p, (v = r() < preinstalled));
    return v;
  };
  const packages = installClosure(main, world, {recommends, installed});
  const out = [];
  let sharedLibs = false;
  for (const name of packages) {
    const info = world.info(name);
    const files = sampleAtMost(r, world.files(name) ?? [], maxFiles).filter((f) => !(slim && slimExcluded(f)));
    out.push(...files);
    const rec = infoName(name, info);
    out.push(`/var/lib/dpkg/info/${rec}.list`);
    if (r() < 0.97) out.push(`/var/lib/dpkg/info/${rec}.md5sums`);
    for (const kind of INFO_EXTRA) if (r() < 0.15) out.push(`/var/lib/dpkg/info/${rec}.${kind}`);
    if (!slim && info?.version) out.push(`/var/cache/apt/archives/${name}_${info.version.replace(/:/g, '%3a')}_${info.arch || 'amd64'}.deb`);
    if (files.some((f) => /\.so(\.|$)/.test(f))) sharedLibs = true;
    for (const f of files) {
      if (/^\/usr\/lib\/python3\/dist-packages\/.*\.py$/.test(f) && r() < 0.9) {
        const slash = f.lastIndexOf('/');
        out.push(`${f.slice(0, slash)}/__pycache__/${f.slice(slash + 1, -3)}.cpython-311.pyc`);
      }
      const unit = /^\/(?:usr\/)?lib\/systemd\/system\/([^/]+\.(?:service|socket|timer))$/.exec(f);
      if (unit && r() < 0.6) {
        out.push(`/etc/systemd/system/multi-user.target.wants/${unit[1]}`);
        out.push(`/var/lib/systemd/deb-systemd-helper-enabled/${unit[1]}.dsh-also`);
      }
      const init = /^\/etc\/init\.d\/([^/]+)$/.exec(f);
      if (init) for (const level of ['2', '3', '4', '5']) out.push(`/etc/rc${level}.d/S01${init[1]}`);
      const prog = /^\/usr\/bin\/([^/]+)$/.exec(f);
      if (prog && r() < 0.03) out.push(`/etc/alternatives/${prog[1]}`, `/var/lib/dpkg/alternatives/${prog[1]}`);
    }
  }
  // apt's and dpkg's records of the run.
  out.push('/var/lib/dpkg/status', '/var/lib/dpkg/status-old', '/var/lib/apt/extended_states', '/var/log/dpkg.log', '/var/log/apt/history.log', '/var/log/apt/term.log');
  out.push('/var/lib/dpkg/lock', '/var/lib/dpkg/lock-frontend', '/var/lib/dpkg/triggers/Lock', '/var/cache/apt/archives/lock');
  if (r() < 0.7) out.push('/var/log/apt/eipp.log.xz');
  if (r() < 0.6) out.push('/var/cache/debconf/config.dat', '/var/cache/debconf/templates.dat');
  if (r() < 0.3) out.push('/var/cache/debconf/passwords.dat');
  if (sharedLibs) out.push('/etc/ld.so.cache', '/var/cache/ldconfig/aux-cache');
  if (!slim && r() < 0.5) out.push('/var/cache/man/index.db');
  return {changes: r() < 0.5 ? out.sort() : shuffle(r, out), labels: packages, slim, recommends};
}
