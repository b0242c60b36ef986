// Two snapshots → what changed: created and modified files (the changeset: what an installation
// wrote) and deleted files (reported apart, never as installed files).
//
// Modified means, per entry present on both sides: the kind changed (file ↔ symlink ...), a link
// target changed, or, for regular files, the content hash differs when both sides were hashed
// (`--hash`; size and mtime are then ignored), else the size or the mtime differs. mtimes are
// compared at the coarser resolution of the two sides (tars keep whole seconds); a file list knows
// no sizes or times, so against a list only creations and deletions can be seen.
import {dumpPyYaml, type PyYamlValue} from '../changesets/pyyaml-emit.js';
import type {Changeset} from '../changesets/types.js';
import type {EntryState, Snapshot} from './snapshot.js';

export interface DiffResult {
  created: string[];
  modified: string[];
  deleted: string[];
}

const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function changed(a: EntryState, b: EntryState, resolutionMs: number): boolean {
  if (a.type !== b.type) return true;
  if (a.link !== undefined || b.link !== undefined) return a.link !== b.link;
  if (a.hash !== undefined && b.hash !== undefined) return a.hash !== b.hash;
  if (a.size !== undefined && b.size !== undefined && a.size !== b.size) return true;
  if (a.mtimeMs !== undefined && b.mtimeMs !== undefined && Number.isFinite(resolutionMs)) {
    return Math.floor(a.mtimeMs / resolutionMs) !== Math.floor(b.mtimeMs / resolutionMs);
  }
  return false;
}

export function diffSnapshots(before: Snapshot, after: Snapshot): DiffResult {
  const resolution = Math.max(before.mtimeResolutionMs, after.mtimeResolutionMs);
  const created: string[] = [];
  const modified: string[] = [];
  const deleted: string[] = [];
  for (const [path, state] of after.entries) {
    const old = before.entries.get(path);
    if (!old) created.push(path);
    else if (changed(old, state, resolution)) modified.push(path);
  }
  for (const path of before.entries.keys()) if (!after.entries.has(path)) deleted.push(path);
  return {created: created.sort(byCodeUnit), modified: modified.sort(byCodeUnit), deleted: deleted.sort(byCodeUnit)};
}

/** The diff as a changeset: `changes` = created + modified, sorted; deletions in `meta.deleted`. */
export function diffChangeset(d: DiffResult, source: string, label?: string): Changeset {
  const cs: Changeset = {source, changes: [...d.created, ...d.modified].sort(byCodeUnit), meta: {format: 'diff', deleted: d.deleted}};
  if (label !== undefined) cs.label = label;
  return cs;
}

/**
 * Praxi changeset YAML, as PyYAML writes it (keys sorted): `changes`, plus `deleted` when
 * something was deleted (Praxi's readers ignore unknown keys) and `label` when given.
 */
export function formatDiffYaml(d: DiffResult, label?: string): string {
  const doc: Record<string, PyYamlValue> = {changes: [...d.created, ...d.modified].sort(byCodeUnit)};
  if (d.deleted.length > 0) doc.deleted = d.deleted;
  if (label !== undefined) doc.label = label;
  return dumpPyYaml(doc);
}
