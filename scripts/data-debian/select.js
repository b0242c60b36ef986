// Which Debian packages become labels of the bundled model (docs/bundled-model.md, "Package rules").
// A package qualifies when it installs programs or libraries — at least one file under a program
// or library directory — and is not documentation, debug symbols, a transitional/dummy package or
// a transitional/dummy package. Pure data, fonts, themes and documentation packages are left out:
// they are not "software" to name, and they would crowd the label space with near-identical
// /usr/share trees. (Packages debtags call metapackages but that ship programs, such as apache2,
// are software; true metapackages become requested-only labels in build.js.)

/** Program and library directories: a file under one of these makes a package qualify. */
export const PROGRAM_DIRS = [
  '/usr/bin/', '/usr/sbin/', '/bin/', '/sbin/', '/usr/games/', '/usr/local/bin/', '/usr/libexec/',
  '/usr/lib/', '/lib/', '/usr/lib64/', '/lib64/', '/usr/lib32/', '/lib32/', '/usr/libx32/', '/libx32/',
  // Interpreted-language libraries installed outside /usr/lib.
  '/usr/share/perl5/', '/usr/share/php/', '/usr/share/java/', '/usr/share/javascript/', '/usr/share/emacs/site-lisp/',
  '/usr/share/rubygems-integration/', '/usr/share/gocode/', '/usr/share/R/site-library/', '/usr/share/lua/',
  '/usr/share/tcltk/', '/usr/share/ocaml/', '/usr/share/guile/site/', '/usr/share/common-lisp/source/',
];

/** Files under these do not count (they are not the program or library itself). */
export const NOT_PROGRAM_DIRS = ['/usr/lib/debug/', '/lib/debug/', '/usr/lib/.build-id/', '/usr/share/doc/', '/usr/lib/mime/packages/'];

export function isProgramFile(path) {
  if (NOT_PROGRAM_DIRS.some((d) => path.startsWith(d))) return false;
  return PROGRAM_DIRS.some((d) => path.startsWith(d));
}

/** The reason a package is excluded, or null when it is chosen. */
export function exclusionReason(pkg, files) {
  const n = pkg.name;
  if (/-(doc|docs|dbg|dbgsym)$/.test(n) || /-doc-/.test(n)) return 'doc-or-debug';
  if (/\b(transitional|dummy)\b/i.test(pkg.description)) return 'transitional';
  if (!files || files.length === 0) return 'no-files';
  if (!files.some(isProgramFile)) return 'no-program-or-library-files';
  return null;
}

/** Chosen package names (sorted) and the count of each exclusion reason. */
export function choosePackages(packages, files) {
  const chosen = [];
  const excluded = {};
  for (const name of [...packages.keys()].sort()) {
    const why = exclusionReason(packages.get(name), files.get(name));
    if (why) excluded[why] = (excluded[why] ?? 0) + 1;
    else chosen.push(name);
  }
  return {chosen, excluded};
}
