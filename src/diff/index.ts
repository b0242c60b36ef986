// `praxi diff` as a library: two snapshots (trees, tars, file lists) → created, modified, deleted.
export type {DiffResult} from './diff.js';
export {diffChangeset, diffSnapshots, formatDiffYaml} from './diff.js';
export type {EntryState, Snapshot, SnapshotOptions} from './snapshot.js';
export {readSnapshot} from './snapshot.js';

import {diffSnapshots, type DiffResult} from './diff.js';
import {readSnapshot, type SnapshotOptions} from './snapshot.js';

/** Diffs BEFORE against AFTER; `warnings` gathers both sides' (unreadable dirs, unsafe tar names). */
export async function diffPaths(before: string, after: string, options: SnapshotOptions = {}): Promise<DiffResult & {warnings: string[]}> {
  const [a, b] = await Promise.all([readSnapshot(before, options), readSnapshot(after, options)]);
  return {...diffSnapshots(a, b), warnings: [...a.warnings.map((w) => `${before}: ${w}`), ...b.warnings.map((w) => `${after}: ${w}`)]};
}
