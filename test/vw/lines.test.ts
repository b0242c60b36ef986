import {describe, expect, it} from 'vitest';

import {csoaaLine, csoaaTestLine, featureText, oaaLine, testLine, vwLine} from '../../src/vw/index.js';

describe('Praxi VW lines', () => {
  const tags = ['000:32', 'dpkg:27', 'emacs-nox.:7'];

  it('single-label: "<k> | tag:c ..." with single spaces', () => {
    expect(oaaLine(3, tags)).toBe('3 | 000:32 dpkg:27 emacs-nox.:7');
    expect(vwLine(3, tags)).toBe(oaaLine(3, tags));
    expect(featureText(tags)).toBe('000:32 dpkg:27 emacs-nox.:7');
  });

  it('multi-label csoaa: "k:0.0 " for labels present, "k:1.0 " otherwise, every class in order', () => {
    expect(csoaaLine({classes: 4, present: [2, 4]}, tags)).toBe('1:1.0 2:0.0 3:1.0 4:0.0 | 000:32 dpkg:27 emacs-nox.:7');
    expect(vwLine({classes: 2, present: new Set([1])}, ['a:1'])).toBe('1:0.0 2:1.0 | a:1');
  });

  it('test lines: "| tags", and csoaa "1 2 ... N | tags"', () => {
    expect(testLine(tags)).toBe('| 000:32 dpkg:27 emacs-nox.:7');
    expect(vwLine(null, ['a:1'])).toBe('| a:1');
    expect(csoaaTestLine(3, ['a:1'])).toBe('1 2 3 | a:1');
  });

  it('refuses class numbers outside 1..N', () => {
    expect(() => oaaLine(0, tags)).toThrow(RangeError);
    expect(() => oaaLine(1.5, tags)).toThrow(RangeError);
    expect(() => csoaaLine({classes: 3, present: [4]}, tags)).toThrow(RangeError);
  });
});
