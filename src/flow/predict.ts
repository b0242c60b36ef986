/** `praxi predict` as a library function: inputs → tags (the model's Columbus settings) → labels. */
import type {ImageOptions} from '../images/index.js';
import {missingWords, needsWords, wordLists} from '../model/features.js';
import {PraxiModel, type LoadOptions, type Prediction, type PredictOptions, type TagsToPredict} from '../model/model.js';
import {errorToJson, type ErrorJson} from '../report-error.js';
import {tagInputs, type TaggedChangeset} from '../tagging.js';
import {timed} from '../util/timings.js';

export interface PredictFlowOptions extends PredictOptions, LoadOptions {
  jobs?: number;
  trees?: readonly string[];
  stdin?: AsyncIterable<Uint8Array | string>;
  /** Called for every input that could not be used (prediction goes on without it). */
  onError?: (err: Error) => void;
  /** Called with every tag set as it is produced (e.g. to keep the tags). */
  onTags?: (tags: TaggedChangeset) => void;
  /** Changesets predicted per batch (bounds memory on large inputs). */
  batchSize?: number;
  /** Stop early (SIGTERM): the batch in flight finishes, nothing more is read. */
  signal?: AbortSignal;
  /** Keep only these sources (sharding). */
  select?: (key: string) => boolean;
  /** How image inputs are read (src/images). */
  image?: ImageOptions;
}

export interface PredictResult {
  predictions: Prediction[];
  errors: ErrorJson[];
}

export async function predictWith(model: PraxiModel, inputs: readonly string[], options: PredictFlowOptions = {}): Promise<PredictResult> {
  const {columbus} = model.manifest;
  const predictions: Prediction[] = [];
  const errors: ErrorJson[] = [];
  const words = needsWords(model.manifest.features);
  const batch: TagsToPredict[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    predictions.push(...(await timed('predict', () => model.predict(batch, options))));
    batch.length = 0;
  };
  const outcomes = tagInputs(inputs, {
    threshold: columbus.threshold,
    filter: columbus.filter,
    jobs: options.jobs,
    trees: options.trees,
    stdin: options.stdin,
    tagFiles: true,
    words,
    ...(options.select ? {select: options.select} : {}),
    ...(options.image ? {image: options.image} : {}),
  });
  for await (const o of outcomes) {
    if (options.signal?.aborted) break;
    if (!o.ok) {
      errors.push(errorToJson(o.error));
      options.onError?.(o.error);
      continue;
    }
    if (words && !o.value.words) {
      const err = missingWords(o.value.source);
      errors.push(errorToJson(err));
      options.onError?.(err);
      continue;
    }
    options.onTags?.(o.value);
    batch.push({source: o.value.source, tags: o.value.tags.toStrings(), ...(o.value.words ? {words: wordLists(o.value.words)} : {})});
    if (batch.length >= (options.batchSize ?? 256)) await flush();
  }
  await flush();
  return {predictions, errors};
}

export async function predict(inputs: readonly string[], options: PredictFlowOptions & {model: string}): Promise<PredictResult> {
  return predictWith(await timed('model_load', () => PraxiModel.load(options.model, {...options, predictOnly: true})), inputs, options);
}
