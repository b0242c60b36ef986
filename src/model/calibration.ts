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

/**
 * Logistic regression p = σ(w·x + b) over a few features, by Newton's method with Platt's target
 * smoothing (finite weights when the classes separate) and a tiny ridge (a feature that never
 * varies stays at 0). Returns [w..., b].
 */
export function fitLogistic(features: readonly ArrayLike<number>[], labels: ArrayLike<boolean>, iterations = 50): number[] {
  const n = labels.length;
  const d = features.length + 1;
  let positives = 0;
  for (let i = 0; i < n; i++) if (labels[i]) positives++;
  const hi = (positives + 1) / (positives + 2);
  const lo = 1 / (n - positives + 2);
  const w = new Array<number>(d).fill(0);
  const x = new Array<number>(d);
  for (let it = 0; it < iterations; it++) {
    const g = new Array<number>(d).fill(0);
    const h = Array.from({length: d}, (_, i) => Array.from({length: d}, (_, j) => (i === j ? 1e-6 : 0)));
    for (let i = 0; i < n; i++) {
      for (let k = 0; k < d - 1; k++) x[k] = features[k][i];
      x[d - 1] = 1;
      let z = 0;
      for (let k = 0; k < d; k++) z += w[k] * x[k];
      const p = 1 / (1 + Math.exp(-z));
      const diff = p - (labels[i] ? hi : lo);
      const v = p * (1 - p);
      for (let a = 0; a < d; a++) {
        g[a] += diff * x[a];
        for (let b = 0; b < d; b++) h[a][b] += v * x[a] * x[b];
      }
    }
    const step = solve(h, g);
    if (!step) break;
    let moved = 0;
    for (let k = 0; k < d; k++) {
      w[k] -= step[k];
      moved += Math.abs(step[k]);
    }
    if (moved < 1e-10) break;
  }
  return w;
}

/** Gaussian elimination with partial pivoting; undefined when singular. */
function solve(a: number[][], b: number[]): number[] | undefined {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r][c]) > Math.abs(m[p][c])) p = r;
    if (Math.abs(m[p][c]) < 1e-18) return undefined;
    [m[c], m[p]] = [m[p], m[c]];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r][c] / m[c][c];
      for (let k = c; k <= n; k++) m[r][k] -= f * m[c][k];
    }
  }
  return m.map((row, i) => row[n] / row[i]);
}
