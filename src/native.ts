/**
 * Loads the native addon: build/Release first (a local build), then prebuilds/ (node-gyp-build's
 * order). When nothing loads, one error lists every place tried, why each failed and how to fix it.
 */
import {existsSync} from 'node:fs';
import {createRequire} from 'node:module';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';

import {PraxiError} from './errors.js';

/** Tags of one changeset as three bulk buffers (see TagSet in columbus/tagset.ts). */
export interface RawTagSet {
  text: Buffer;
  ends: Uint32Array;
  counts: Uint32Array;
}

export interface NativeFilterList {
  readonly size: number;
}

export interface ColumbusNativeOptions {
  threshold: number;
  filter: NativeFilterList | null;
}

export interface NativeTagFileResult {
  tags: RawTagSet;
  changes: number;
  label?: string;
  labels?: string[];
  id?: string;
  open_time?: number;
  close_time?: number;
}

export interface NativeAddon {
  setErrorClass(cls: new (message: string, code: string) => Error): void;
  FilterList: new (text: string) => NativeFilterList;
  tagChanges(changes: string[], options: ColumbusNativeOptions): Promise<RawTagSet>;
  /** Reads, parses (common YAML shape) and tags on a pool thread; other shapes come back as bytes. */
  tagFile(path: string, options: ColumbusNativeOptions): Promise<NativeTagFileResult | {fallback: true; bytes: Buffer}>;
}

export const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

const require = createRequire(import.meta.url);

function describeCandidates(root: string): string[] {
  const platform = `${process.platform}-${process.arch}`;
  const candidates = [
    join(root, 'build', 'Release', 'praxi.node'),
    join(root, 'prebuilds', platform, 'praxi.node'),
    join(root, 'prebuilds', platform, 'praxi.napi.node'),
    join(root, 'prebuilds', platform, 'node.napi.node'),
  ];
  return candidates.map((file) => {
    if (!existsSync(file)) return `  - ${file}: not found`;
    try {
      require(file);
      return `  - ${file}: loads (but node-gyp-build did not pick it)`;
    } catch (err) {
      return `  - ${file}: ${(err as Error).message.split('\n')[0]}`;
    }
  });
}

function load(root: string): NativeAddon {
  const explicit = process.env.PRAXI_ADDON_PATH;
  if (explicit) return require(explicit) as NativeAddon;
  try {
    const nodeGypBuild = require('node-gyp-build') as (dir: string) => unknown;
    return nodeGypBuild(root) as NativeAddon;
  } catch (err) {
    const lines = [
      `Could not load the praxi native addon for Node.js ${process.version} (N-API 8) on ${process.platform}-${process.arch}.`,
      `node-gyp-build said: ${(err as Error).message.split('\n')[0]}`,
      'Places tried:',
      ...describeCandidates(root),
      'Possible fixes:',
      '  - build it from source: npm run build:native  (needs cmake >= 3.16 and a C++17 compiler)',
      '  - or reinstall so the install step builds it: npm rebuild praxi',
      '  - Node.js >= 20.17 is required; check `node --version`.',
    ];
    throw new PraxiError(lines.join('\n'), 'ADDON_LOAD');
  }
}

let cached: NativeAddon | undefined;

/** The addon, loaded on first use so `praxi --help` never pays for it. */
export function native(): NativeAddon {
  if (!cached) {
    const addon = load(packageRoot);
    addon.setErrorClass(PraxiError);
    cached = addon;
  }
  return cached;
}
