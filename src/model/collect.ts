/**
 * Gathers labelled tag sets for training and evaluation from any praxi input (changesets, tag
 * files, trees, images), reporting the inputs that cannot be used and going on with the others.
 */
import type {FilterSpec} from '../columbus/index.js';
import {PraxiError} from '../errors.js';
import type {ImageOptions} from '../images/index.js';
import {tagInputs} from '../tagging.js';
import {wordLists, type WordLists} from './features.js';

export interface LabelledTags {
  source: string;
  /** `"tag:count"` strings in Columbus order. */
  tags: string[];
  /** Path words (docs/accuracy.md), when collected with `words` from changesets (not tag files). */
  words?: WordLists;
  labels: string[];
}

export interface CollectOptions {
  threshold: number;
  filter: FilterSpec;
  jobs?: number;
  trees?: readonly string[];
  image?: ImageOptions;
  /** Also collect each changeset's path words. */
  words?: boolean;
  /** Called for every input that could not be used. */
  onError: (err: Error) => void;
}

export async function collectLabelled(inputs: readonly string[], options: CollectOptions): Promise<LabelledTags[]> {
  const out: LabelledTags[] = [];
  const outcomes = tagInputs(inputs, {
    threshold: options.threshold,
    filter: options.filter,
    jobs: options.jobs,
    trees: options.trees,
    tagFiles: true,
    words: options.words ?? false,
    // Image layers become training data through the packages their Dockerfile command installs.
    image: {labelsFromHistory: true, ...options.image},
  });
  for await (const o of outcomes) {
    if (!o.ok) {
      options.onError(o.error);
      continue;
    }
    const t = o.value;
    const labels = t.labels ?? (t.label !== undefined ? [t.label] : []);
    if (labels.length === 0) {
      // A layer that installs nothing recognisable (a base image, COPY, ...) is not training data.
      if (t.layer) continue;
      options.onError(new PraxiError(`${t.source}: no \`label\` or \`labels\`; training data must say what was installed`, 'LABEL_MISSING', t.source));
      continue;
    }
    out.push({source: t.source, tags: t.tags.toStrings(), ...(t.words ? {words: wordLists(t.words)} : {}), labels: [...new Set(labels)]});
  }
  return out;
}
