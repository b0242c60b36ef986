// Public surface of the changeset readers: inputs → changesets, and Praxi tag files.
export type { Changeset, InputErrorCode, InputErrorDetails } from './types.js';
export { InputError, INPUT_ERROR_CODES, isInputError } from './types.js';
export type { ChangesetFormat, ParseOptions } from './parse.js';
export { formatForPath, parseChangeset, parseChangesetText, sniffFormat } from './parse.js';
export type { FastChangeset } from './fast.js';
export { nativeFastParser, parseChangesetFast, parseChangesetFile } from './fast.js';
export type { TagFile, TagFileData, TagFileWriteOptions } from './tagfile.js';
export { formatTagFile, parseTagFile, readTagFile, splitTag, writeTagFile } from './tagfile.js';
export type { DiscoverOptions, DiscoveredSource, DiscoveryError, DiscoveryItem, SourceKind } from './discover.js';
export { comparePaths, discoverInputs, listDirectory } from './discover.js';
export type { TreeOptions } from './tree.js';
export { changesetFromTree } from './tree.js';
export { readInputFile, readStream } from './load.js';
export { decodeInput } from './encoding.js';
