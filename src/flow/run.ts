/**
 * `praxi run`: tag and predict in one process — the whole of the old two-container pipeline.
 * With `out`, results land in the directory atomically (temp file, fsync, rename): a reader or a
 * kill at any moment sees the previous complete result or the new complete one, never a torn file.
 * An abort (SIGTERM in a pod) stops reading inputs and writes nothing.
 */
import {mkdir} from 'node:fs/promises';
import {join} from 'node:path';

import {PraxiError} from '../errors.js';
import {bundledModelPath} from '../model/bundled.js';
import {PraxiModel} from '../model/model.js';
import type {TaggedChangeset} from '../tagging.js';
import {removeStaleTemps, writeFileAtomic} from '../util/atomic-write.js';
import {shardOf, type Shard} from '../util/shard.js';
import {timed} from '../util/timings.js';
import {predictWith, type PredictFlowOptions, type PredictResult} from './predict.js';

export interface RunOptions extends PredictFlowOptions {
  /** Default: the bundled model. */
  model?: string;
  /** Directory for predictions.json (and tags.jsonl, sbom.cdx.json). */
  out?: string;
  keepTags?: boolean;
  sbom?: boolean;
  shard?: Shard;
}

export interface RunResult extends PredictResult {
  model: string;
  model_sha256: string;
  shard?: Shard;
  /** Files written into `out`. */
  written: string[];
  /** True when stopped by the abort signal (nothing was written). */
  aborted: boolean;
}

export async function run(inputs: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  const modelFile = options.model ?? bundledModelPath;
  const model = await timed('model_load', () => PraxiModel.load(modelFile, {...options, predictOnly: true}));
  if (options.out) {
    try {
      await mkdir(options.out, {recursive: true});
    } catch (err) {
      throw new PraxiError(`cannot create the output directory ${options.out}: ${(err as Error).message}`, 'OUTPUT_UNWRITABLE', options.out);
    }
    await removeStaleTemps(options.out); // temp files of an earlier, killed run
  }
  const tags: string[] = [];
  const {shard} = options;
  const result = await predictWith(model, inputs, {
    ...options,
    evidence: options.evidence ?? options.sbom ?? false,
    ...(shard ? {select: (key: string) => shardOf(key, shard.count) === shard.index} : {}),
    onTags: (t: TaggedChangeset) => {
      if (options.keepTags) tags.push(JSON.stringify({source: t.source, ...(t.label !== undefined ? {label: t.label} : {}), ...(t.labels ? {labels: t.labels} : {}), tags: t.tags.toStrings()}));
      options.onTags?.(t);
    },
  });
  const out: RunResult = {
    ...result,
    model: modelFile,
    model_sha256: await model.modelSha256(),
    ...(shard ? {shard} : {}),
    written: [],
    aborted: options.signal?.aborted ?? false,
  };
  // Nothing processed (every input failed, or none found): write nothing, like any other failure.
  const nothing = result.predictions.length === 0 && result.errors.length > 0;
  if (options.out && !out.aborted && !nothing) {
    const files: [string, string][] = [];
    if (options.keepTags) files.push(['tags.jsonl', tags.length ? `${tags.join('\n')}\n` : '']);
    if (options.sbom) files.push(['sbom.cdx.json', (await import('../report/cyclonedx.js')).toCycloneDx(result.predictions)]);
    // predictions.json last: its presence means the run finished.
    const {written: _w, aborted: _a, ...doc} = out;
    files.push(['predictions.json', `${JSON.stringify(doc, null, 2)}\n`]);
    for (const [name, text] of files) {
      const file = join(options.out, name);
      try {
        await writeFileAtomic(file, text);
      } catch (err) {
        throw new PraxiError(`cannot write ${file}: ${(err as Error).message}`, 'OUTPUT_UNWRITABLE', file);
      }
      out.written.push(file);
    }
  }
  return out;
}
