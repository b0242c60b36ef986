import {Args, Flags} from '@oclif/core';

import {PraxiCommand} from '../base-command.js';
import {loadFilter, tagChanges} from '../columbus/index.js';
import {diffPaths, formatDiffYaml} from '../diff/index.js';
import {writeFileAtomic} from '../util/atomic-write.js';

export interface DiffCommandResult {
  created: string[];
  modified: string[];
  deleted: string[];
  /** With --tag: the Columbus tags of created + modified, in Columbus order (`tag:count`). */
  tags?: string[];
  warnings?: string[];
  /** With --out: the file written. */
  written?: string;
}

export default class Diff extends PraxiCommand<DiffCommandResult> {
  static summary = 'What changed between two snapshots, as a changeset.';
  static description = `BEFORE and AFTER are each a directory tree, a tar (plain, gzip or zstd) or a file list (one path
per line). Created and modified files (size and mtime, or content with --hash) make the changeset;
deletions are listed apart. Prints a Praxi changeset YAML (or writes it atomically with --out),
{created, modified, deleted} with --json, or the Columbus tags of the changes with --tag.
Symlinks are never followed.`;

  static examples = [
    '<%= config.bin %> diff /snapshots/before /snapshots/after --out nginx.yaml --label nginx',
    '<%= config.bin %> diff before.tar after.tar --hash --json',
    '<%= config.bin %> diff before.list /mnt/volume --tag',
  ];

  static args = {
    before: Args.string({description: 'the snapshot before: directory, tar or file list', required: true}),
    after: Args.string({description: 'the snapshot after: directory, tar or file list', required: true}),
  };

  static flags = {
    out: Flags.string({char: 'o', description: 'write the changeset YAML to this file (atomically) instead of stdout'}),
    hash: Flags.boolean({description: 'judge modifications by content (sha256) instead of size and mtime', default: false}),
    tag: Flags.boolean({description: 'print the Columbus tags of the changes (a JSON line like praxi tag)', default: false}),
    label: Flags.string({description: 'put this label in the changeset (training data)'}),
    threshold: Flags.integer({description: 'with --tag: Columbus frequency threshold', default: 2, min: 0}),
    filter: Flags.string({description: 'with --tag: filter list: praxi, none, or a file', default: 'praxi'}),
  };

  async run(): Promise<DiffCommandResult> {
    const {args, flags} = await this.parse(Diff);
    const d = await diffPaths(args.before, args.after, {hash: flags.hash});
    const result: DiffCommandResult = {created: d.created, modified: d.modified, deleted: d.deleted};
    if (d.warnings.length > 0) {
      result.warnings = d.warnings;
      for (const w of d.warnings) process.stderr.write(`praxi: warning: ${w}\n`);
    }
    const changes = [...d.created, ...d.modified].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    if (flags.tag) {
      const tags = await tagChanges(changes, {threshold: flags.threshold, filter: await loadFilter(flags.filter)});
      result.tags = tags.toStrings();
    }
    if (flags.out) {
      await writeFileAtomic(flags.out, formatDiffYaml(d, flags.label));
      result.written = flags.out;
    }
    if (!this.jsonEnabled()) {
      if (flags.tag) {
        const line = {source: args.after, before: args.before, ...(flags.label ? {label: flags.label} : {}), tags: result.tags};
        process.stdout.write(`${JSON.stringify(line)}\n`);
      } else if (!flags.out) {
        process.stdout.write(formatDiffYaml(d, flags.label));
      }
    }
    return result;
  }
}
