import {Flags} from '@oclif/core';

import {PraxiCommand} from '../base-command.js';
import {PraxiError} from '../errors.js';
import {DEFAULT_RECORD_EXCLUDES} from '../record/excludes.js';
import {formatRecordedYaml, record, type RecordResult} from '../record/record.js';
import {writeFileAtomic} from '../util/atomic-write.js';

export interface RecordCommandResult extends RecordResult {
  /** With --out: the file written (absent when nothing was recorded). */
  written?: string;
}

export default class Record extends PraxiCommand<RecordCommandResult> {
  static summary = 'Run a command and record the files it created or changed as a labelled changeset.';
  static description = `Snapshots ROOT (default /, one filesystem, never following symlinks), runs CMD with its stdio passed
through, snapshots again and writes a Praxi changeset of the files created or changed (inode, size,
mtime or ctime differ): "changes" ("<mode> <path>" as Praxi's recorder wrote them), "label" or
"labels", "open_time", "close_time". praxi exits with CMD's exit code; a failed command records
nothing unless --keep-failed. SIGINT and SIGTERM are passed on to CMD.

Left out by default (patterns relative to ROOT; --exclude adds more; a pattern without "/" matches
names, e.g. "*.pyc"), plus the --out file:
  ${DEFAULT_RECORD_EXCLUDES.join(' ')}`;

  static usage = 'record [--root DIR] [--label L]... [--label-from dpkg] [--out FILE] [--exclude GLOB]... [--keep-failed] -- CMD [ARGS...]';

  static examples = [
    '<%= config.bin %> record --label jq --out jq.yaml -- apt-get install -y jq',
    '<%= config.bin %> record --label-from dpkg --out nginx.yaml -- apt-get install -y nginx-light',
    '<%= config.bin %> record --root /mnt/build --label mytool --exclude "/opt/build/*" -- make install',
  ];

  static strict = false;
  static flags = {
    root: Flags.string({description: 'the directory tree to snapshot', default: '/'}),
    label: Flags.string({char: 'l', description: 'label of the changeset (repeatable: several make "labels")', multiple: true}),
    'label-from': Flags.string({description: 'label with the packages this package manager installed during CMD', options: ['dpkg']}),
    out: Flags.string({char: 'o', description: 'write the changeset YAML to this file (atomically) instead of stdout'}),
    exclude: Flags.string({description: 'also leave out paths matching this glob (repeatable)', multiple: true}),
    'keep-failed': Flags.boolean({description: 'record the changes even when CMD fails', default: false}),
    threads: Flags.integer({description: 'snapshot walker threads (default: cores, at least 2)', min: 1, max: 64}),
  };

  async run(): Promise<RecordCommandResult> {
    // Everything after the first `--` is CMD, untouched: oclif's parser would still read CMD's own
    // options (`apt-get -o ...`) as ours.
    const split = this.argv.indexOf('--');
    const command = split < 0 ? [] : this.argv.slice(split + 1);
    const {argv, flags} = await this.parse(Record, split < 0 ? this.argv : this.argv.slice(0, split));
    if (argv.length > 0) throw new PraxiError(`unexpected argument ${String(argv[0])}: put the command to record after --`, 'USAGE_NO_COMMAND');
    if (command.length === 0) throw new PraxiError('no command to record: give it after --, e.g. praxi record --label jq -- apt-get install -y jq', 'USAGE_NO_COMMAND');
    const result: RecordCommandResult = await record(command, {
      root: flags.root,
      labels: flags.label ?? [],
      ...(flags['label-from'] ? {labelFrom: flags['label-from'] as 'dpkg'} : {}),
      excludes: flags.exclude ?? [],
      ownFiles: flags.out ? [flags.out] : [],
      keepFailed: flags['keep-failed'],
      ...(flags.threads ? {threads: flags.threads} : {}),
    });
    for (const w of result.warnings) process.stderr.write(`praxi: warning: ${w}\n`);
    process.exitCode = result.exitCode;
    if (!result.recorded) {
      process.stderr.write(`praxi: ${command[0]} failed (exit code ${result.exitCode}); nothing recorded (--keep-failed records it anyway)\n`);
      return result;
    }
    const yaml = formatRecordedYaml(result.changeset);
    if (flags.out) {
      await writeFileAtomic(flags.out, yaml);
      result.written = flags.out;
      process.stderr.write(`praxi: ${result.changeset.changes.length} changes recorded in ${flags.out}\n`);
    } else if (!this.jsonEnabled()) {
      process.stdout.write(yaml);
    }
    return result;
  }
}
