import {native, type NativeFilterList} from '../native.js';
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

/** The path words of a changeset (src/model/features.ts; native/features), sorted, with counts. */
export async function pathWords(changes: string[]): Promise<TagSet> {
  return new TagSet(await native().pathWords(changes));
}
