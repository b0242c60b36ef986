// Is an input path an image? Cheap checks only (a few stats, one 512-byte read), so discovery stays
// fast; whether it really is a complete image is found out when it is opened (IMAGE_FORMAT).
import {open, stat} from 'node:fs/promises';
import {join} from 'node:path';

import {looksLikeTarHeader} from './tar.js';

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/**
 * True for a directory with `oci-layout` + `index.json` or with `manifest.json` (docker save
 * extracted, registry-v2 download), and for a file that starts like a tar, gzip or zstd stream
 * (changesets are text, so such a file can only be an archive; its members are checked on open).
 */
export async function isImageInput(path: string, isDirectory: boolean): Promise<boolean> {
  if (isDirectory) {
    if ((await isFile(join(path, 'oci-layout'))) && (await isFile(join(path, 'index.json')))) return true;
    return isFile(join(path, 'manifest.json'));
  }
  let h;
  try {
    h = await open(path, 'r');
  } catch {
    return false;
  }
  try {
    const buf = Buffer.alloc(512);
    const {bytesRead} = await h.read(buf, 0, 512, 0);
    const head = buf.subarray(0, bytesRead);
    if (head[0] === 0x1f && head[1] === 0x8b) return true;
    if (head[0] === 0x28 && head[1] === 0xb5 && head[2] === 0x2f && head[3] === 0xfd) return true;
    return looksLikeTarHeader(head);
  } finally {
    await h.close();
  }
}
