/**
 * What a model learns from (docs/accuracy.md):
 * - `columbus`: Praxi's features, the Columbus tags with their counts (`| tag:count ...`), exactly
 *   the lines Praxi gave `vw`;
 * - `columbus+paths` (praxi's default when every input is a changeset): the tag names, plus the
 *   changeset's directory words in their own VW namespace (`| tag ... |w word ...`). Path words
 *   keep the directory names Columbus's prefixes blur (a small package's install often leaves no tag
 *   of its own) and fold digits, so another release of a package gives the same words. The profile
 *   index is built from all path words (file names too), a plain union over the packages of a
 *   changeset. VW gets the directory words only: as good on the held-out set, and a third of the
 *   features, so training stays faster than vw's on Praxi's own features.
 */
import {PraxiError} from '../errors.js';

export type FeatureSet = 'columbus' | 'columbus+paths';
export const FEATURE_SETS: readonly FeatureSet[] = ['columbus', 'columbus+paths'];

/** A changeset's path words: every path component, and those naming a directory. */
export interface WordLists {
  all: readonly string[];
  directories: readonly string[];
}

export interface FeatureSource {
  source: string;
  /** `"tag:count"` strings. */
  tags: readonly string[];
  words?: WordLists;
}

/** The word lists of tagging's word sets. */
export function wordLists(sets: {all: {names(): string[]}; directories: {names(): string[]}}): WordLists {
  return {all: sets.all.names(), directories: sets.directories.names()};
}

/** Tag names without counts (what presence detection compares). */
export function tagNames(tags: readonly string[]): string[] {
  return tags.map((t) => t.slice(0, t.lastIndexOf(':')));
}

export const needsWords = (set: FeatureSet | undefined): boolean => set === 'columbus+paths';

/** The error for an input a path-words model cannot use (a tag file holds no paths). */
export function missingWords(source: string): PraxiError {
  return new PraxiError(
    `${source}: the model learns from path words as well as tags, and a tag file holds no paths; give the changeset itself (or train with --features columbus)`,
    'INPUT_NEEDS_PATHS',
    source,
  );
}

/**
 * The feature set `praxi train --features auto` (and `praxi eval`) choose: path words only when every
 * example has them (tag files hold no paths).
 */
export function featuresAvailable(examples: Iterable<{words?: WordLists}>): FeatureSet {
  for (const ex of examples) if (ex.words === undefined) return 'columbus';
  return 'columbus+paths';
}

/** The item's path words, or the error for an input without them. */
function wordsOf(item: FeatureSource): WordLists {
  if (!item.words) throw missingWords(item.source);
  return item.words;
}

/** VW feature tokens (featureText joins them): the VW line after the label's `| `. */
export function vwFeatures(set: FeatureSet | undefined, item: FeatureSource): readonly string[] {
  if (!needsWords(set)) return item.tags;
  return [...tagNames(item.tags), '|w', ...wordsOf(item).directories];
}

/** What the profile index (presence, evidence) compares for this feature set. */
export function profileItems(set: FeatureSet | undefined, item: FeatureSource): readonly string[] {
  if (!needsWords(set)) return tagNames(item.tags);
  return wordsOf(item).all;
}

/** Pseudo-example tokens for a profile's items (resume rehearsal). */
export function vwFeaturesOfProfile(set: FeatureSet | undefined, items: readonly string[]): string[] {
  return needsWords(set) ? ['|w', ...items] : items.map((t) => `${t}:1`);
}
