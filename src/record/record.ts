/**
 * `praxi record` as a library function: snapshot a root (native, parallel), run a command with its
 * stdio passed through, snapshot again, and turn the files created or changed into a Praxi
 * changeset (`changes` as Praxi's recorder wrote them: "<octal mode> <path>").
 */
import {spawn} from 'node:child_process';
import {readFile} from 'node:fs/promises';
import {constants} from 'node:os';
import {isAbsolute, join, relative, resolve} from 'node:path';

import {dumpPyYaml, type PyYamlValue} from '../changesets/pyyaml-emit.js';
import {PraxiError} from '../errors.js';
import {native, type NativeEntryList} from '../native.js';
import {newlyInstalled, parseDpkgStatus, type DpkgStatus} from '../pkgdb/dpkg-status.js';
import {DEFAULT_RECORD_EXCLUDES} from './excludes.js';

export interface RecordOptions {
  root?: string;
  labels?: readonly string[];
  /** Label with the packages this package manager installed during the command. */
  labelFrom?: 'dpkg';
  /** Extra exclusion patterns (added to the defaults). */
  excludes?: readonly string[];
  /** Files praxi itself writes (e.g. --out), left out of the snapshots. */
  ownFiles?: readonly string[];
  /** Keep the changes of a command that failed. */
  keepFailed?: boolean;
  /** Snapshot walker threads (default: cores, at least 2). */
  threads?: number;
}

export interface RecordedChangeset {
  changes: string[];
  label?: string;
  labels?: string[];
  open_time: number;
  close_time: number;
}

export interface RecordResult {
  command: string[];
  exitCode: number;
  /** The signal that ended the command, if one did. */
  signal?: string;
  /** False when the command failed and --keep-failed was not given: nothing is to be written. */
  recorded: boolean;
  changeset: RecordedChangeset;
  created: number;
  modified: number;
  deleted: number;
  snapshot: {entries: number; seconds: number[]};
  warnings: string[];
}

const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** A file praxi writes, as an exclusion pattern relative to root (undefined when outside it). */
function ownFilePattern(root: string, file: string): string | undefined {
  const rel = relative(resolve(root), resolve(file));
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return undefined;
  // The file and the atomic writer's temporary beside it (src/util/atomic-write.ts).
  return `/${rel}`;
}

async function readDpkgStatus(root: string): Promise<DpkgStatus> {
  const file = join(root, 'var/lib/dpkg/status');
  try {
    return parseDpkgStatus(await readFile(file, 'utf8'), file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return {packages: [], problems: []};
    throw new PraxiError(`${file}: cannot read dpkg's status (${code ?? String(err)})`, 'INPUT_UNREADABLE', file);
  }
}

/** Runs `command` with inherited stdio; SIGINT and SIGTERM sent to praxi go to it. */
function runCommand(command: readonly string[]): Promise<{exitCode: number; signal?: string}> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command[0], command.slice(1), {stdio: 'inherit'});
    const forward = (sig: NodeJS.Signals) => {
      child.kill(sig);
    };
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    const done = () => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
    };
    child.on('error', (err) => {
      done();
      const code = (err as NodeJS.ErrnoException).code;
      reject(new PraxiError(`cannot run ${command[0]} (${code ?? err.message})`, code === 'ENOENT' ? 'COMMAND_NOT_FOUND' : 'COMMAND_FAILED', command[0]));
    });
    child.on('exit', (code, signal) => {
      done();
      if (signal) resolvePromise({exitCode: 128 + (constants.signals[signal] ?? 0), signal});
      else resolvePromise({exitCode: code ?? 1});
    });
  });
}

function changeLines(list: NativeEntryList): string[] {
  return list.paths.map((p, i) => `${(list.modes[i] & 0o777).toString(8).padStart(3, '0')} ${p}`);
}

export async function record(command: readonly string[], options: RecordOptions = {}): Promise<RecordResult> {
  if (command.length === 0) throw new PraxiError('no command to record: give it after --, e.g. praxi record --label jq -- apt-get install -y jq', 'USAGE_NO_COMMAND');
  const root = options.root ?? '/';
  const excludes = [...DEFAULT_RECORD_EXCLUDES, ...(options.excludes ?? [])];
  for (const f of options.ownFiles ?? []) {
    const p = ownFilePattern(root, f);
    if (p !== undefined) excludes.push(p, `${p.slice(0, p.lastIndexOf('/') + 1)}.${p.slice(p.lastIndexOf('/') + 1)}.*.tmp`);
  }
  const addon = native();
  const snapOptions = {excludes, oneFilesystem: true, ...(options.threads ? {threads: options.threads} : {})};
  const dpkgBefore = options.labelFrom === 'dpkg' ? await readDpkgStatus(root) : undefined;

  let t = performance.now();
  const before = await addon.takeSnapshot(root, snapOptions);
  const seconds = [(performance.now() - t) / 1000];
  const openTime = Date.now() / 1000;
  const run = await runCommand(command);
  const closeTime = Date.now() / 1000;
  t = performance.now();
  const after = await addon.takeSnapshot(root, snapOptions);
  seconds.push((performance.now() - t) / 1000);
  const d = await addon.diffSnapshots(before, after);
  const warnings = [...new Set([...addon.snapshotInfo(before).warnings, ...addon.snapshotInfo(after).warnings])];

  const labels = [...(options.labels ?? [])];
  if (dpkgBefore) {
    const dpkgAfter = await readDpkgStatus(root);
    warnings.push(...dpkgAfter.problems);
    const installed = newlyInstalled(dpkgBefore, dpkgAfter).map((p) => p.name);
    if (installed.length === 0) warnings.push('--label-from dpkg: dpkg installed no package during the command');
    for (const name of installed) if (!labels.includes(name)) labels.push(name);
  }
  const changeset: RecordedChangeset = {
    changes: [...changeLines(d.created), ...changeLines(d.modified)].sort((a, b) => byCodeUnit(a.slice(4), b.slice(4))),
    open_time: openTime,
    close_time: closeTime,
  };
  if (labels.length === 1) changeset.label = labels[0];
  else if (labels.length > 1) changeset.labels = labels.sort(byCodeUnit);
  return {
    command: [...command],
    exitCode: run.exitCode,
    ...(run.signal ? {signal: run.signal} : {}),
    recorded: run.exitCode === 0 || options.keepFailed === true,
    changeset,
    created: d.created.paths.length,
    modified: d.modified.paths.length,
    deleted: d.deleted.paths.length,
    snapshot: {entries: addon.snapshotInfo(after).entries, seconds},
    warnings,
  };
}

/** The changeset as Praxi's recorder wrote it (PyYAML, keys sorted). */
export function formatRecordedYaml(cs: RecordedChangeset): string {
  const doc: Record<string, PyYamlValue> = {changes: cs.changes, open_time: cs.open_time, close_time: cs.close_time};
  if (cs.label !== undefined) doc.label = cs.label;
  if (cs.labels !== undefined) doc.labels = cs.labels;
  return dumpPyYaml(doc);
}
