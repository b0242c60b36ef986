// A minimal tar writer for tests: ustar headers, GNU long names, pax path records, base-256 sizes,
// and deliberately hostile names, none of which a tar tool would let us write easily.
import {execFileSync} from 'node:child_process';
import {createHash} from 'node:crypto';
import {gzipSync} from 'node:zlib';

export interface TarItem {
  name: string;
  type?: 'file' | 'dir' | 'symlink' | 'hardlink' | 'char' | 'fifo';
  data?: string | Buffer;
  linkname?: string;
  mtime?: number;
  /** How a name longer than 100 bytes is written (default: GNU `././@LongLink`). */
  long?: 'gnu' | 'pax';
  /** Write the size field in base-256 (GNU) instead of octal. */
  base256?: boolean;
}

const FLAGS = {file: '0', dir: '5', symlink: '2', hardlink: '1', char: '3', fifo: '6'} as const;

function octal(buf: Buffer, off: number, len: number, value: number): void {
  buf.write(`${value.toString(8).padStart(len - 1, '0')}\0`, off, len, 'latin1');
}

export function header(name: string, o: {size: number; flag: string; linkname?: string; mtime?: number; base256?: boolean}): Buffer {
  const h = Buffer.alloc(512);
  Buffer.from(name).copy(h, 0, 0, 100);
  octal(h, 100, 8, o.flag === '5' ? 0o755 : 0o644);
  octal(h, 108, 8, 0);
  octal(h, 116, 8, 0);
  if (o.base256) {
    h[124] = 0x80;
    let v = o.size;
    for (let i = 135; i > 124; i--) {
      h[i] = v % 256;
      v = Math.floor(v / 256);
    }
  } else {
    octal(h, 124, 12, o.size);
  }
  octal(h, 136, 12, o.mtime ?? 1_700_000_000);
  h.write('        ', 148, 8, 'latin1');
  h.write(o.flag, 156, 1, 'latin1');
  if (o.linkname) Buffer.from(o.linkname).copy(h, 157, 0, 100);
  h.write('ustar\0', 257, 6, 'latin1');
  h.write('00', 263, 2, 'latin1');
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8, 'latin1');
  return h;
}

function pad(data: Buffer): Buffer[] {
  const rest = (512 - (data.length % 512)) % 512;
  return rest ? [data, Buffer.alloc(rest)] : [data];
}

function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  let len = Buffer.byteLength(body) + 1;
  while (String(len).length + Buffer.byteLength(body) !== len) len = String(len).length + Buffer.byteLength(body);
  return `${len}${body}`;
}

export function makeTar(items: TarItem[], options: {end?: boolean} = {}): Buffer {
  const parts: Buffer[] = [];
  for (const it of items) {
    const type = it.type ?? (it.name.endsWith('/') ? 'dir' : 'file');
    const data = type === 'file' ? Buffer.from(it.data ?? `content of ${it.name}\n`) : Buffer.alloc(0);
    let name = it.name;
    if (Buffer.byteLength(name) > 100) {
      if (it.long === 'pax') {
        const rec = Buffer.from(paxRecord('path', name));
        parts.push(header('PaxHeaders/x', {size: rec.length, flag: 'x'}), ...pad(rec));
      } else {
        const ln = Buffer.from(`${name}\0`);
        parts.push(header('././@LongLink', {size: ln.length, flag: 'L'}), ...pad(ln));
      }
      name = name.slice(0, 100);
    }
    const h = header(name, {size: data.length, flag: FLAGS[type], linkname: it.linkname, mtime: it.mtime, base256: it.base256});
    parts.push(h, ...pad(data));
  }
  if (options.end !== false) parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}

export function gzip(b: Buffer): Buffer {
  return gzipSync(b);
}

/** zstd through Debian's `zstd` CLI (CI installs the `zstd` package). */
export function zstd(b: Buffer): Buffer {
  return execFileSync('zstd', ['-q', '-c', '-3'], {input: b, maxBuffer: 1 << 30});
}

export function sha256(b: Buffer | string): string {
  return `sha256:${createHash('sha256').update(b).digest('hex')}`;
}
