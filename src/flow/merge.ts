/**
 * Joins the predictions.json files of sharded runs into one, refusing to mix results of different
 * models or overlapping shards.
 */
import {readFile, stat} from 'node:fs/promises';
import {join} from 'node:path';

import {PraxiError} from '../errors.js';
import type {Prediction} from '../model/model.js';
import type {ErrorJson} from '../report-error.js';
import type {Shard} from '../util/shard.js';

export interface MergedResult {
  model: string;
  model_sha256: string;
  predictions: Prediction[];
  errors: ErrorJson[];
  /** The shard results merged, in order. */
  merged: string[];
}

interface ShardDoc {
  model: string;
  model_sha256: string;
  shard?: Shard;
  predictions: Prediction[];
  errors: ErrorJson[];
}

async function readShard(path: string): Promise<{file: string; doc: ShardDoc}> {
  let file = path;
  try {
    if ((await stat(path)).isDirectory()) file = join(path, 'predictions.json');
  } catch {
    /* reported by readFile below */
  }
  let doc: unknown;
  try {
    doc = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    throw new PraxiError(`${file}: cannot read a praxi run result (${(err as Error).message})`, 'MERGE_INPUT', file);
  }
  const d = doc as Partial<ShardDoc>;
  if (!Array.isArray(d.predictions) || !Array.isArray(d.errors) || typeof d.model_sha256 !== 'string') {
    throw new PraxiError(`${file}: not a praxi run result (expected predictions, errors and model_sha256)`, 'MERGE_INPUT', file);
  }
  return {file, doc: d as ShardDoc};
}

export async function mergeResults(paths: readonly string[]): Promise<MergedResult> {
  if (paths.length === 0) throw new PraxiError('nothing to merge: give the output directories (or predictions.json files) of the shards', 'USAGE_NO_INPUT');
  const shards = await Promise.all(paths.map(readShard));
  const first = shards[0].doc;
  const seenShards = new Set<number>();
  for (const {file, doc} of shards) {
    if (doc.model_sha256 !== first.model_sha256) {
      throw new PraxiError(`${file}: made with another model (${doc.model_sha256.slice(0, 12)}… vs ${first.model_sha256.slice(0, 12)}…)`, 'MERGE_MODEL_MISMATCH', file);
    }
    if (doc.shard) {
      if (seenShards.has(doc.shard.index)) throw new PraxiError(`${file}: shard ${doc.shard.index}/${doc.shard.count} appears twice`, 'MERGE_DUPLICATE_SHARD', file);
      seenShards.add(doc.shard.index);
    }
  }
  const counts = new Set(shards.flatMap((s) => (s.doc.shard ? [s.doc.shard.count] : [])));
  if (counts.size > 1) throw new PraxiError(`the shards disagree on their count (${[...counts].join(', ')})`, 'MERGE_SHARD_COUNT');
  if (counts.size === 1) {
    const n = [...counts][0];
    const missing = Array.from({length: n}, (_, i) => i).filter((i) => !seenShards.has(i));
    if (missing.length > 0) throw new PraxiError(`shard${missing.length > 1 ? 's' : ''} ${missing.join(', ')} of ${n} missing: merge every shard's result`, 'MERGE_MISSING_SHARD');
  }
  const predictions = shards.flatMap((s) => s.doc.predictions).sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : 0));
  return {
    model: first.model,
    model_sha256: first.model_sha256,
    predictions,
    errors: shards.flatMap((s) => s.doc.errors),
    merged: shards.map((s) => s.file),
  };
}
