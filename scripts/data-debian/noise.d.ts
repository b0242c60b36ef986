// Types of noise.js (the synthetic install changesets of the bundled-model pipeline), for the tests.
export interface PackageInfo {
  version?: string;
  arch?: string;
  multiArch?: string;
  priority?: string;
  depends?: readonly string[];
  /** Installed on every system: never pulled in as a dependency. */
  base?: boolean;
}

export interface World {
  info(name: string): PackageInfo | undefined;
  files(name: string): readonly string[] | undefined;
  sharedDirs?: ReadonlySet<string>;
  randomPackage?(r: () => number): string | undefined;
}

export interface NoiseSettings {
  capture: [number, number];
  dpkgNew: [number, number];
  versionDrift: number;
  directories: number;
  depends: [number, number];
  maxDepends: number;
  maxDependFiles: number;
  concurrent: number;
  barePaths: number;
  maxFiles: number;
}

export const DEFAULT_NOISE: NoiseSettings;
export function hashSeed(text: string): number;
export function prng(seed: number): () => number;
export function shuffle<T>(r: () => number, xs: T[]): T[];
export function sampleAtMost<T>(r: () => number, xs: readonly T[], max: number): readonly T[];
export function makeChangeset(r: () => number, main: string, world: World, noise?: NoiseSettings): {changes: string[]; labels: string[]};
