// Resource bounds (docs/reliability.md): peak RSS of `praxi tag` on
//  - a small input (the process's floor),
//  - a 100,000-file directory tree (`praxi tag --tree`),
//  - a multi-GB image layer: a registry-v2 directory whose one layer is a 3 GiB tar (one sparse
//    3 GiB member plus 50,000 small members), streamed, never held in memory.
// Peak RSS is the child's own getrusage maxrss (a preload writes it at exit), so native memory counts.
import {spawnSync} from 'node:child_process';
import {createHash} from 'node:crypto';
import {closeSync, ftruncateSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, writeSync, fstatSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {Readable} from 'node:stream';
import {pipeline} from 'node:stream/promises';
import {createGzip} from 'node:zlib';
import {createWriteStream} from 'node:fs';
import {join} from 'node:path';

import {fmt, projectRoot} from './lib.js';

const TREE_FILES = 100_000;
const LAYER_BIG_MEMBER = 3 * 1024 ** 3;
const LAYER_SMALL_MEMBERS = 50_000;
const GZIP_BIG_MEMBER = 2 * 1024 ** 3;

function measure(args, work) {
  const rssFile = join(work, `rss-${Math.random().toString(36).slice(2)}`);
  const preload = join(work, 'rss-preload.mjs');
  writeFileSync(preload, `import {writeFileSync} from 'node:fs';\nprocess.on('exit', () => writeFileSync(${JSON.stringify(rssFile)}, String(process.resourceUsage().maxRSS)));\n`);
  const started = performance.now();
  const r = spawnSync(process.execPath, ['--import', preload, join(projectRoot, 'bin', 'run.js'), ...args], {encoding: 'utf8', maxBuffer: 1 << 30});
  const seconds = (performance.now() - started) / 1000;
  if (r.status !== 0) throw new Error(`praxi ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  const peakRssMb = Number(readFileSync(rssFile, 'utf8')) / 1024;
  return {seconds: Number(seconds.toFixed(2)), peak_rss_mb: Number(peakRssMb.toFixed(1)), stdout_bytes: r.stdout.length};
}

function makeTree(dir) {
  // 1,000 directories of 100 files, two levels deep, like a mounted volume.
  for (let d = 0; d < TREE_FILES / 100; d++) {
    const sub = join(dir, `usr/share/pkg${d % 50}/dir${d}`);
    mkdirSync(sub, {recursive: true});
    for (let f = 0; f < 100; f++) writeFileSync(join(sub, `file-${f}.txt`), '');
  }
}

function tarHeader(name, size, flag = '0') {
  const h = Buffer.alloc(512);
  h.write(name, 0, 100, 'utf8');
  h.write('0000644\0', 100, 'latin1');
  h.write('0000000\0', 108, 'latin1');
  h.write('0000000\0', 116, 'latin1');
  h.write(`${size.toString(8).padStart(11, '0')}\0`, 124, 'latin1');
  h.write('00000000000\0', 136, 'latin1');
  h.write('        ', 148, 'latin1');
  h.write(flag, 156, 'latin1');
  h.write('ustar\0', 257, 'latin1');
  h.write('00', 263, 'latin1');
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
  return h;
}

/** A registry-v2 style image directory with one big layer; the big member's data is a sparse hole. */
function makeImage(dir) {
  const layer = join(dir, 'layer.tmp');
  const fd = openSync(layer, 'w');
  const batch = [];
  for (let i = 0; i < LAYER_SMALL_MEMBERS; i++) {
    batch.push(tarHeader(`usr/lib/pkg${i % 100}/mod${i}.py`, 0));
    if (batch.length === 1000) writeSync(fd, Buffer.concat(batch.splice(0)));
  }
  if (batch.length) writeSync(fd, Buffer.concat(batch));
  writeSync(fd, tarHeader('var/lib/big/blob.bin', LAYER_BIG_MEMBER));
  const at = fstatSync(fd).size;
  ftruncateSync(fd, at + LAYER_BIG_MEMBER); // a hole: no disk, reads as zeros
  writeSync(fd, tarHeader('usr/bin/after-the-big-one', 0), 0, 512, at + LAYER_BIG_MEMBER);
  writeSync(fd, Buffer.alloc(1024), 0, 1024, at + LAYER_BIG_MEMBER + 512);
  closeSync(fd);
  const size = fstatSync(openSync(layer, 'r')).size;
  const fake = (s) => createHash('sha256').update(s).digest('hex');
  const layerHex = fake('layer');
  const config = JSON.stringify({architecture: 'amd64', os: 'linux', rootfs: {type: 'layers', diff_ids: [`sha256:${layerHex}`]},
    history: [{created: '2024-01-01T00:00:00Z', created_by: '/bin/sh -c apt-get install -y big'}]});
  const configHex = createHash('sha256').update(config).digest('hex');
  writeFileSync(join(dir, `${configHex}.json`), config);
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify({schemaVersion: 2, mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
    config: {mediaType: 'application/vnd.docker.container.image.v1+json', digest: `sha256:${configHex}`, size: config.length},
    layers: [{mediaType: 'application/vnd.docker.image.rootfs.diff.tar', digest: `sha256:${layerHex}`, size}]}));
  spawnSync('mv', [layer, join(dir, `${layerHex}.tar.gz`)]);
  return {dir, bytes: size};
}

/** The same layout with a gzip layer whose 2 GiB member must really be decompressed (streamed). */
async function makeGzipImage(dir) {
  const layerHex = createHash('sha256').update('gzip-layer').digest('hex');
  const big = GZIP_BIG_MEMBER;
  async function* tar() {
    for (let i = 0; i < 1000; i++) yield tarHeader(`usr/share/doc/pkg${i}/README`, 0);
    yield tarHeader('var/lib/big/zeros.bin', big);
    const mib = Buffer.alloc(1 << 20);
    for (let left = big; left > 0; left -= mib.length) yield left >= mib.length ? mib : mib.subarray(0, left);
    yield tarHeader('usr/bin/after-the-big-one', 0);
    yield Buffer.alloc(1024);
  }
  const file = join(dir, `${layerHex}.tar.gz`);
  await pipeline(Readable.from(tar()), createGzip({level: 1}), createWriteStream(file));
  const size = fstatSync(openSync(file, 'r')).size;
  const config = JSON.stringify({architecture: 'amd64', os: 'linux', rootfs: {type: 'layers', diff_ids: [`sha256:${layerHex}`]},
    history: [{created: '2024-01-01T00:00:00Z', created_by: '/bin/sh -c make zeros'}]});
  const configHex = createHash('sha256').update(config).digest('hex');
  writeFileSync(join(dir, `${configHex}.json`), config);
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify({schemaVersion: 2, mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
    config: {mediaType: 'application/vnd.docker.container.image.v1+json', digest: `sha256:${configHex}`, size: config.length},
    layers: [{mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip', digest: `sha256:${layerHex}`, size}]}));
  return {dir, compressed_bytes: size, tar_bytes: big + 1002 * 512 + 1024};
}

export async function run() {
  const work = mkdtempSync(join(tmpdir(), 'praxi-bench-hardening-'));
  try {
    const small = join(work, 'small.yaml');
    writeFileSync(small, 'changes:\n- /usr/bin/tool\n- /usr/share/doc/tool/README\n');
    const floor = measure(['tag', small, '--threshold', '1'], work);
    console.log(`small input:          ${floor.seconds} s, peak RSS ${floor.peak_rss_mb} MB`);

    const tree = join(work, 'tree');
    makeTree(tree);
    const t = measure(['tag', '--tree', tree, '--threshold', '2'], work);
    console.log(`--tree ${fmt(TREE_FILES)} files:   ${t.seconds} s, peak RSS ${t.peak_rss_mb} MB`);

    const imageDir = join(work, 'image');
    mkdirSync(imageDir);
    const image = makeImage(imageDir);
    const l = measure(['tag', image.dir, '--threshold', '2'], work);
    console.log(`layer ${(image.bytes / 1024 ** 3).toFixed(2)} GiB (${fmt(LAYER_SMALL_MEMBERS + 2)} members): ${l.seconds} s, peak RSS ${l.peak_rss_mb} MB`);
    const gzDir = join(work, 'gzimage');
    mkdirSync(gzDir);
    const gz = await makeGzipImage(gzDir);
    const g = measure(['tag', gz.dir, '--threshold', '1'], work);
    console.log(`gzip layer ${(gz.tar_bytes / 1024 ** 3).toFixed(2)} GiB uncompressed: ${g.seconds} s, peak RSS ${g.peak_rss_mb} MB`);
    return {
      small_input: floor,
      gzip_layer: {tar_bytes: gz.tar_bytes, compressed_bytes: gz.compressed_bytes, ...g},
      tree: {files: TREE_FILES, ...t},
      layer: {bytes: image.bytes, members: LAYER_SMALL_MEMBERS + 2, ...l},
      limits: {
        changeset_file_bytes: '2 GiB (native tag_file: CHANGESET_TOO_LARGE)',
        tag_text_bytes_per_changeset: '256 MiB (Columbus kMaxTagTextBytes: CHANGESET_TOO_LARGE)',
        vw_line_bytes: '256 MiB (praxi vw -d: VW_PARSE)',
        tar_members: '2,000,000 (IMAGE_LIMIT)',
        tar_name_bytes: '4096 (IMAGE_LIMIT)',
        pax_header_bytes: '1 MiB (IMAGE_LIMIT)',
        zstd_window_bytes: '128 MiB (IMAGE_LIMIT)',
      },
    };
  } finally {
    rmSync(work, {recursive: true, force: true});
  }
}
