/**
 * `praxi tag` as a library: inputs → changesets → Columbus tags, in input order, with bounded
 * parallelism. Common-shape YAML files are read, parsed and tagged on a pool thread in one native
 * call; everything else goes through the TypeScript readers and then the native tagger.
 */
import {basename, relative} from 'node:path';

import {
  changesetFromTree,
  discoverInputs,
  formatForPath,
  InputError,
  parseChangeset,
  readInputFile,
  readStream,
  type Changeset,
  type DiscoveredSource,
} from './changesets/index.js';
import {loadFilter, TagSet, type FilterSpec} from './columbus/index.js';
import {errorCode, errorMessage, PraxiError} from './errors.js';
import {native, type NativeFilterList} from './native.js';
import {mapOrdered} from './util/ordered-pool.js';

export interface TagOptions {
  /** Columbus frequency threshold (Praxi: 2; the later pipeline: 1). */
  threshold?: number;
  /** `praxi` (default), `none`, or a filter file path. */
  filter?: FilterSpec;
  /** Changesets tagged at once (default 4). */
  jobs?: number;
  /** Directory trees, each taken as one changeset (after the other inputs). */
  trees?: readonly string[];
  /** Where `-` reads from (default process.stdin). */
  stdin?: AsyncIterable<Uint8Array | string>;
}

export interface TaggedChangeset {
  /** Path, `-`, or `tree:DIR`. */
  source: string;
  /** Name relative to the input directory it was found in (for `--out` file names). */
  name: string;
  label?: string;
  labels?: string[];
  /** The changeset's `id`, when it has one. */
  id?: string;
  /** Number of change strings tagged. */
  changes: number;
  tags: TagSet;
}

export type TagOutcome = {ok: true; value: TaggedChangeset} | {ok: false; error: InputError | PraxiError};

interface Job {
  item: DiscoveredSource | {type: 'tree'; dir: string} | {type: 'error'; error: InputError};
}

interface Context {
  threshold: number;
  filter: NativeFilterList | null;
  stdin?: AsyncIterable<Uint8Array | string>;
}

function toFailure(err: unknown, source: string): {ok: false; error: InputError | PraxiError} {
  if (err instanceof InputError || err instanceof PraxiError) return {ok: false, error: err};
  return {ok: false, error: new PraxiError(`${source}: ${errorMessage(err)}`, errorCode(err), source)};
}

function fromChangeset(cs: Changeset, name: string, tags: TagSet): TaggedChangeset {
  const out: TaggedChangeset = {source: cs.source, name, changes: cs.changes.length, tags};
  if (cs.label !== undefined) out.label = cs.label;
  if (cs.labels !== undefined) out.labels = cs.labels;
  const id = cs.meta?.id;
  if (typeof id === 'string') out.id = id;
  return out;
}

async function tagChangeset(cs: Changeset, name: string, ctx: Context): Promise<TaggedChangeset> {
  const raw = await native().tagChanges(cs.changes, {threshold: ctx.threshold, filter: ctx.filter});
  return fromChangeset(cs, name, new TagSet(raw));
}

function nameFor(item: DiscoveredSource): string {
  if (item.path === '-') return 'stdin';
  return item.path !== item.input ? relative(item.input, item.path) : basename(item.path);
}

async function tagFile(path: string, name: string, ctx: Context): Promise<TaggedChangeset> {
  const format = formatForPath(path);
  if (format === 'yaml') {
    let r: Awaited<ReturnType<ReturnType<typeof native>['tagFile']>>;
    try {
      r = await native().tagFile(path, {threshold: ctx.threshold, filter: ctx.filter});
    } catch (err) {
      const code = errorCode(err);
      if (code === 'INPUT_NOT_FOUND' || code === 'INPUT_UNREADABLE' || code === 'CHANGESET_ENCODING') {
        throw new InputError(code, path, errorMessage(err).replace(`${path}: `, ''));
      }
      throw err;
    }
    if (!('fallback' in r)) {
      const out: TaggedChangeset = {source: path, name, changes: r.changes, tags: new TagSet(r.tags)};
      if (r.label !== undefined) out.label = r.label;
      if (r.labels !== undefined) out.labels = r.labels;
      if (r.id !== undefined) out.id = r.id;
      return out;
    }
    return tagChangeset(parseChangeset(r.bytes, path, {format: 'yaml'}), name, ctx);
  }
  return tagChangeset(parseChangeset(await readInputFile(path), path, {format}), name, ctx);
}

async function runJob(job: Job, ctx: Context): Promise<TagOutcome> {
  const {item} = job;
  if (item.type === 'error') return {ok: false, error: item.error};
  const source = item.type === 'tree' ? `tree:${item.dir}` : item.path;
  try {
    if (item.type === 'tree') {
      return {ok: true, value: await tagChangeset(await changesetFromTree(item.dir), basename(item.dir) || 'tree', ctx)};
    }
    if (item.path === '-') {
      const bytes = await readStream(ctx.stdin ?? process.stdin);
      return {ok: true, value: await tagChangeset(parseChangeset(bytes, '-', {format: 'auto'}), 'stdin', ctx)};
    }
    return {ok: true, value: await tagFile(item.path, nameFor(item), ctx)};
  } catch (err) {
    return toFailure(err, source);
  }
}

async function* jobs(inputs: readonly string[], trees: readonly string[]): AsyncGenerator<Job> {
  for await (const item of discoverInputs(inputs)) {
    if (item.type === 'error' || item.kind === 'changeset') {
      yield {item};
    } else {
      yield {item: {type: 'error', error: new InputError('CHANGESET_SHAPE', item.path, 'a .tag file holds tags, not changes; `praxi tag` needs changesets')}};
    }
  }
  for (const dir of trees) yield {item: {type: 'tree', dir}};
}

/** Tags every input; one bad input yields a failure outcome and the others go on. */
export async function* tagInputs(inputs: readonly string[], options: TagOptions = {}): AsyncGenerator<TagOutcome> {
  const threshold = options.threshold ?? 2;
  if (!Number.isInteger(threshold) || threshold < 0) {
    throw new PraxiError(`threshold must be a whole number >= 0, got ${threshold}`, 'USAGE_THRESHOLD');
  }
  const ctx: Context = {threshold, filter: await loadFilter(options.filter ?? 'praxi'), stdin: options.stdin};
  yield* mapOrdered(jobs(inputs, options.trees ?? []), options.jobs ?? 4, (job) => runJob(job, ctx));
}
