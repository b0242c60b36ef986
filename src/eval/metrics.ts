/**
 * Classification metrics over label sets, as Praxi reported them (scikit-learn's definitions on a
 * label-indicator matrix): micro, macro and support-weighted precision / recall / F1, exact-set
 * accuracy, a per-label table and the most frequent confusions.
 */
export interface PerLabel {
  label: string;
  support: number;
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface Averages {
  precision: number;
  recall: number;
  f1: number;
}

export interface Confusion {
  /** The true label that was missed… */
  expected: string;
  /** …and the label predicted in its place. */
  predicted: string;
  count: number;
}

export interface Metrics {
  examples: number;
  micro: Averages;
  macro: Averages;
  weighted: Averages;
  /** Share of examples whose predicted set equals the true set (top-1 accuracy for single-label). */
  exact_match: number;
  per_label: PerLabel[];
  confusions: Confusion[];
}

export interface Outcome {
  truth: readonly string[];
  predicted: readonly string[];
}

const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);
const f1 = (p: number, r: number) => (p + r === 0 ? 0 : (2 * p * r) / (p + r));

export function computeMetrics(outcomes: readonly Outcome[], maxConfusions = 20): Metrics {
  const stats = new Map<string, {tp: number; fp: number; fn: number; support: number}>();
  const get = (l: string) => {
    let s = stats.get(l);
    if (!s) stats.set(l, (s = {tp: 0, fp: 0, fn: 0, support: 0}));
    return s;
  };
  const confusions = new Map<string, Confusion>();
  let exact = 0;
  for (const o of outcomes) {
    const truth = new Set(o.truth);
    const pred = new Set(o.predicted);
    for (const l of truth) get(l).support++;
    const missed = [...truth].filter((l) => !pred.has(l));
    const extra = [...pred].filter((l) => !truth.has(l));
    for (const l of pred) (truth.has(l) ? get(l).tp++ : get(l).fp++);
    for (const l of missed) get(l).fn++;
    if (missed.length === 0 && extra.length === 0) exact++;
    for (const e of missed) {
      for (const p of extra) {
        const key = `${e}\u0000${p}`;
        const c = confusions.get(key) ?? {expected: e, predicted: p, count: 0};
        c.count++;
        confusions.set(key, c);
      }
    }
  }
  const per_label: PerLabel[] = [...stats]
    .map(([label, s]) => {
      const precision = ratio(s.tp, s.tp + s.fp);
      const recall = ratio(s.tp, s.tp + s.fn);
      return {label, ...s, precision, recall, f1: f1(precision, recall)};
    })
    .sort((a, b) => (a.label < b.label ? -1 : 1));
  const tp = per_label.reduce((n, l) => n + l.tp, 0);
  const fp = per_label.reduce((n, l) => n + l.fp, 0);
  const fn = per_label.reduce((n, l) => n + l.fn, 0);
  const microP = ratio(tp, tp + fp);
  const microR = ratio(tp, tp + fn);
  // Macro and weighted averages run over labels with support (as scikit-learn's do over the
  // labels present in the truth or the predictions; labels only ever predicted count in macro).
  const macroOver = per_label;
  const supported = per_label.filter((l) => l.support > 0);
  const totalSupport = supported.reduce((n, l) => n + l.support, 0);
  const mean = (xs: number[]) => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);
  return {
    examples: outcomes.length,
    micro: {precision: microP, recall: microR, f1: f1(microP, microR)},
    macro: {precision: mean(macroOver.map((l) => l.precision)), recall: mean(macroOver.map((l) => l.recall)), f1: mean(macroOver.map((l) => l.f1))},
    weighted: {
      precision: ratio(supported.reduce((n, l) => n + l.precision * l.support, 0), totalSupport),
      recall: ratio(supported.reduce((n, l) => n + l.recall * l.support, 0), totalSupport),
      f1: ratio(supported.reduce((n, l) => n + l.f1 * l.support, 0), totalSupport),
    },
    exact_match: ratio(exact, outcomes.length),
    per_label,
    confusions: [...confusions.values()].sort((a, b) => b.count - a.count || (a.expected < b.expected ? -1 : 1)).slice(0, maxConfusions),
  };
}
