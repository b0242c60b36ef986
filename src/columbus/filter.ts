import {readFile} from 'node:fs/promises';
import {join} from 'node:path';

import {PraxiError} from '../errors.js';
import {native, packageRoot, type NativeFilterList} from '../native.js';

/** `praxi` = the list Praxi used (data/filters/praxi.txt), `none`, or a path to a user file. */
export type FilterSpec = 'praxi' | 'none' | (string & {});

export const praxiFilterPath = join(packageRoot, 'data', 'filters', 'praxi.txt');

export async function loadFilter(spec: FilterSpec): Promise<NativeFilterList | null> {
  if (spec === 'none') return null;
  const file = spec === 'praxi' ? praxiFilterPath : spec;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new PraxiError(`cannot read filter list ${file}: ${(err as Error).message}`, 'FILTER_UNREADABLE', file);
  }
  const Filter = native().FilterList;
  return new Filter(text);
}
