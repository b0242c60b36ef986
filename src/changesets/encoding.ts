// Bytes → text for changeset and tag files. YAML allows UTF-8/16/32; Praxi wrote UTF-8. We accept
// UTF-8 (with or without BOM) and UTF-16 with a BOM, and reject everything else with the byte
// offset and line of the first bad byte, because "invalid YAML" would hide the real problem.
import { isUtf8 } from 'node:buffer';

import { InputError } from './types.js';

export function lineOfOffset(bytes: Uint8Array, offset: number): number {
  let line = 1;
  const end = Math.min(offset, bytes.length);
  for (let i = 0; i < end; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

/** Offset of the first byte that does not start or continue a valid UTF-8 sequence, or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    let cp: number;
    if (b >= 0xc2 && b <= 0xdf) [need, min, cp] = [1, 0x80, b & 0x1f];
    else if (b >= 0xe0 && b <= 0xef) [need, min, cp] = [2, 0x800, b & 0x0f];
    else if (b >= 0xf0 && b <= 0xf4) [need, min, cp] = [3, 0x10000, b & 0x07];
    else return i;
    if (i + need >= n) return i; // truncated at end of input
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k]!;
      if ((c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    // Overlong forms, UTF-16 surrogates and values past U+10FFFF are not UTF-8.
    if (cp < min || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff) return i;
    i += need + 1;
  }
  return -1;
}

export interface DecodedText {
  text: string;
  /** Which encoding the bytes were in (for meta/debugging). */
  encoding: 'utf-8' | 'utf-16le' | 'utf-16be';
}

/**
 * Decode a changeset or tag file. A leading UTF-8 BOM is removed (the YAML parser would skip it,
 * JSON.parse would not). Throws CHANGESET_ENCODING for UTF-32, NUL bytes (binary data) and invalid
 * UTF-8, naming the offset and line.
 */
export function decodeInput(bytes: Uint8Array, source: string): DecodedText {
  const b0 = bytes[0];
  const b1 = bytes[1];
  if (bytes.length >= 4 && ((b0 === 0xff && b1 === 0xfe && bytes[2] === 0 && bytes[3] === 0) ||
      (b0 === 0 && b1 === 0 && bytes[2] === 0xfe && bytes[3] === 0xff))) {
    throw new InputError('CHANGESET_ENCODING', source, 'UTF-32 input is not supported; convert it to UTF-8');
  }
  if (b0 === 0xff && b1 === 0xfe) {
    return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  }
  if (b0 === 0xfe && b1 === 0xff) {
    return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be' };
  }
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    throw new InputError('CHANGESET_ENCODING', source,
      `binary data (NUL byte at byte offset ${nul}); expected a UTF-8 text file`,
      { line: lineOfOffset(bytes, nul) });
  }
  if (!isUtf8(bytes)) {
    const bad = firstInvalidUtf8(bytes);
    throw new InputError('CHANGESET_ENCODING', source,
      `invalid UTF-8 at byte offset ${bad} (byte 0x${(bytes[bad] ?? 0).toString(16).padStart(2, '0')}); ` +
      'expected a UTF-8 text file', { line: lineOfOffset(bytes, bad) });
  }
  const start = b0 === 0xef && b1 === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  return { text: Buffer.from(bytes.buffer, bytes.byteOffset + start, bytes.length - start).toString('utf8'), encoding: 'utf-8' };
}
