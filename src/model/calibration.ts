/**
 * Platt scaling: p = 1 / (1 + exp(-(a·s + b))), fitted by Newton's method on held-out
 * (score, present) pairs, so reported confidences are probabilities rather than raw coverages.
 */
export interface Platt {
  a: number;
  b: number;
}

export function plattProbability(p: Platt, score: number): number {
  return 1 / (1 + Math.exp(-(p.a * score + p.b)));
}

export function fitPlatt(scores: ArrayLike<number>, labels: ArrayLike<boolean>, iterations = 50): Platt {
  // Platt's target smoothing keeps the fit finite when the classes separate perfectly.
  let positives = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i]) positives++;
  const negatives = labels.length - positives;
  const hi = (positives + 1) / (positives + 2);
  const lo = 1 / (negatives + 2);
  let a = 1;
  let b = 0;
  for (let it = 0; it < iterations; it++) {
    let g0 = 0;
    let g1 = 0;
    let h00 = 1e-9;
    let h01 = 0;
    let h11 = 1e-9;
    for (let i = 0; i < scores.length; i++) {
      const s = scores[i];
      const p = 1 / (1 + Math.exp(-(a * s + b)));
      const t = labels[i] ? hi : lo;
      const d = p - t;
      const w = p * (1 - p);
      g0 += d * s;
      g1 += d;
      h00 += w * s * s;
      h01 += w * s;
      h11 += w;
    }
    const det = h00 * h11 - h01 * h01;
    if (Math.abs(det) < 1e-18) break;
    const da = (h11 * g0 - h01 * g1) / det;
    const db = (h00 * g1 - h01 * g0) / det;
    a -= da;
    b -= db;
    if (Math.abs(da) + Math.abs(db) < 1e-10) break;
  }
  return {a, b};
}

/** Pairs predicted whatever the threshold (e.g. each changeset's best label). */
export interface AlwaysPredicted {
  tp: number;
  fp: number;
}

/**
 * The decision threshold that maximises micro-F1 over held-out (probability, present) pairs;
 * `missed` counts true labels that could not be scored at all (false negatives at any threshold),
 * `always` the pairs predicted at any threshold.
 */
export function bestF1Threshold(
  probabilities: ArrayLike<number>,
  labels: ArrayLike<boolean>,
  missed = 0,
  always: AlwaysPredicted = {tp: 0, fp: 0},
): {threshold: number; f1: number} {
  const order = Array.from({length: probabilities.length}, (_, i) => i).sort((x, y) => probabilities[y] - probabilities[x]);
  let totalPositives = missed + always.tp;
  for (let i = 0; i < labels.length; i++) if (labels[i]) totalPositives++;
  let tp = always.tp;
  let fp = always.fp;
  const alwaysF1 = totalPositives + always.fp === 0 ? 0 : (2 * always.tp) / (2 * always.tp + always.fp + (totalPositives - always.tp));
  let best = {threshold: order.length ? probabilities[order[0]] + 1 : 0.5, f1: alwaysF1};
  for (let k = 0; k < order.length; k++) {
    if (labels[order[k]]) tp++;
    else fp++;
    const next = k + 1 < order.length ? probabilities[order[k + 1]] : -Infinity;
    if (next === probabilities[order[k]]) continue;  // thresholds fall between distinct values
    const f1 = (2 * tp) / (2 * tp + fp + (totalPositives - tp));
    if (f1 > best.f1) best = {threshold: Number.isFinite(next) ? (probabilities[order[k]] + next) / 2 : probabilities[order[k]] / 2, f1};
  }
  return best;
}
