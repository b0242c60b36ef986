import {Args, Flags} from '@oclif/core';
import {stat} from 'node:fs/promises';

import {PraxiCommand} from '../base-command.js';
import {PraxiError} from '../errors.js';
import {bundledModelPath} from '../model/bundled.js';
import {PREDICTION_FORMATS, type PredictionFormat} from '../report/formats.js';
import {renderScan} from '../scan/render.js';
import {scanImage, scanRoot, type ScanOptions, type ScanResult} from '../scan/scan.js';
import {imageFlags, imageOptionsFromFlags, isImageInput} from '../images/index.js';
import {writeFileAtomic} from '../util/atomic-write.js';

export default class Scan extends PraxiCommand<ScanResult> {
  static summary = 'Find the software in a root filesystem that no package database records.';
  static description = `Reads the package databases inside ROOT (default /) — dpkg (info/*.list, conffiles, diversions,
alternatives; merged-/usr aliases), apk, rpm (when an rpm tool is installed), Python dist-info
RECORD / egg-info installed-files.txt, npm node_modules/*/package.json — never the host's when
ROOT is another tree. Files nobody owns, minus generated state (caches, logs, apt lists, bytecode
of owned sources, machine ids...), are grouped into candidate installs (/opt/X, /usr/local/...,
/srv/X, home directories, other top-level directories; system files by install event) and each
group is tagged and predicted with the model. Unreadable directories and damaged database files
are reported and skipped. Symlinks are never followed out of ROOT. An image (docker save tar, OCI
layout) is scanned as its squashed filesystem, from its files alone. See docs/scan.md.`;

  static examples = [
    '<%= config.bin %> scan',
    '<%= config.bin %> scan /mnt/snapshot --format table',
    '<%= config.bin %> scan /mnt/snapshot --include-managed --format cyclonedx --out sbom.json',
    '<%= config.bin %> scan /mnt/distroless --ignore-db',
  ];

  static args = {root: Args.string({description: 'the root filesystem to scan (a directory), or an image (its squashed filesystem)', default: '/'})};
  static flags = {
    platform: imageFlags.platform,
    'base-layer': imageFlags['base-layer'],
    model: Flags.string({char: 'm', description: 'model file (with FILE.json beside it); default: the bundled model'}),
    format: Flags.string({char: 'f', description: 'output format', options: [...PREDICTION_FORMATS], default: 'json'}),
    out: Flags.string({char: 'o', description: 'write the output to this file (atomically) instead of stdout'}),
    'include-managed': Flags.boolean({description: 'list the packages the databases record too (one inventory)', default: false}),
    'ignore-db': Flags.boolean({description: 'read no package database: name the packages present from their files alone', default: false}),
    evidence: Flags.boolean({description: 'list the tags that support each label', allowNo: true}),
    threads: Flags.integer({description: 'walker threads (default: cores, at least 2)', min: 1, max: 64}),
  };

  async run(): Promise<ScanResult> {
    const {args, flags} = await this.parse(Scan);
    let st;
    try {
      st = await stat(args.root);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new PraxiError(`${args.root}: cannot open (${code ?? String(err)})`, code === 'ENOENT' ? 'INPUT_NOT_FOUND' : 'INPUT_UNREADABLE', args.root);
    }
    const format = flags.format as PredictionFormat;
    const image = await isImageInput(args.root, st.isDirectory());
    if (!st.isDirectory() && !image) throw new PraxiError(`${args.root}: neither a directory nor an image (docker save tar, OCI layout)`, 'INPUT_UNREADABLE', args.root);
    const result = await (image ? (root: string, o: ScanOptions) => scanImage(root, {...o, imageOptions: imageOptionsFromFlags(flags)}) : scanRoot)(args.root, {
      model: flags.model ?? bundledModelPath,
      includeManaged: flags['include-managed'],
      ignoreDb: flags['ignore-db'],
      evidence: flags.evidence ?? format === 'cyclonedx',
      ...(flags.threads ? {threads: flags.threads} : {}),
    });
    for (const w of result.warnings.slice(0, 50)) process.stderr.write(`praxi: warning: ${w}\n`);
    if (result.warnings.length > 50) process.stderr.write(`praxi: warning: ... and ${result.warnings.length - 50} more (all in --json "warnings")\n`);
    if (result.warnings.length > 0) process.exitCode = 1;
    const text = await renderScan(result, format);
    if (flags.out) await writeFileAtomic(flags.out, text);
    else if (!this.jsonEnabled()) process.stdout.write(text);
    return result;
  }
}
