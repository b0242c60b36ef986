// Synthetic install changesets: what a file-change recorder sees while `apt-get install PKG` runs.
// A general model of dpkg's and apt's behaviour (docs/bundled-model.md, "Noise model"); nothing
// here is fitted to particular packages. Everything is driven by the seeded generator passed in,
// so the same seed gives the same changeset. No imports: the tests reuse it on this machine's
// /var/lib/dpkg/info/*.list files.

/** FNV-1a, 32 bit: a stable seed from a string. */
export function hashSeed(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32: small, fast, seeded. */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const uniform = (r, lo, hi) => lo + r() * (hi - lo);
const int = (r, lo, hi) => lo + Math.floor(r() * (hi - lo + 1));
const pick = (r, xs) => xs[Math.floor(r() * xs.length)];
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** mkstemp-style random suffix (apt's `extended_states.XXXXXX`, `pkgcache.bin.XXXXXX`). */
const tempName = (r, n = 6) => Array.from({length: n}, () => ALNUM[Math.floor(r() * ALNUM.length)]).join('');

export function shuffle(r, xs) {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [xs[i], xs[j]] = [xs[j], xs[i]];
  }
  return xs;
}

/** A deterministic sample of at most `max` items (order kept). */
export function sampleAtMost(r, xs, max) {
  if (xs.length <= max) return xs;
  const idx = shuffle(r, xs.map((_, i) => i)).slice(0, max).sort((a, b) => a - b);
  return idx.map((i) => xs[i]);
}

const EXEC_DIRS = /^\/(usr\/)?(s?bin|games|libexec)\//;
const MAN_LANGS = ['', '', '', 'de', 'es', 'fr', 'it', 'ja', 'nl', 'pl', 'pt', 'pt_BR', 'ru', 'sv', 'tr', 'uk', 'zh_CN', 'zh_TW', 'ko', 'da', 'fi', 'cs', 'hu', 'id', 'ro', 'sr'];
const CONTROL_MEMBERS = ['control', 'md5sums', 'conffiles', 'preinst', 'postinst', 'prerm', 'postrm', 'triggers', 'shlibs', 'symbols', 'templates', 'config'];
const INFO_FILES = ['list', 'md5sums', 'postinst', 'prerm', 'postrm', 'preinst', 'conffiles', 'triggers', 'shlibs', 'symbols', 'templates', 'config'];

/** Default noise intensities; each changeset draws its own values within these ranges. */
export const DEFAULT_NOISE = {
  /** Share of a package's files the recorder captured (partial capture). */
  capture: [0.6, 1.0],
  /** Share of captured files seen only under dpkg's temporary name `X.dpkg-new`. */
  dpkgNew: [0.45, 0.95],
  /** Probability that a changeset's version-numbered path components drift (another release). */
  versionDrift: 0.2,
  /** Probability that the package's own (package-specific) directories are listed. */
  directories: 0.3,
  /** Per-changeset probability range of pulling in each eligible dependency. */
  depends: [0, 0.5],
  /** At most this many dependency packages, and this many files of each. */
  maxDepends: 12,
  maxDependFiles: 400,
  /** Probability that an unrelated package's install overlapped the recording window. */
  concurrent: 0.15,
  /** Probability that the recorder wrote bare paths (no mode prefix). */
  barePaths: 0.1,
  /** Cap on the main package's files (very large packages are sampled). */
  maxFiles: 4000,
};

/** Perturbs version-like components (`1.2.5` → `1.2.7`, `python3.11` → `python3.12`) consistently. */
function versionDrifter(r) {
  const seen = new Map();
  return (path) =>
    path.replace(/\d+(?:\.\d+)+/g, (v) => {
      let out = seen.get(v);
      if (out === undefined) {
        const parts = v.split('.');
        const k = r() < 0.7 ? parts.length - 1 : int(r, 1, parts.length - 1);
        parts[k] = String(Number(parts[k]) + int(r, 1, 3));
        for (let j = k + 1; j < parts.length; j++) parts[j] = '0';
        out = parts.join('.');
        seen.set(v, out);
      }
      return out;
    });
}

function parents(path) {
  const out = [];
  let i = path.lastIndexOf('/');
  while (i > 0) {
    path = path.slice(0, i);
    out.push(path);
    i = path.lastIndexOf('/');
  }
  return out;
}

/**
 * One package's share of a changeset: its files as dpkg unpacks them, plus its own bookkeeping.
 * `world.sharedDirs` (optional) holds directories that exist before any install (not listed).
 */
function packageEntries(r, name, info, files, world, s, out) {
  const mode = (p) => (EXEC_DIRS.test(p) ? '755' : '644');
  const emit = (m, p) => out.push(s.bare ? p : `${m} ${p}`);
  const captured = files.filter(() => r() < s.capture);
  if (captured.length === 0 && files.length > 0) captured.push(pick(r, files));
  let manPages = 0;
  for (const f0 of captured) {
    const f = s.drift ? s.drift(f0) : f0;
    if (f.startsWith('/usr/share/man/')) manPages++;
    const u = r();
    if (u < s.dpkgNew) {
      emit('000', `${f}.dpkg-new`);
      if (r() < 0.05) emit(mode(f), f);  // also caught after the rename
    } else if (u < s.dpkgNew + 0.03) {
      emit('000', `${f}.dpkg-tmp`);
    } else {
      emit(mode(f), f);
    }
    if (f.startsWith('/etc/') && r() < 0.3) emit('644', `${f}.dpkg-dist`);
    if (s.pyc && /\/dist-packages\/.*\.py$/.test(f) && r() < 0.8) {
      const slash = f.lastIndexOf('/');
      emit('644', `${f.slice(0, slash)}/__pycache__/${f.slice(slash + 1, -3)}.cpython-311.pyc`);
    }
  }
  if (s.dirs) {
    const dirs = new Set();
    for (const f of captured) for (const d of parents(f)) if (!world.sharedDirs?.has(d)) dirs.add(d);
    for (const d of [...dirs].sort()) if (r() < 0.6) emit('755', s.drift ? s.drift(d) : d);
  }
  // dpkg's bookkeeping for this package.
  const infoName = info?.multiArch === 'same' ? `${name}:${info.arch === 'all' ? 'amd64' : info.arch || 'amd64'}` : name;
  if (r() < 0.9) emit('000', `/var/lib/dpkg/info/${infoName}.list-new`);
  for (const kind of INFO_FILES) if (r() < (kind === 'list' || kind === 'md5sums' ? 0.35 : 0.08)) emit(kind === 'list' ? '644' : '000', `/var/lib/dpkg/info/${infoName}.${kind}`);
  for (const member of CONTROL_MEMBERS) {
    const p = member === 'control' || member === 'md5sums' ? 0.85 : 0.35;
    if (r() < p) emit('000', `/var/lib/dpkg/tmp.ci/${member}`);
  }
  if (r() < 0.2 && info?.version) {
    const ver = info.version.replace(/:/g, '%3a');
    emit(r() < 0.5 ? '000' : '644', `/var/cache/apt/archives/${r() < 0.5 ? 'partial/' : ''}${name}_${ver}_${info.arch || 'amd64'}.deb`);
  }
  for (let k = 0; k < Math.min(manPages, 12); k++) {
    if (r() < 0.7) {
      const lang = pick(r, MAN_LANGS);
      emit('000', `/var/cache/man/${lang ? `${lang}/` : ''}${int(r, 1000, 25000)}`);
    }
  }
  if (captured.some((f) => /\.so(\.|$)/.test(f)) && r() < 0.4) emit('644', '/etc/ld.so.cache~');
  if (captured.some((f) => f.startsWith('/usr/share/applications/')) && r() < 0.5) emit('644', '/usr/share/applications/mimeinfo.cache');
  if (captured.some((f) => f.startsWith('/usr/share/icons/hicolor/')) && r() < 0.5) emit('644', '/usr/share/icons/hicolor/icon-theme.cache');
  if (captured.some((f) => /\/systemd\/system\/[^/]+\.service$/.test(f)) && r() < 0.5) {
    const svc = captured.find((f) => /\/systemd\/system\/[^/]+\.service$/.test(f));
    const unit = svc.slice(svc.lastIndexOf('/') + 1);
    emit('777', `/etc/systemd/system/multi-user.target.wants/${unit}`);
    emit('644', `/var/lib/systemd/deb-systemd-helper-enabled/${unit}.dsh-also`);
  }
}

/**
 * One synthetic install of `main`. `world`:
 *   info(name)      → {version, arch, multiArch, priority, depends[], base} or undefined
 *                     (`base`: installed on every system, so never pulled in)
 *   files(name)     → the package's files (absolute paths) or undefined
 *   sharedDirs      → Set of directories present before any install (optional)
 *   randomPackage(r)→ a package name for overlapping installs (optional)
 * Returns {changes, labels}: labels = main plus every dependency whose files were included.
 */
export function makeChangeset(r, main, world, noise = DEFAULT_NOISE) {
  const s = {
    capture: uniform(r, ...noise.capture),
    dpkgNew: uniform(r, ...noise.dpkgNew),
    drift: r() < noise.versionDrift ? versionDrifter(r) : null,
    dirs: r() < noise.directories,
    bare: r() < noise.barePaths,
    pyc: r() < 0.5,
  };
  const out = [];
  const labels = [main];
  const mainInfo = world.info(main);
  packageEntries(r, main, mainInfo, sampleAtMost(r, world.files(main) ?? [], noise.maxFiles), world, s, out);

  // Dependencies not already on every system (Priority required/important are), breadth first, two levels.
  const pDep = uniform(r, ...noise.depends);
  const chosen = new Set([main]);
  let frontier = [main];
  for (let level = 0; level < 2 && chosen.size - 1 < noise.maxDepends; level++) {
    const next = [];
    for (const p of frontier) {
      for (const d of world.info(p)?.depends ?? []) {
        if (chosen.has(d) || chosen.size - 1 >= noise.maxDepends) continue;
        const di = world.info(d);
        if (!di || di.base || di.priority === 'required' || di.priority === 'important') continue;
        if (!world.files(d)?.length) continue;
        if (r() < (level === 0 ? pDep : pDep / 2)) {
          chosen.add(d);
          next.push(d);
        }
      }
    }
    frontier = next;
  }
  const deps = [...chosen].slice(1);
  for (const d of deps) {
    packageEntries(r, d, world.info(d), sampleAtMost(r, world.files(d), noise.maxDependFiles), world, s, out);
    labels.push(d);
  }
  // An unrelated install overlapping the recording window: part of another package's files.
  if (world.randomPackage && r() < noise.concurrent) {
    const other = world.randomPackage(r);
    if (other && !chosen.has(other)) {
      const before = out.length;
      packageEntries(r, other, world.info(other), sampleAtMost(r, world.files(other) ?? [], 60), world, {...s, capture: s.capture * 0.5, drift: null, dirs: false}, out);
      if (out.length > before) labels.push(other);
    }
  }
  // apt's and dpkg's global state, written once per run.
  const emit = (m, p) => out.push(s.bare ? p : `${m} ${p}`);
  for (let k = int(r, 1, 3); k > 0; k--) emit('000', `/var/lib/apt/extended_states.${tempName(r)}`);
  if (r() < 0.5) emit('644', '/var/lib/apt/extended_states');
  if (r() < 0.5) emit('000', `/var/cache/apt/pkgcache.bin.${tempName(r)}`);
  if (r() < 0.6) emit('644', '/var/cache/apt/pkgcache.bin');
  if (r() < 0.2) emit('644', '/var/cache/apt/srcpkgcache.bin');
  if (r() < 0.75) emit('000', '/var/lib/dpkg/status-new');
  if (r() < 0.75) emit('644', '/var/lib/dpkg/status');
  if (r() < 0.3) emit('644', '/var/lib/dpkg/status-old');
  if (r() < 0.3) emit('000', '/var/lib/dpkg/updates/tmp.i');
  for (let k = int(r, 0, 3); k > 0; k--) emit('644', `/var/lib/dpkg/updates/${String(int(r, 0, 40)).padStart(4, '0')}`);
  if (r() < 0.2) emit('644', '/var/lib/dpkg/triggers/Unincorp');
  if (r() < 0.1) emit('644', '/var/lib/dpkg/triggers/File');
  if (r() < 0.3) for (const f of ['config.dat-old', 'templates.dat-old', 'config.dat', 'templates.dat']) if (r() < 0.6) emit('644', `/var/cache/debconf/${f}`);
  if (r() < 0.1) emit('000', `/var/lib/update-notifier/tmp.${tempName(r, 10)}`);
  if (r() < 0.05) emit('600', '/var/lib/update-notifier/updates-available');
  if (r() < 0.1) emit('644', `/run/systemd/generator.late/${pick(r, ['apparmor', 'ondemand', 'rsync', 'cron', 'ssh', 'networking'])}.service`);
  if (r() < 0.1) emit('644', '/var/log/apt/eipp.log.xz');
  return {changes: shuffle(r, out), labels};
}
