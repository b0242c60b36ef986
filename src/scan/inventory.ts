/**
 * `praxi scan --ignore-db`: the packages present in a root's system hierarchy, from its files alone.
 *
 * One Columbus tag set at the model's threshold keeps only prefixes that recur, so a whole tree
 * loses the rare tags that name its packages. Here the whole tree is tagged at threshold 1 (every
 * prefix that any other name extends) and every label is scored by the profile index
 * (ProfileIndex.scores: weighted coverage of the label's profile, Platt-calibrated), with three
 * corrections for the difference between a finished root and the install changesets the model
 * learnt from:
 *  - dpkg unpacks every file as NAME.dpkg-new before renaming it, and recorded changesets caught
 *    most files under that name: each path is tagged with that twin too;
 *  - dpkg's bookkeeping for the package (/var/lib/dpkg/info/PKG.list, ...) is part of most training
 *    changesets but is exactly what a root without a database lacks: a candidate's coverage is
 *    completed with the coverage of its own bookkeeping names (scored alone, they add what they
 *    would have added);
 *  - Debian policy gives every package a /usr/share/doc/PKG entry (directory or link, kept even in
 *    distroless images for the copyright file): when the root has a populated /usr/share/doc, a label
 *    without one is not reported. That is what stops packages whose profile is a subset of an
 *    installed one's (multilib twins, plugins, translations) from being named.
 */
import {loadFilter, tagChanges} from '../columbus/index.js';
import {PraxiError} from '../errors.js';
import {plattProbability} from '../model/calibration.js';
import {tagNames} from '../model/collect.js';
import type {LabelScore, PraxiModel} from '../model/model.js';

/** Calibrated probability a label needs to be reported (chosen on a debootstrap root; docs/scan.md). */
export const INVENTORY_THRESHOLD = 0.9;
/** Below this raw coverage a label is not even a candidate (saves scoring bookkeeping for noise). */
const MIN_COVERAGE = 0.2;
/** The doc-directory rule applies when /usr/share/doc holds at least this many packages. */
const MIN_DOC_ENTRIES = 10;

const INFO_FILES = ['list-new', 'list', 'md5sums', 'postinst', 'prerm', 'postrm', 'preinst', 'shlibs', 'triggers', 'symbols', 'conffiles', 'templates', 'config'];

/**
 * The tags dpkg's bookkeeping names for a package give (info/PKG.list, info/PKG:amd64.list, ...; both
 * Multi-Arch spellings, the model knows no arch): Columbus prefixes of those names (':' removed, as
 * Columbus does), only the ones at least as long as the package name. Shorter prefixes are shared
 * with many packages (and with the root's own files); scoring them would weigh nothing and cost a
 * pass over huge posting lists.
 */
export function bookkeepingTags(label: string): string[] {
  const out = new Set<string>();
  for (const k of INFO_FILES) {
    for (const name of [`${label}.${k}`, `${label}amd64.${k}`]) {
      const cps = [...name.replace(/[:|]/g, '')];
      for (let n = Math.max(3, [...label].length); n <= cps.length; n++) out.add(cps.slice(0, n).join(''));
    }
  }
  return [...out];
}

export interface Inventory {
  labels: LabelScore[];
  tags: number;
  candidates: number;
  docRule: boolean;
}

export async function inventory(model: PraxiModel, paths: readonly string[], threshold = INVENTORY_THRESHOLD): Promise<Inventory> {
  const profile = model.profile;
  if (!profile) throw new PraxiError(`${model.file}: --ignore-db needs a model with a tag-profile index (the bundled model has one)`, 'MODEL_NO_PROFILE', model.file);
  const filter = await loadFilter(model.manifest.columbus.filter);
  // The package database is what --ignore-db sets aside: its records (info/NAME.list, which the
  // model reads as evidence) must not decide the inventory through the back door.
  const files = paths.filter((p) => !p.startsWith('/var/lib/dpkg/'));
  const twins = files.flatMap((p) => [p, `${p}.dpkg-new`]);
  const names = tagNames((await tagChanges(twins, {threshold: 1, filter})).toStrings());
  const docs = new Set<string>();
  for (const p of files) if (p.startsWith('/usr/share/doc/')) docs.add(p.split('/')[4]!);
  const docRule = docs.size >= MIN_DOC_ENTRIES;
  const candidates = profile.scores(names).filter((s) => s.coverage >= MIN_COVERAGE && (!docRule || docs.has(s.label)));
  const labels: LabelScore[] = [];
  for (const c of candidates) {
    const extra = profile.scores(bookkeepingTags(c.label)).find((s) => s.label === c.label)?.coverage ?? 0;
    const score = plattProbability(profile.platt, Math.min(1, c.coverage + extra));
    if (score >= threshold) labels.push({label: c.label, score});
  }
  labels.sort((a, b) => b.score - a.score || (a.label < b.label ? -1 : 1));
  return {labels, tags: names.length, candidates: candidates.length, docRule};
}
