import {Args, Flags} from '@oclif/core';
import {mkdir} from 'node:fs/promises';
import {dirname, join} from 'node:path';

import {inputFlags, PraxiCommand} from '../base-command.js';
import {formatTagFile} from '../changesets/index.js';
import {ExitCode, PraxiError} from '../errors.js';
import {imageFlags, imageOptionsFromFlags} from '../images/flags.js';
import {native} from '../native.js';
import {reportError, type ErrorJson} from '../report-error.js';
import {tagInputs, type LayerInfo, type TaggedChangeset} from '../tagging.js';
import {AtomicBatch, AtomicBatchError, removeStaleTemps} from '../util/atomic-write.js';
import {renderAhead} from '../util/json-out.js';
import {Progress} from '../util/progress.js';
import {directoryHelp} from '../changesets/discover.js';

export interface TagsetJson {
  source: string;
  label?: string;
  labels?: string[];
  /** Image inputs: which layer (1-based index or `squash`, digest, created_by). */
  layer?: LayerInfo;
  tags: string[];
}

export interface TagCommandResult {
  tagsets: TagsetJson[];
  errors: ErrorJson[];
  /** With --out: the files written. */
  written?: string[];
}

function toJson(t: TaggedChangeset): TagsetJson {
  return {
    source: t.source,
    ...(t.label !== undefined ? {label: t.label} : {}),
    ...(t.labels !== undefined ? {labels: t.labels} : {}),
    ...(t.layer !== undefined ? {layer: t.layer} : {}),
    tags: t.tags.toStrings(),
  };
}

/** `dir/x.yaml` → `dir/x.tag`; other names get `.tag` appended. */
export function tagFileName(name: string): string {
  return /\.(ya?ml|json|txt|list)$/i.test(name) ? name.replace(/\.(ya?ml|json|txt|list)$/i, '.tag') : `${name}.tag`;
}

export default class Tag extends PraxiCommand<TagCommandResult> {
  static summary = 'Turn changesets into Columbus tags.';
  static description = `Reads changeset files (Praxi YAML, JSON, plain path lists), directories of them, stdin (-) or
directory trees (--tree), and prints one JSON line per changeset with its tags in Columbus order,
or writes Praxi .tag files with --out. Tags are identical to the original Columbus.\n\n${directoryHelp(false)}`;

  static examples = [
    '<%= config.bin %> tag ./changesets',
    '<%= config.bin %> tag ./changesets --out ./tags',
    'find /srv -type f | <%= config.bin %> tag - --threshold 1',
    '<%= config.bin %> tag --tree /mnt/volume',
  ];

  static strict = false;
  static args = {inputs: Args.string({description: 'changeset files, directories, or - for stdin'})};
  static flags = {
    ...inputFlags,
    ...imageFlags,
    out: Flags.string({char: 'o', description: 'write one Praxi .tag file per changeset into this directory'}),
    threshold: Flags.integer({description: 'Columbus frequency threshold (Praxi used 2)', default: 2, min: 0}),
    filter: Flags.string({description: 'filter list: praxi, none, or a file with one tag per line', default: 'praxi'}),
  };

  async run(): Promise<TagCommandResult> {
    const {argv, flags} = await this.parse(Tag);
    const inputs = argv as string[];
    if (inputs.length === 0 && !flags.tree?.length) {
      throw new PraxiError('no inputs: give changeset files, directories, - for stdin, or --tree DIR', 'USAGE_NO_INPUT');
    }
    // Output problems (a file in the way, read-only, disk full) are fatal, with one stable code.
    const unwritable = (target: string, err: unknown): PraxiError =>
      new PraxiError(`cannot write ${target}: ${(err as Error).message}`, 'OUTPUT_UNWRITABLE', target);
    // A failed write surfaces at a later file's turn or at the end, naming the file it was writing.
    const unwritableFile = (err: unknown): unknown => (err instanceof AtomicBatchError ? unwritable(err.file, err.cause) : err);
    const cleaned = new Set<string>();
    const prepareDir = async (dir: string): Promise<void> => {
      if (cleaned.has(dir)) return;
      try {
        await mkdir(dir, {recursive: true});
      } catch (err) {
        throw unwritable(dir, err);
      }
      await removeStaleTemps(dir); // temp files of an earlier, killed run
      cleaned.add(dir);
    };
    if (flags.out) await prepareDir(flags.out);

    // Megabytes of JSON into a 64 KiB pipe make every 64 KiB a round trip with the reader.
    native().growPipe(1, 1 << 20);
    const json = this.jsonEnabled();
    // --json off a terminal is written as is (PraxiCommand.logJson): each tag set is rendered as it
    // comes, while the next ones are tagged, not all at the end.
    const element = json && this.jsonWrittenAsIs() ? renderAhead : <T>(x: T): T => x;
    const result: TagCommandResult = {tagsets: [], errors: [], ...(flags.out ? {written: []} : {})};
    const progress = new Progress('tagging');
    // Tag files are written several at once while tagging goes on (fsync dominates one by one).
    const files = new AtomicBatch();
    let ok = 0;
    for await (const outcome of tagInputs(inputs, {threshold: flags.threshold, filter: flags.filter, jobs: flags.jobs, trees: flags.tree, image: imageOptionsFromFlags(flags)})) {
      progress.tick();
      if (!outcome.ok) {
        result.errors.push(reportError(outcome.error));
        continue;
      }
      ok++;
      const t = outcome.value;
      if (flags.out) {
        const file = join(flags.out, tagFileName(t.name));
        await prepareDir(dirname(file));
        const data = {id: t.id ?? 0, ...(t.label !== undefined ? {label: t.label} : {}), ...(t.labels !== undefined ? {labels: t.labels} : {}), tags: t.tags.toStrings()};
        await files.write(file, formatTagFile(data)).catch((err: unknown) => {
          throw unwritableFile(err);
        });
        result.written!.push(file);
        if (json) result.tagsets.push(element(toJson(t)));
      } else if (json) {
        result.tagsets.push(element(toJson(t)));
      } else {
        process.stdout.write(`${JSON.stringify(toJson(t))}\n`);
      }
    }
    await files.finish().catch((err: unknown) => {
      throw unwritableFile(err);
    });
    progress.finish();
    if (ok === 0 && result.errors.length === 0) {
      throw new PraxiError('no changesets found in the inputs', 'NOTHING_TO_PROCESS');
    }
    if (result.errors.length > 0) process.exitCode = ok === 0 ? ExitCode.nothingProcessed : ExitCode.someInputsFailed;
    return result;
  }
}
