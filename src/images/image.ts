// An image as changesets: one per layer (bottom first), or one for the squashed filesystem.
//
// Numbering is 1-based everywhere: `image.tar#1` is the bottom layer, `meta.layer_index` is 1 for
// it, and `baseLayer: N` means "the first N layers are the base": only layers N+1.. are returned
// (with `squash`, the changes of the final filesystem against the filesystem after layer N).
import {basename} from 'node:path';

import type {Changeset} from '../changesets/types.js';
import {InputError} from '../changesets/types.js';
import {openContainer, type Container} from './container.js';
import {labelsFromCreatedBy} from './history.js';
import {readLayerChanges, scanLayer, type LayerChanges, type LayerEvent, type LayerInput, type LayerNames, type LayerScan} from './layer.js';
import {readLayout, type ImageFormat, type ImageLayout, type LayerRef} from './layout.js';
import {OverlayTree} from './squash.js';
import type {TarLimits} from './tar.js';

export interface ImageOptions extends TarLimits {
  /** `files` (default): normalised absolute paths of non-directories; `compat`: raw tar member names. */
  names?: LayerNames;
  /** One changeset for the final filesystem instead of one per layer. */
  squash?: boolean;
  /** The first N layers are the base; only later layers are returned (default 0). */
  baseLayer?: number;
  /** Put the packages a layer's `created_by` installs in `labels` (see history.ts). */
  labelsFromHistory?: boolean;
  /** `os/arch[/variant]` to pick from a multi-platform index (default linux/amd64 or the only one). */
  platform?: string;
}

export interface ImageHandle {
  source: string;
  format: ImageFormat;
  layers: LayerRef[];
  /** The layers the options select (after `baseLayer`). */
  selected: LayerRef[];
  refs: string[];
  platform?: string;
  warnings: string[];
  /** One layer's changeset (1-based index). */
  readLayer(index: number): Promise<Changeset>;
  /** The squashed changeset (relative to `baseLayer`). */
  readSquashed(): Promise<Changeset>;
  /** What the options ask for, in order: the selected layers, or the one squashed changeset. */
  changesets(): AsyncGenerator<Changeset>;
}

/** `image.tar#3`, `image.tar#squash`. */
export function layerSource(image: string, index: number | 'squash'): string {
  return `${image}#${index}`;
}

/** File-name-safe name of a layer changeset, for `--out` (`image.tar#3`). */
export function layerName(image: string, index: number | 'squash'): string {
  return `${basename(image.replace(/\/+$/, '')) || 'image'}#${index}`;
}

function checkOptions(o: ImageOptions, layout: ImageLayout, source: string): number {
  const base = o.baseLayer ?? 0;
  if (!Number.isInteger(base) || base < 0) throw new InputError('IMAGE_FORMAT', source, `base layer must be a whole number >= 0, got ${base}`);
  if (base > layout.layers.length) {
    throw new InputError('IMAGE_FORMAT', source, `base layer ${base} is past the image's ${layout.layers.length} layers`);
  }
  return base;
}

function layerMeta(h: {source: string; format: ImageFormat; layout: ImageLayout}, ref: LayerRef, r: LayerChanges, names: LayerNames): Record<string, unknown> {
  const meta: Record<string, unknown> = {
    format: 'image-layer',
    image: h.source,
    image_format: h.format,
    layer_index: ref.index,
    layer_count: h.layout.layers.length,
    names,
    compression: r.compression,
    members: r.members,
    deleted: r.deleted,
    opaque: r.opaque,
  };
  if (ref.digest) meta.layer_digest = ref.digest;
  if (ref.diffId) meta.diff_id = ref.diffId;
  if (ref.mediaType) meta.media_type = ref.mediaType;
  if (ref.history?.created_by !== undefined) meta.created_by = ref.history.created_by;
  if (ref.history?.created !== undefined) meta.created = ref.history.created;
  if (ref.history?.comment !== undefined) meta.comment = ref.history.comment;
  const warnings = [...h.layout.warnings, ...r.warnings];
  if (warnings.length > 0) {
    meta.warnings = warnings;
    meta.warningCount = h.layout.warnings.length + r.warningCount;
  }
  return meta;
}

/** A random-access container's layer: a file region when it can say where, else a stream. */
async function layerInput(c: Container, ref: LayerRef): Promise<LayerInput> {
  return c.region ? c.region(ref.path) : c.stream(ref.path);
}

/** Runs `fn` over the named layers: directly when the container seeks, else in one archive pass. */
async function eachLayer<T>(c: Container, refs: LayerRef[], fn: (ref: LayerRef, data: LayerInput) => Promise<T>): Promise<Map<number, T>> {
  const out = new Map<number, T>();
  if (!c.forEach) {
    for (const ref of refs) out.set(ref.index, await fn(ref, await layerInput(c, ref)));
    return out;
  }
  const byPath = new Map<string, LayerRef[]>();
  for (const ref of refs) byPath.set(ref.path, [...(byPath.get(ref.path) ?? []), ref]);
  await c.forEach(new Set(byPath.keys()), async (path, data) => {
    const list = byPath.get(path)!;
    const first = await fn(list[0]!, data);
    for (const ref of list) out.set(ref.index, first);
  });
  return out;
}

/** Opens an image (a docker save tar, an OCI layout directory or tar, a registry-v2 directory). */
export async function openImage(path: string, options: ImageOptions = {}): Promise<ImageHandle> {
  const container = await openContainer(path, options);
  const layout = await readLayout(container, options.platform ? {platform: options.platform} : {});
  const base = checkOptions(options, layout, path);
  const names = options.names ?? 'files';
  const h = {source: path, format: layout.format, layout};
  const selected = layout.layers.filter((l) => l.index > base);
  let preloaded: Promise<Map<number, LayerChanges>> | undefined;

  const read = (ref: LayerRef, data: LayerInput): Promise<LayerChanges> =>
    readLayerChanges(data, layerSource(path, ref.index), {...options, names});

  const toChangeset = (ref: LayerRef, r: LayerChanges): Changeset => {
    const cs: Changeset = {source: layerSource(path, ref.index), changes: r.changes, meta: layerMeta(h, ref, r, names)};
    const labels = options.labelsFromHistory ? labelsFromCreatedBy(ref.history?.created_by) : undefined;
    if (labels) cs.labels = labels;
    return cs;
  };

  const handle: ImageHandle = {
    source: path,
    format: layout.format,
    layers: layout.layers,
    selected,
    refs: layout.refs,
    warnings: layout.warnings,
    ...(layout.platform ? {platform: layout.platform} : {}),

    async readLayer(index: number): Promise<Changeset> {
      const ref = layout.layers[index - 1];
      if (!ref) throw new InputError('IMAGE_FORMAT', path, `no layer ${index} (the image has ${layout.layers.length})`);
      if (!container.forEach) return toChangeset(ref, await read(ref, await layerInput(container, ref)));
      // A compressed archive: one pass reads every selected layer, then each is served from memory.
      const all = selected.some((l) => l.index === index) ? (preloaded ??= eachLayer(container, selected, read)) : eachLayer(container, [ref], read);
      return toChangeset(ref, (await all).get(index)!);
    },

    async readSquashed(): Promise<Changeset> {
      const tree = new OverlayTree();
      let baseFiles: string[] = [];
      const scans: LayerScan[] = [];
      const apply = (ref: LayerRef, events: LayerEvent[]): void => {
        tree.apply(ref.index, events);
        if (ref.index === base) baseFiles = tree.files().map((f) => f.path);
      };
      const collect = async (ref: LayerRef, data: LayerInput): Promise<LayerEvent[]> => {
        const events: LayerEvent[] = [];
        scans.push(await scanLayer(data, layerSource(path, ref.index), (e) => events.push(e), options));
        return events;
      };
      if (container.forEach) {
        const all = await eachLayer(container, layout.layers, collect);
        for (const ref of layout.layers) apply(ref, all.get(ref.index)!);
      } else {
        for (const ref of layout.layers) apply(ref, await collect(ref, await layerInput(container, ref)));
      }
      const files = tree.files();
      const changes = files.filter((f) => f.layer > base).map((f) => f.path);
      const deleted = baseFiles.filter((p) => !tree.hasFile(p));
      const warnings = [...layout.warnings, ...scans.flatMap((s) => s.warnings)];
      const meta: Record<string, unknown> = {
        format: 'image-squash',
        image: path,
        image_format: layout.format,
        layer_count: layout.layers.length,
        base_layer: base,
        members: scans.reduce((n, s) => n + s.members, 0),
        deleted,
        ...(warnings.length > 0 ? {warnings} : {}),
      };
      const cs: Changeset = {source: layerSource(path, 'squash'), changes, meta};
      if (options.labelsFromHistory) {
        const labels = [...new Set(selected.flatMap((l) => labelsFromCreatedBy(l.history?.created_by) ?? []))];
        if (labels.length > 0) cs.labels = labels;
      }
      return cs;
    },

    async *changesets(): AsyncGenerator<Changeset> {
      if (options.squash) {
        yield await handle.readSquashed();
        return;
      }
      for (const ref of selected) yield await handle.readLayer(ref.index);
    },
  };
  return handle;
}

/** Every changeset of the image at `path`, as `options` ask (see ImageOptions). */
export async function* readImage(path: string, options: ImageOptions = {}): AsyncGenerator<Changeset> {
  yield* (await openImage(path, options)).changesets();
}
