// Image metadata: which layout a container holds, its manifest, config and ordered layers.
//
// Layouts (docs/images.md):
// - docker save: `manifest.json` = `[{"Config": path, "Layers": [path, ...], "RepoTags": [...]}]`;
//   layers are `<id>/layer.tar` (docker < 25) or `blobs/sha256/<hex>` (docker >= 25, which also
//   writes an OCI layout beside it; manifest.json is preferred then, it names the layers directly).
// - OCI image layout: `oci-layout` + `index.json` → a manifest, possibly through nested indexes
//   (multi-platform: the requested platform, else linux/amd64, else the only one) → config + layers,
//   all as `blobs/<alg>/<hex>`.
// - registry-v2 style directory (what the later Praxi pipeline downloaded): `manifest.json` is a
//   registry manifest (`schemaVersion: 2`, `config`, `layers` descriptors); blobs are files named
//   after their digest (see blobCandidates).
import {InputError} from '../changesets/types.js';
import type {Container} from './container.js';

export type ImageFormat = 'docker-save' | 'oci' | 'registry-v2';

export interface HistoryEntry {
  created_by?: string;
  created?: string;
  comment?: string;
}

export interface LayerRef {
  /** 1-based position, bottom layer first. */
  index: number;
  /** Path of the layer blob inside the container. */
  path: string;
  /** Digest of the blob as stored (compressed for registries; the diff_id for docker-save tars). */
  digest?: string;
  /** Digest of the uncompressed tar (config `rootfs.diff_ids`). */
  diffId?: string;
  mediaType?: string;
  /** Blob size from the descriptor, when given. */
  size?: number;
  /** The config `history` entry that made this layer (non-`empty_layer` entries, in order). */
  history?: HistoryEntry;
}

export interface ImageLayout {
  format: ImageFormat;
  layers: LayerRef[];
  config: Record<string, unknown>;
  /** Tags / reference names recorded in the image. */
  refs: string[];
  /** `os/arch[/variant]` from the config. */
  platform?: string;
  warnings: string[];
}

interface Descriptor {
  mediaType?: string;
  digest: string;
  size?: number;
  platform?: {os?: string; architecture?: string; variant?: string};
  annotations?: Record<string, string>;
}

const INDEX_TYPES = new Set(['application/vnd.oci.image.index.v1+json', 'application/vnd.docker.distribution.manifest.list.v2+json']);
const DIGEST = /^(sha256:[0-9a-f]{64}|sha512:[0-9a-f]{128})$/;

type Json = Record<string, unknown>;

function fail(source: string, detail: string): InputError {
  return new InputError('IMAGE_FORMAT', source, detail);
}

async function readJson(c: Container, path: string, what: string): Promise<unknown> {
  const bytes = await c.readSmall(path);
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch (err) {
    throw new InputError('IMAGE_FORMAT', c.source, `${what} (${path}) is not valid JSON`, {cause: err});
  }
}

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function descriptor(v: unknown, source: string, what: string): Descriptor {
  if (!isObject(v) || typeof v.digest !== 'string' || !DIGEST.test(v.digest)) {
    throw fail(source, `${what} has no valid digest (sha256/sha512)`);
  }
  return v as unknown as Descriptor;
}

function blobPath(digest: string): string {
  const [alg, hex] = digest.split(':');
  return `blobs/${alg}/${hex}`;
}

/** Where a registry-v2 style directory may keep the blob `digest` (first match wins). */
export function blobCandidates(digest: string): string[] {
  const [alg, hex] = digest.split(':') as [string, string];
  const stems = [`blobs/${alg}/${hex}`, hex, `${alg}:${hex}`, `${alg}_${hex}`, `${alg}-${hex}`];
  const suffixes = ['', '.tar', '.tar.gz', '.tgz', '.tar.zst', '.json', '.gz', '.zst'];
  return stems.flatMap((s) => suffixes.map((x) => s + x));
}

function platformOf(d: Descriptor): string | undefined {
  const p = d.platform;
  if (!p?.os || !p.architecture) return undefined;
  return [p.os, p.architecture, p.variant].filter(Boolean).join('/');
}

function matchesPlatform(d: Descriptor, wanted: string): boolean {
  const have = platformOf(d);
  if (!have) return false;
  const w = wanted.split('/');
  const h = have.split('/');
  return w[0] === h[0] && w[1] === h[1] && (w[2] === undefined || w[2] === h[2]);
}

/** One manifest out of an index's list (see the header comment for the rule). */
export function choosePlatform(list: Descriptor[], wanted: string | undefined, source: string): Descriptor {
  // Attestations (BuildKit provenance/SBOM) sit beside the platforms as unknown/unknown manifests.
  const images = list.filter((d) => d.annotations?.['vnd.docker.reference.type'] !== 'attestation-manifest' && platformOf(d) !== 'unknown/unknown');
  const available = images.map((d) => platformOf(d) ?? d.annotations?.['org.opencontainers.image.ref.name'] ?? d.digest).join(', ');
  if (wanted) {
    const hit = images.find((d) => matchesPlatform(d, wanted)) ??
      // One entry without a platform (e.g. a nested index): the choice is made further down.
      (images.length === 1 && !platformOf(images[0]!) ? images[0] : undefined);
    if (!hit) throw new InputError('IMAGE_PLATFORM', source, `no ${wanted} image in the index (available: ${available || 'none'})`);
    return hit;
  }
  if (images.length === 1) return images[0]!;
  const amd64 = images.find((d) => matchesPlatform(d, 'linux/amd64'));
  if (amd64) return amd64;
  if (images.length === 0) throw fail(source, 'the index lists no image manifest');
  throw new InputError('IMAGE_PLATFORM', source, `the index lists ${images.length} images (${available}); choose one with the platform option`);
}

function pairHistory(layers: LayerRef[], config: Json, warnings: string[]): void {
  const history = Array.isArray(config.history) ? config.history.filter(isObject) : [];
  const made = history.filter((h) => h.empty_layer !== true);
  if (history.length > 0 && made.length !== layers.length) {
    warnings.push(`the config history has ${made.length} layer-making entries for ${layers.length} layers; paired in order`);
  }
  layers.forEach((layer, i) => {
    const h = made[i];
    if (!h) return;
    const entry: HistoryEntry = {};
    for (const k of ['created_by', 'created', 'comment'] as const) if (typeof h[k] === 'string') entry[k] = h[k] as string;
    layer.history = entry;
  });
  const diffIds = isObject(config.rootfs) && Array.isArray(config.rootfs.diff_ids) ? config.rootfs.diff_ids : [];
  layers.forEach((layer, i) => {
    if (typeof diffIds[i] === 'string') layer.diffId = diffIds[i] as string;
  });
}

function configPlatform(config: Json): string | undefined {
  if (typeof config.os !== 'string' || typeof config.architecture !== 'string') return undefined;
  return [config.os, config.architecture, typeof config.variant === 'string' ? config.variant : undefined].filter(Boolean).join('/');
}

async function dockerSave(c: Container, manifest: unknown[]): Promise<ImageLayout> {
  if (manifest.length !== 1) throw fail(c.source, `manifest.json lists ${manifest.length} images; praxi reads archives of exactly one image`);
  const m = manifest[0];
  if (!isObject(m) || typeof m.Config !== 'string' || !Array.isArray(m.Layers) || !m.Layers.every((l) => typeof l === 'string')) {
    throw fail(c.source, 'manifest.json is not a docker save manifest ([{"Config", "Layers"}])');
  }
  const config = await readJson(c, m.Config, 'the image config');
  if (!isObject(config)) throw fail(c.source, `the image config (${m.Config}) is not a JSON object`);
  const layers: LayerRef[] = (m.Layers as string[]).map((path, i) => {
    const blob = /^blobs\/(sha256|sha512)\/([0-9a-f]+)$/.exec(path);
    return {index: i + 1, path, ...(blob ? {digest: `${blob[1]}:${blob[2]}`} : {})};
  });
  const warnings: string[] = [];
  pairHistory(layers, config, warnings);
  // Legacy layer.tar files are the uncompressed tars themselves: their digest is the diff_id.
  for (const l of layers) if (!l.digest && l.diffId) l.digest = l.diffId;
  const refs = Array.isArray(m.RepoTags) ? m.RepoTags.filter((t): t is string => typeof t === 'string') : [];
  const platform = configPlatform(config);
  return {format: 'docker-save', layers, config, refs, warnings, ...(platform ? {platform} : {})};
}

/** Follows index → (index →)* manifest, reading blobs through `find`. */
async function fromIndex(c: Container, start: Json, find: (d: string) => Promise<string>, platform: string | undefined): Promise<{manifest: Json; refs: string[]}> {
  let doc = start;
  const refs: string[] = [];
  for (let depth = 0; depth < 8; depth++) {
    if (Array.isArray(doc.layers)) return {manifest: doc, refs};
    if (!Array.isArray(doc.manifests)) throw fail(c.source, 'an index without `manifests` or a manifest without `layers`');
    const list = doc.manifests.map((d, i) => descriptor(d, c.source, `manifests[${i}]`));
    const chosen = choosePlatform(list, platform, c.source);
    const ref = chosen.annotations?.['org.opencontainers.image.ref.name'] ?? chosen.annotations?.['io.containerd.image.name'];
    if (ref) refs.push(ref);
    const next = await readJson(c, await find(chosen.digest), `manifest ${chosen.digest}`);
    if (!isObject(next)) throw fail(c.source, `manifest ${chosen.digest} is not a JSON object`);
    if (chosen.mediaType && !INDEX_TYPES.has(chosen.mediaType) && !Array.isArray(next.layers)) {
      throw fail(c.source, `manifest ${chosen.digest} has no layers`);
    }
    doc = next;
  }
  throw fail(c.source, 'indexes nested more than 8 deep');
}

async function fromManifest(c: Container, format: ImageFormat, manifest: Json, refs: string[], find: (d: string) => Promise<string>): Promise<ImageLayout> {
  const configDesc = descriptor(manifest.config, c.source, 'the manifest config');
  const config = await readJson(c, await find(configDesc.digest), 'the image config');
  if (!isObject(config)) throw fail(c.source, 'the image config is not a JSON object');
  const layers: LayerRef[] = [];
  for (const [i, raw] of (manifest.layers as unknown[]).entries()) {
    const d = descriptor(raw, c.source, `layers[${i}]`);
    if (d.mediaType && !/tar|rootfs/.test(d.mediaType)) {
      throw fail(c.source, `layers[${i}] has media type ${d.mediaType}, not a filesystem layer`);
    }
    layers.push({
      index: i + 1,
      path: await find(d.digest),
      digest: d.digest,
      ...(d.mediaType ? {mediaType: d.mediaType} : {}),
      ...(typeof d.size === 'number' ? {size: d.size} : {}),
    });
  }
  const warnings: string[] = [];
  pairHistory(layers, config, warnings);
  const platform = configPlatform(config);
  return {format, layers, config, refs, warnings, ...(platform ? {platform} : {})};
}

/** Reads the layout in `c`; IMAGE_FORMAT when it is none of the three, IMAGE_PLATFORM for a wrong platform. */
export async function readLayout(c: Container, options: {platform?: string} = {}): Promise<ImageLayout> {
  const layout = await readAnyLayout(c, options);
  const wanted = options.platform;
  if (wanted && layout.platform && !matchesPlatform({digest: '', platform: platformParts(layout.platform)}, wanted)) {
    throw new InputError('IMAGE_PLATFORM', c.source, `the image is ${layout.platform}, not ${wanted}`);
  }
  return layout;
}

function platformParts(p: string): Descriptor['platform'] {
  const [os, architecture, variant] = p.split('/');
  return {os, architecture, ...(variant ? {variant} : {})};
}

async function readAnyLayout(c: Container, options: {platform?: string}): Promise<ImageLayout> {
  if (await c.has('manifest.json')) {
    const manifest = await readJson(c, 'manifest.json', 'manifest.json');
    if (Array.isArray(manifest)) return dockerSave(c, manifest);
    if (isObject(manifest) && manifest.schemaVersion === 1) throw fail(c.source, 'manifest.json is a schema 1 manifest, which is not supported');
    if (isObject(manifest) && (Array.isArray(manifest.layers) || Array.isArray(manifest.manifests))) {
      const find = async (digest: string): Promise<string> => {
        for (const p of blobCandidates(digest)) if (await c.has(p)) return p;
        throw fail(c.source, `no file for blob ${digest} (looked for ${blobCandidates(digest).slice(0, 4).join(', ')}, ...)`);
      };
      const {manifest: m, refs} = await fromIndex(c, manifest, find, options.platform);
      return fromManifest(c, 'registry-v2', m, refs, find);
    }
    if (!(await c.has('index.json'))) throw fail(c.source, 'manifest.json is neither a docker save manifest nor a registry manifest');
  }
  if ((await c.has('oci-layout')) && (await c.has('index.json'))) {
    const layoutFile = await readJson(c, 'oci-layout', 'oci-layout');
    if (!isObject(layoutFile) || typeof layoutFile.imageLayoutVersion !== 'string') throw fail(c.source, 'oci-layout has no imageLayoutVersion');
    const index = await readJson(c, 'index.json', 'index.json');
    if (!isObject(index)) throw fail(c.source, 'index.json is not a JSON object');
    const find = async (digest: string): Promise<string> => {
      const p = blobPath(digest);
      if (!(await c.has(p))) throw fail(c.source, `blob ${digest} is missing (${p})`);
      return p;
    };
    const {manifest, refs} = await fromIndex(c, index, find, options.platform);
    return fromManifest(c, 'oci', manifest, refs, find);
  }
  throw fail(c.source, 'not an image: no manifest.json (docker save, registry-v2) and no oci-layout + index.json (OCI layout)');
}
