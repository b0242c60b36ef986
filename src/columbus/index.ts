import {native, type NativeFilterList, type RawPathWords} from '../native.js';
import {TagSet} from './tagset.js';

export {TagSet} from './tagset.js';
export {loadFilter, praxiFilterPath, type FilterSpec} from './filter.js';

export interface ColumbusOptions {
  /** Minimum number of distinct one-character extensions for a prefix to be a tag (Praxi: 2). */
  threshold: number;
  /** Tags removed from the result; null for none. */
  filter: NativeFilterList | null;
}

/** Runs Columbus on one changeset's change strings, off the event loop. */
export async function tagChanges(changes: string[], options: ColumbusOptions): Promise<TagSet> {
  return new TagSet(await native().tagChanges(changes, options));
}

/** A changeset's path words (src/model/features.ts): every component, and those naming a directory. */
export interface PathWordSets {
  all: TagSet;
  directories: TagSet;
}

export function pathWordSets(raw: RawPathWords): PathWordSets {
  return {all: new TagSet(raw.all), directories: new TagSet(raw.directories)};
}

/** The path words of a changeset (native/features), each set sorted, with counts. */
export async function pathWords(changes: string[]): Promise<PathWordSets> {
  return pathWordSets(await native().pathWords(changes));
}
