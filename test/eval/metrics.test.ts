import {describe, expect, it} from 'vitest';

import {assignFolds} from '../../src/eval/evaluate.js';
import {computeMetrics} from '../../src/eval/metrics.js';

describe('metrics', () => {
  it('computes micro, macro and weighted averages like scikit-learn on an indicator matrix', () => {
    // truth / predicted per example; hand-computed below.
    const m = computeMetrics([
      {truth: ['a'], predicted: ['a']},
      {truth: ['a', 'b'], predicted: ['a', 'c']},
      {truth: ['b'], predicted: ['b']},
      {truth: ['c'], predicted: []},
    ]);
    // a: tp2 fp0 fn0; b: tp1 fp0 fn1; c: tp0 fp1 fn1
    expect(m.micro.precision).toBeCloseTo(3 / 4, 12);
    expect(m.micro.recall).toBeCloseTo(3 / 5, 12);
    expect(m.micro.f1).toBeCloseTo((2 * 3) / (2 * 3 + 1 + 2), 12);
    const f1b = (2 * 1 * 0.5) / 1.5;
    expect(m.macro.f1).toBeCloseTo((1 + f1b + 0) / 3, 12);
    expect(m.weighted.f1).toBeCloseTo((1 * 2 + f1b * 2 + 0 * 1) / 5, 12);
    expect(m.exact_match).toBeCloseTo(2 / 4, 12);
    expect(m.per_label.map((l) => [l.label, l.support])).toEqual([
      ['a', 2],
      ['b', 2],
      ['c', 1],
    ]);
    expect(m.confusions).toEqual([{expected: 'b', predicted: 'c', count: 1}]);
  });

  it('assigns single-label folds stratified by package and multi-label folds round-robin', () => {
    const ex = (l: string) => ({source: l, tags: [], labels: [l]});
    const data = [ex('a'), ex('b'), ex('a'), ex('a'), ex('b')];
    expect(assignFolds(data, 2, false, 1)).toEqual([0, 0, 1, 0, 1]);
    const multi = assignFolds(data, 2, true, 1);
    expect(multi.filter((f) => f === 0).length).toBe(3);
    expect(multi.filter((f) => f === 1).length).toBe(2);
  });
});
