// Test images built from scratch in temporary folders: the same four layers written as a docker save
// tarball (legacy and OCI-style), an OCI layout (directory and tar, gzip and zstd layers) and a
// registry-v2 style directory.
import {mkdirSync, mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';

import {gzip, makeTar, sha256, zstd, type TarItem} from './tar-writer.js';

export type Compression = 'none' | 'gzip' | 'zstd';

export interface LayerSpec {
  items: TarItem[];
  createdBy: string;
}

export const NGINX_CMD = '/bin/sh -c apt-get update && apt-get install -y --no-install-recommends nginx=1.22.1-9 curl && rm -rf /var/lib/apt/lists/*';

/** base OS, an nginx install, a layer with whiteouts and an opaque dir, a hostile layer. */
export function standardLayers(): LayerSpec[] {
  return [
    {
      createdBy: '/bin/sh -c #(nop) ADD file:5d6b639e8b6bcc011ad2 in / ',
      items: [
        {name: './', type: 'dir'},
        {name: 'bin/', type: 'dir'},
        {name: 'bin/sh'},
        {name: 'etc/', type: 'dir'},
        {name: 'etc/passwd'},
        {name: 'etc/os-release'},
        {name: 'usr/', type: 'dir'},
        {name: 'usr/share/doc/base/copyright'},
        {name: 'usr/share/doc/base/changelog.gz'},
        {name: 'var/cache/apt/pkgcache.bin'},
        {name: 'var/lib/dpkg/status'},
      ],
    },
    {
      createdBy: NGINX_CMD,
      items: [
        {name: 'etc/', type: 'dir'},
        {name: 'etc/nginx/', type: 'dir'},
        {name: 'etc/nginx/nginx.conf'},
        {name: 'etc/nginx/mime.types'},
        {name: 'etc/nginx/sites-available/default'},
        {name: 'etc/nginx/sites-enabled/default', type: 'symlink', linkname: '../sites-available/default'},
        {name: 'usr/sbin/nginx'},
        {name: 'usr/bin/curl'},
        {name: 'usr/share/nginx/html/index.html'},
        {name: 'var/lib/dpkg/info/nginx.list'},
        {name: 'var/lib/dpkg/status'},
        {name: 'var/lib/dpkg/status-old', type: 'hardlink', linkname: 'var/lib/dpkg/status'},
      ],
    },
    {
      createdBy: '/bin/sh -c rm /etc/os-release /var/cache/apt -rf && mkdir -p /usr/share/doc/new',
      items: [
        {name: 'etc/.wh.os-release', data: ''},
        {name: 'usr/share/doc/', type: 'dir'},
        {name: 'usr/share/doc/.wh..wh..opq', data: ''},
        {name: 'usr/share/doc/new/README'},
        {name: 'var/.wh.cache', data: ''},
        {name: 'var/.wh..wh.plnk', type: 'dir'},
      ],
    },
    {
      createdBy: 'RUN |1 VERSION=2 /bin/sh -c pip install requests==2.31.0 "flask>=2" # buildkit',
      items: [
        {name: '../escape'},
        {name: '/abs/file'},
        {name: 'ok/../../x'},
        {name: 'ok/link', type: 'symlink', linkname: '/etc/shadow'},
        {name: 'ok/up', type: 'symlink', linkname: '../../../../root'},
        {name: './good/file'},
        {name: `deep/${'d'.repeat(120)}/gnu-long-name.py`},
        {name: `deep/${'p'.repeat(120)}/pax-long-name.py`, long: 'pax'},
        {name: 'usr/lib/python3/dist-packages/requests/__init__.py'},
        {name: 'dev/null', type: 'char'},
      ],
    },
  ];
}

/** The expected default-mode changes of standardLayers(), per layer. */
export const EXPECTED_FILES = [
  ['/bin/sh', '/etc/os-release', '/etc/passwd', '/usr/share/doc/base/changelog.gz', '/usr/share/doc/base/copyright', '/var/cache/apt/pkgcache.bin', '/var/lib/dpkg/status'],
  ['/etc/nginx/mime.types', '/etc/nginx/nginx.conf', '/etc/nginx/sites-available/default', '/etc/nginx/sites-enabled/default', '/usr/bin/curl', '/usr/sbin/nginx',
    '/usr/share/nginx/html/index.html', '/var/lib/dpkg/info/nginx.list', '/var/lib/dpkg/status', '/var/lib/dpkg/status-old'],
  ['/usr/share/doc/new/README'],
  [`/deep/${'d'.repeat(120)}/gnu-long-name.py`, `/deep/${'p'.repeat(120)}/pax-long-name.py`, '/dev/null', '/good/file', '/ok/link', '/ok/up',
    '/usr/lib/python3/dist-packages/requests/__init__.py'],
];

interface Built {
  tars: Buffer[];
  blobs: Buffer[];
  config: Buffer;
}

function build(layers: LayerSpec[], compressions: Compression[]): Built {
  const tars = layers.map((l) => makeTar(l.items));
  const blobs = tars.map((t, i) => {
    const c = compressions[i % compressions.length];
    return c === 'gzip' ? gzip(t) : c === 'zstd' ? zstd(t) : t;
  });
  // Empty layers interleaved, as Dockerfiles make them (ENV, CMD, ...): pairing must skip them.
  const history: object[] = [];
  layers.forEach((l, i) => {
    history.push({created: '2024-01-01T00:00:00Z', created_by: l.createdBy});
    history.push({created: '2024-01-01T00:00:00Z', created_by: `/bin/sh -c #(nop)  ENV STEP=${i}`, empty_layer: true});
  });
  const config = Buffer.from(JSON.stringify({
    architecture: 'amd64',
    os: 'linux',
    config: {Cmd: ['nginx']},
    rootfs: {type: 'layers', diff_ids: tars.map((t) => sha256(t))},
    history,
  }));
  return {tars, blobs, config};
}

function hex(digest: string): string {
  return digest.slice('sha256:'.length);
}

const LAYER_TYPES: Record<Compression, string> = {
  none: 'application/vnd.oci.image.layer.v1.tar',
  gzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
  zstd: 'application/vnd.oci.image.layer.v1.tar+zstd',
};

function manifestFor(b: Built, compressions: Compression[]): Buffer {
  return Buffer.from(JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: {mediaType: 'application/vnd.oci.image.config.v1+json', digest: sha256(b.config), size: b.config.length},
    layers: b.blobs.map((blob, i) => ({mediaType: LAYER_TYPES[compressions[i % compressions.length]!], digest: sha256(blob), size: blob.length})),
  }));
}

export function tmp(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `praxi-${prefix}-`));
}

/** `docker save` as docker < 25 wrote it: `<id>/layer.tar`, config, manifest.json, in lexical order. */
export function dockerSaveLegacy(layers: LayerSpec[], dir = tmp('save')): string {
  const b = build(layers, ['none']);
  const ids = b.tars.map((t, i) => hex(sha256(`${i}:${hex(sha256(t))}`)));
  const configName = `${hex(sha256(b.config))}.json`;
  const manifest = JSON.stringify([{Config: configName, RepoTags: ['web:latest'], Layers: ids.map((id) => `${id}/layer.tar`)}]);
  const items: TarItem[] = [];
  const order = ids.map((id, i) => [id, i] as const).sort((x, y) => (x[0] < y[0] ? -1 : 1));
  for (const [id, i] of order) {
    items.push({name: `${id}/`, type: 'dir'}, {name: `${id}/VERSION`, data: '1.0'}, {name: `${id}/json`, data: '{}'}, {name: `${id}/layer.tar`, data: b.tars[i]});
  }
  items.push({name: configName, data: b.config}, {name: 'manifest.json', data: manifest}, {name: 'repositories', data: '{}'});
  const path = join(dir, 'web.tar');
  writeFileSync(path, makeTar(items));
  return path;
}

/** An OCI image layout (what docker >= 25 `docker save` writes too, plus its manifest.json). */
export function ociItems(layers: LayerSpec[], compressions: Compression[], options: {dockerManifest?: boolean; multiPlatform?: boolean} = {}): TarItem[] {
  const b = build(layers, compressions);
  const manifest = manifestFor(b, compressions);
  const blobs = new Map<string, Buffer>([[sha256(b.config), b.config], [sha256(manifest), manifest]]);
  b.blobs.forEach((blob) => blobs.set(sha256(blob), blob));
  let top: object = {mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: sha256(manifest), size: manifest.length,
    annotations: {'org.opencontainers.image.ref.name': 'latest'}};
  if (options.multiPlatform) {
    // An arm64 manifest (its blobs left out: never read) and a BuildKit attestation beside amd64.
    const nested = Buffer.from(JSON.stringify({schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: [
      {mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: sha256('arm'), size: 3, platform: {os: 'linux', architecture: 'arm64', variant: 'v8'}},
      {...top, platform: {os: 'linux', architecture: 'amd64'}},
      {mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: sha256('att'), size: 3, platform: {os: 'unknown', architecture: 'unknown'},
        annotations: {'vnd.docker.reference.type': 'attestation-manifest'}},
    ]}));
    blobs.set(sha256(nested), nested);
    top = {mediaType: 'application/vnd.oci.image.index.v1+json', digest: sha256(nested), size: nested.length};
  }
  const items: TarItem[] = [{name: 'blobs/', type: 'dir'}, {name: 'blobs/sha256/', type: 'dir'}];
  for (const [d, data] of [...blobs].sort()) items.push({name: `blobs/sha256/${hex(d)}`, data});
  items.push({name: 'index.json', data: JSON.stringify({schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: [top]})});
  if (options.dockerManifest) {
    items.push({name: 'manifest.json', data: JSON.stringify([{Config: `blobs/sha256/${hex(sha256(b.config))}`, RepoTags: ['web:latest'],
      Layers: b.blobs.map((blob) => `blobs/sha256/${hex(sha256(blob))}`)}])});
  }
  items.push({name: 'oci-layout', data: '{"imageLayoutVersion":"1.0.0"}'});
  return items;
}

export function writeItems(dir: string, items: TarItem[]): string {
  for (const it of items) {
    const p = join(dir, it.name);
    if (it.type === 'dir') mkdirSync(p, {recursive: true});
    else writeFileSync(p, it.data ?? '');
  }
  return dir;
}

export function ociDir(layers: LayerSpec[], compressions: Compression[], options: {multiPlatform?: boolean} = {}): string {
  return writeItems(tmp('oci'), ociItems(layers, compressions, options));
}

export function ociTar(layers: LayerSpec[], compressions: Compression[], options: {dockerManifest?: boolean; gzipOuter?: boolean; multiPlatform?: boolean} = {}): string {
  const tar = makeTar(ociItems(layers, compressions, options));
  const path = join(tmp('ocitar'), options.gzipOuter ? 'image.tar.gz' : 'image.tar');
  writeFileSync(path, options.gzipOuter ? gzip(tar) : tar);
  return path;
}

/** What the later Praxi pipeline downloaded: manifest.json (registry schema 2), `<hex>.json`, `<hex>.tar.gz`. */
export function registryDir(layers: LayerSpec[], compressions: Compression[] = ['gzip']): string {
  const b = build(layers, compressions);
  const dir = tmp('registry');
  const manifest = JSON.parse(manifestFor(b, compressions).toString()) as {mediaType: string; layers: Array<{mediaType: string}>};
  manifest.mediaType = 'application/vnd.docker.distribution.manifest.v2+json';
  for (const l of manifest.layers) l.mediaType = 'application/vnd.docker.image.rootfs.diff.tar.gzip'; // what registries say, whatever the bytes
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
  writeFileSync(join(dir, `${hex(sha256(b.config))}.json`), b.config);
  b.blobs.forEach((blob) => writeFileSync(join(dir, `${hex(sha256(blob))}.tar.gz`), blob));
  return dir;
}

export function layerDigests(layers: LayerSpec[], compressions: Compression[]): string[] {
  return build(layers, compressions).blobs.map((b) => sha256(b));
}
