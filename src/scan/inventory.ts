/**
 * `praxi scan --ignore-db`: the packages present in a root's system hierarchy, from its files alone.
 *
 * One Columbus tag set at the model's threshold keeps only prefixes that recur, so a whole tree
 * loses the rare tags that name its packages. Here the whole tree is tagged at threshold 1 (every
 * prefix that any other name extends) and every label is scored by the profile index
 * (ProfileIndex.scores: weighted coverage of the label's profile, calibrated, read as a root without
 * dpkg records). Two rules keep packages that are absent but look present out:
 *  - Debian policy gives every package a /usr/share/doc/PKG entry (directory or link, kept even in
 *    slim and distroless images for the copyright file): when the root has a populated
 *    /usr/share/doc, a label without one is not reported, and one with it needs only the model's
 *    trained threshold (a slim root has lost the documentation, manual and locale files that make
 *    up part of every profile);
 *  - without that (no /usr/share/doc), a label whose matched tags another reported label's profile
 *    (nearly) all holds, while that one matches more, is explained by it (ProfileIndex.explainedBy):
 *    cross and older-version twins of an installed package match nothing of their own.
 */
import {loadFilter, tagChanges} from '../columbus/index.js';
import {PraxiError} from '../errors.js';
import {tagNames} from '../model/features.js';
import type {LabelScore, PraxiModel} from '../model/model.js';

/**
 * Calibrated probability a label needs to be reported when no doc entries vouch for it (chosen on a
 * debootstrap root; docs/scan.md). A label the doc rule has checked needs only the model's own
 * trained threshold: its doc entry is evidence the coverage cannot see.
 */
export const INVENTORY_THRESHOLD = 0.9;
/** The doc-directory rule applies when /usr/share/doc holds at least this many packages. */
const MIN_DOC_ENTRIES = 10;
/** Share of a label's matched tag weight another label's profile must hold to explain it. */
const EXPLAINED_SHARE = 0.9;

export interface Inventory {
  labels: LabelScore[];
  tags: number;
  /** Labels at the threshold before the doc-directory rule or the explained twins took some out. */
  candidates: number;
  docRule: boolean;
  /** Labels left out as explained by a reported one (label → the one that explains it). */
  explained: Map<string, string>;
}

/** Top-level package names under /usr/share/doc (Debian's one entry per package). */
function docEntries(files: readonly string[]): Set<string> {
  const docs = new Set<string>();
  for (const p of files) if (p.startsWith('/usr/share/doc/')) docs.add(p.split('/')[4]!);
  return docs;
}

export async function inventory(model: PraxiModel, paths: readonly string[], threshold?: number): Promise<Inventory> {
  const profile = model.profile;
  if (!profile) throw new PraxiError(`${model.file}: --ignore-db needs a model with a tag-profile index (the bundled model has one)`, 'MODEL_NO_PROFILE', model.file);
  const filter = await loadFilter(model.manifest.columbus.filter);
  // The package database is what --ignore-db sets aside: its records (info/NAME.list, which the
  // model reads as evidence) must not decide the inventory through the back door.
  const files = paths.filter((p) => !p.startsWith('/var/lib/dpkg/'));
  const names = tagNames((await tagChanges(files, {threshold: 1, filter})).toStrings());
  const docs = docEntries(files);
  const docRule = docs.size >= MIN_DOC_ENTRIES;
  const minScore = threshold ?? (docRule ? profile.threshold : INVENTORY_THRESHOLD);
  const present = profile.scores(names, {records: false}).filter((s) => s.score >= minScore);
  // A root's doc entries decide between twins by name; only without them is the weaker twin of
  // two matching the same tags dropped (it also drops real small packages whose files all have a
  // versioned twin's names, such as cpp beside cpp-12, which the doc rule keeps).
  const explained = docRule ? new Map<string, string>() : profile.explainedBy(names, present.map((s) => s.label), EXPLAINED_SHARE);
  const labels = present.filter((s) => (docRule ? docs.has(s.label) : !explained.has(s.label))).map((s) => ({label: s.label, score: s.score}));
  return {labels, tags: names.length, candidates: present.length, docRule, explained};
}
