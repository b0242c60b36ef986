// Image layers: praxi's streaming layer reader (tar headers, data skipped, gzip via node:zlib, zstd
// via fzstd) against GNU tar listing the same file (`tar -tf`, `tar -tzf`, `tar --zstd -tf`), timed
// in this run on one generated layer: 200k members, ~350 MB uncompressed, small-ish file data.
// praxi runs in a child process so its peak RSS is its own; tar's comes from /usr/bin/time.
import {execFileSync, spawnSync} from 'node:child_process';
import {closeSync, existsSync, mkdtempSync, openSync, rmSync, statSync, writeSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';

import {fmt, projectRoot} from './lib.js';

const MEMBERS = Number(process.env.PRAXI_BENCH_LAYER_MEMBERS ?? 200_000);
const RUNS = 3;

function octal(buf, off, len, value) {
  buf.write(`${value.toString(8).padStart(len - 1, '0')}\0`, off, len, 'latin1');
}

function header(name, size, flag) {
  const h = Buffer.alloc(512);
  h.write(name, 0, 100, 'utf8');
  octal(h, 100, 8, flag === '5' ? 0o755 : 0o644);
  octal(h, 108, 8, 0);
  octal(h, 116, 8, 0);
  octal(h, 124, 12, size);
  octal(h, 136, 12, 1_700_000_000);
  h.write('        ', 148, 8, 'latin1');
  h.write(flag, 156, 1, 'latin1');
  h.write('ustar\0', 257, 6, 'latin1');
  h.write('00', 263, 2, 'latin1');
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8, 'latin1');
  return h;
}

/** A layer-like tar: directories of a package tree, files of 0..3 KB of semi-random text. */
function writeLayer(path) {
  let seed = 12345;
  const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
  // Text-like data: words from a small vocabulary, so gzip and zstd compress it as they would code.
  const words = Array.from({length: 4096}, () => Array.from({length: 2 + Math.floor(rand() * 8)}, () => String.fromCharCode(97 + Math.floor(rand() * 26))).join(''));
  const chunks = [];
  let len = 0;
  while (len < 8 << 20) {
    const w = `${words[Math.floor(rand() * words.length)]}${rand() < 0.1 ? '\n' : ' '}`;
    chunks.push(w);
    len += w.length;
  }
  const pool = Buffer.from(chunks.join(''));
  const fd = openSync(path, 'w');
  const parts = [];
  let pending = 0;
  const flush = () => {
    writeSync(fd, Buffer.concat(parts));
    parts.length = 0;
    pending = 0;
  };
  let members = 0;
  for (let d = 0; members < MEMBERS; d++) {
    const dir = `usr/lib/pkg${d % 97}/module${d}/`;
    parts.push(header(dir, 0, '5'));
    members++;
    for (let f = 0; f < 40 && members < MEMBERS; f++, members++) {
      const size = Math.floor(rand() * 3072);
      const at = Math.floor(rand() * (pool.length - size));
      parts.push(header(`${dir}file${f}.${['py', 'so', 'h', 'txt', 'json'][f % 5]}`, size, '0'), pool.subarray(at, at + size));
      const pad = (512 - (size % 512)) % 512;
      if (pad) parts.push(Buffer.alloc(pad));
      pending += 512 + size + pad;
      if (pending > 8 << 20) flush();
    }
  }
  parts.push(Buffer.alloc(1024));
  flush();
  closeSync(fd);
  return members;
}

const CHILD = `
import {statSync} from 'node:fs';
const {readLayerChanges} = await import(process.argv[1]);
const t0 = process.hrtime.bigint();
// A file region, as layers in directories and uncompressed archives are read: plain tars are seeked.
const r = await readLayerChanges({file: process.argv[2], start: 0, end: statSync(process.argv[2]).size}, 'bench');
const s = Number(process.hrtime.bigint() - t0) / 1e9;
console.log(JSON.stringify({seconds: s, members: r.members, changes: r.changes.length, tarBytes: r.tarBytes, bytes: r.bytes, maxRssKb: process.resourceUsage().maxRSS}));
`;

function praxiOnce(file) {
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', CHILD, join(projectRoot, 'dist/images/index.js'), file], {encoding: 'utf8', maxBuffer: 1 << 26});
  return JSON.parse(out);
}

function tarOnce(args, file) {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', 'tar', ...args, file], {stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8'});
  if (r.status !== 0) throw new Error(`tar ${args.join(' ')} failed: ${r.stderr}`);
  const [secs, kb] = r.stderr.trim().split('\n').pop().split(' ').map(Number);
  return {seconds: secs, maxRssKb: kb};
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function measure(label, file, tarArgs, uncompressed) {
  praxiOnce(file); // warm the page cache
  const p = Array.from({length: RUNS}, () => praxiOnce(file));
  const t = Array.from({length: RUNS}, () => tarOnce(tarArgs, file));
  const ps = median(p.map((x) => x.seconds));
  const ts = median(t.map((x) => x.seconds));
  const size = statSync(file).size;
  const row = {
    file_mb: size / 1e6,
    members: p[0].members,
    praxi_seconds: ps,
    praxi_mb_per_s_compressed: size / 1e6 / ps,
    praxi_mb_per_s_uncompressed: uncompressed / 1e6 / ps,
    praxi_members_per_s: p[0].members / ps,
    praxi_peak_rss_mb: Math.max(...p.map((x) => x.maxRssKb)) / 1024,
    tar_command: `tar ${tarArgs.join(' ')}`,
    tar_seconds: ts,
    tar_members_per_s: p[0].members / ts,
    tar_peak_rss_mb: Math.max(...t.map((x) => x.maxRssKb)) / 1024,
    ratio_praxi_speed_vs_tar: ts / ps,
  };
  console.log(`${label}: ${fmt(row.file_mb, 1)} MB file, praxi ${fmt(ps, 2)} s = ${fmt(row.praxi_mb_per_s_compressed, 0)} MB/s read, ` +
    `${fmt(row.praxi_mb_per_s_uncompressed, 0)} MB/s of tar, ${fmt(row.praxi_members_per_s)} members/s, peak RSS ${fmt(row.praxi_peak_rss_mb, 0)} MB; ` +
    `${row.tar_command} ${fmt(ts, 2)} s (RSS ${fmt(row.tar_peak_rss_mb, 0)} MB) -> praxi at ${fmt(row.ratio_praxi_speed_vs_tar, 2)}x tar's speed`);
  return row;
}

export async function run() {
  const dir = mkdtempSync(join(tmpdir(), 'praxi-bench-images-'));
  try {
    const tar = join(dir, 'layer.tar');
    const members = writeLayer(tar);
    const uncompressed = statSync(tar).size;
    execFileSync('sh', ['-c', `gzip -6 -c '${tar}' > '${tar}.gz'`]);
    const hasZstd = spawnSync('zstd', ['--version']).status === 0;
    if (hasZstd) execFileSync('zstd', ['-q', '-3', '-T2', tar, '-o', `${tar}.zst`]);
    console.log(`layer: ${fmt(members)} members, ${fmt(uncompressed / 1e6, 0)} MB uncompressed`);
    const r = {
      layer: {members, uncompressed_mb: uncompressed / 1e6},
      plain: measure('plain tar', tar, ['-tf'], uncompressed),
      gzip: measure('gzip', `${tar}.gz`, ['-tzf'], uncompressed),
      ...(hasZstd ? {zstd: measure('zstd', `${tar}.zst`, ['--zstd', '-tf'], uncompressed)} : {zstd: 'skipped: no zstd CLI'}),
      notes: 'praxi timed inside its process (excludes Node start-up, ~0.1 s); tar timed by /usr/bin/time (whole process). ' +
        'ratio_praxi_speed_vs_tar > 1 means praxi is faster. Peak RSS of praxi includes the Node runtime (~45 MB) and the 200k names.',
    };
    return r;
  } finally {
    if (existsSync(dir)) rmSync(dir, {recursive: true, force: true});
  }
}
