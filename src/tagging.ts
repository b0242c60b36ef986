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
  nativeFastParser,
  parseChangeset,
  parseChangesetFast,
  readInputFile,
  readStream,
  readTagFile,
  splitTag,
  type Changeset,
  type DiscoveredSource,
} from './changesets/index.js';
import {loadFilter, pathWordSets, TagSet, type FilterSpec, type PathWordSets} from './columbus/index.js';
import {errorCode, errorMessage, PraxiError} from './errors.js';
import type {ImageHandle, ImageOptions} from './images/index.js';
import {native, type NativeFilterList} from './native.js';
import {mapOrdered} from './util/ordered-pool.js';
import {step} from './util/steps.js';

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
  /** Accept Praxi `.tag` files (already tagged; train and predict take them). */
  tagFiles?: boolean;
  /** Keep only the sources this returns true for (sharding); called with the path or tree dir. */
  select?: (key: string) => boolean;
  /** How image inputs are read (squash, base layer, names, platform...): src/images. */
  image?: ImageOptions;
  /** Also give each changeset's path words (the features of praxi's default models; not for tag files). */
  words?: boolean;
}

/** Which image layer a tag set came from (`praxi tag` prints it as `layer`). */
export interface LayerInfo {
  /** 1-based layer index, or `squash`. */
  index: number | 'squash';
  digest?: string;
  created_by?: string;
  /** With `squash`: layers 1..base_layer were the base. */
  base_layer?: number;
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
  /** With `words`: the changeset's path words (docs/accuracy.md); absent for tag files. */
  words?: PathWordSets;
  /** For image inputs: the layer (src/images). */
  layer?: LayerInfo;
}

export type TagOutcome = {ok: true; value: TaggedChangeset} | {ok: false; error: InputError | PraxiError};

interface Job {
  item:
    | DiscoveredSource
    | {type: 'tree'; dir: string}
    | {type: 'error'; error: InputError}
    | {type: 'layer'; image: ImageHandle; index: number | 'squash'; name: string};
}

interface Context {
  threshold: number;
  filter: NativeFilterList | null;
  stdin?: AsyncIterable<Uint8Array | string>;
  words: boolean;
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
  const layer = layerInfo(cs.meta);
  if (layer) out.layer = layer;
  return out;
}

/** The `layer` of an image changeset's meta (src/images/image.ts writes it). */
function layerInfo(m: Record<string, unknown> | undefined): LayerInfo | undefined {
  if (m?.format !== 'image-layer' && m?.format !== 'image-squash') return undefined;
  const layer: LayerInfo = {index: m.format === 'image-squash' ? 'squash' : (m.layer_index as number)};
  if (typeof m.layer_digest === 'string') layer.digest = m.layer_digest;
  if (typeof m.created_by === 'string') layer.created_by = m.created_by;
  if (typeof m.base_layer === 'number') layer.base_layer = m.base_layer;
  return layer;
}

async function tagChangeset(cs: Changeset, name: string, ctx: Context): Promise<TaggedChangeset> {
  const [raw, words] = await Promise.all([
    native().tagChanges(cs.changes, {threshold: ctx.threshold, filter: ctx.filter}),
    ctx.words ? native().pathWords(cs.changes) : undefined,
  ]);
  const out = fromChangeset(cs, name, new TagSet(raw));
  if (words) out.words = pathWordSets(words);
  return out;
}

function nameFor(item: DiscoveredSource): string {
  if (item.path === '-') return 'stdin';
  return item.path !== item.input ? relative(item.input, item.path) : basename(item.path);
}

async function tagFile(path: string, name: string, ctx: Context): Promise<TaggedChangeset> {
  const format = formatForPath(path);
  // PRAXI_NO_FAST_PARSE=1 (no native fast parser) sends every file through the `yaml` library here too.
  if (format === 'yaml' && nativeFastParser() !== null) {
    let r: Awaited<ReturnType<ReturnType<typeof native>['tagFile']>>;
    try {
      r = await native().tagFile(path, {threshold: ctx.threshold, filter: ctx.filter, words: ctx.words});
    } catch (err) {
      const code = errorCode(err);
      if (code === 'INPUT_NOT_FOUND' || code === 'INPUT_UNREADABLE' || code === 'CHANGESET_ENCODING') {
        throw new InputError(code, path, errorMessage(err).replace(`${path}: `, ''));
      }
      throw err;
    }
    if (!('fallback' in r)) {
      const out: TaggedChangeset = {source: path, name, changes: r.changes, tags: new TagSet(r.tags)};
      if (r.words) out.words = pathWordSets(r.words);
      if (r.label !== undefined) out.label = r.label;
      if (r.labels !== undefined) out.labels = r.labels;
      if (r.id !== undefined) out.id = r.id;
      return out;
    }
    return tagChangeset(parseChangeset(r.bytes, path, {format: 'yaml'}), name, ctx);
  }
  return tagChangeset(parseChangeset(await readInputFile(path), path, {format}), name, ctx);
}

async function fromTagFile(path: string, name: string): Promise<TaggedChangeset> {
  const f = await readTagFile(path);
  const tags = TagSet.fromEntries(f.tags.map((entry) => {
    const {tag, count} = splitTag(entry)!;
    return [tag, count] as const;
  }));
  const out: TaggedChangeset = {source: path, name, changes: 0, tags};
  if (f.label !== undefined) out.label = f.label;
  if (f.labels !== undefined) out.labels = f.labels;
  if (f.id !== undefined) out.id = String(f.id);
  return out;
}

async function runJob(job: Job, ctx: Context): Promise<TagOutcome> {
  const {item} = job;
  if (item.type === 'error') return {ok: false, error: item.error};
  if (item.type === 'layer') {
    const {image, index, name} = item;
    try {
      const cs = index === 'squash' ? await image.readSquashed() : await image.readLayer(index);
      return {ok: true, value: await tagChangeset(cs, name, ctx)};
    } catch (err) {
      return toFailure(err, `${image.source}#${index}`);
    }
  }
  const source = item.type === 'tree' ? `tree:${item.dir}` : item.path;
  try {
    if (item.type === 'tree') {
      return {ok: true, value: await tagChangeset(await changesetFromTree(item.dir), basename(item.dir) || 'tree', ctx)};
    }
    if (item.path === '-') {
      const bytes = await readStream(ctx.stdin ?? process.stdin);
      return {ok: true, value: await tagChangeset(parseChangesetFast(bytes, '-', {format: 'auto'}), 'stdin', ctx)};
    }
    if (item.kind === 'tagfile') return {ok: true, value: await fromTagFile(item.path, nameFor(item))};
    return {ok: true, value: await tagFile(item.path, nameFor(item), ctx)};
  } catch (err) {
    return toFailure(err, source);
  }
}

async function* jobs(
  inputs: readonly string[],
  trees: readonly string[],
  tagFiles: boolean,
  imageOptions: ImageOptions = {},
  select: (key: string) => boolean = () => true,
): AsyncGenerator<Job> {
  for await (const item of discoverInputs(inputs, {tagFiles})) {
    if (item.type === 'source' && !select(item.path)) continue;
    if (item.type === 'source' && item.kind === 'image') {
      // An image: one job per layer (or one for the squashed image), so layers are read in parallel.
      // The image readers load only when an image comes (a cold start without one skips them).
      const {layerName, openImage} = await import('./images/image.js');
      let image: ImageHandle;
      try {
        image = await openImage(item.path, imageOptions);
      } catch (err) {
        const error = err instanceof InputError ? err : new InputError('IMAGE_FORMAT', item.path, errorMessage(err), {cause: err});
        yield {item: {type: 'error', error}};
        continue;
      }
      if (imageOptions.squash) yield {item: {type: 'layer', image, index: 'squash', name: layerName(image.source, 'squash')}};
      else for (const ref of image.selected) yield {item: {type: 'layer', image, index: ref.index, name: layerName(image.source, ref.index)}};
      continue;
    }
    if (item.type === 'error' || item.kind === 'changeset' || tagFiles) {
      yield {item};
    } else {
      yield {item: {type: 'error', error: new InputError('CHANGESET_SHAPE', item.path, 'a .tag file holds tags, not changes; `praxi tag` needs changesets')}};
    }
  }
  for (const dir of trees) if (select(dir)) yield {item: {type: 'tree', dir}};
}

/** Tags every input; one bad input yields a failure outcome and the others go on. */
export async function* tagInputs(inputs: readonly string[], options: TagOptions = {}): AsyncGenerator<TagOutcome> {
  const threshold = options.threshold ?? 2;
  if (!Number.isInteger(threshold) || threshold < 0) {
    throw new PraxiError(`threshold must be a whole number >= 0, got ${threshold}`, 'USAGE_THRESHOLD');
  }
  const ctx: Context = {threshold, filter: await loadFilter(options.filter ?? 'praxi'), stdin: options.stdin, words: options.words ?? false};
  for await (const outcome of mapOrdered(jobs(inputs, options.trees ?? [], options.tagFiles ?? false, options.image, options.select), options.jobs ?? 4, (job) => runJob(job, ctx))) {
    step('input', outcome.ok ? outcome.value.source : outcome.error.code);
    yield outcome;
  }
}
