/**
 * VW text lines exactly as Praxi wrote them (shared/spec/praxi-formats.md, "How Praxi used Vowpal
 * Wabbit"): every `"tag:count"` string is one feature in the default namespace, joined by single spaces.
 */

/** A csoaa (multi-label) label: classes 1..classes, those in `present` cost 0.0, the others 1.0. */
export interface VwCostLabel {
  classes: number;
  present: Iterable<number>;
}

/** The feature part of a line (what follows `"| "`). */
export function featureText(tags: readonly string[]): string {
  return tags.join(' ');
}

function checkClass(k: number, classes?: number): void {
  if (!Number.isInteger(k) || k < 1 || (classes !== undefined && k > classes)) {
    throw new RangeError(`class ${k} is not a whole number from 1${classes !== undefined ? ` to ${classes}` : ''}`);
  }
}

/** Single-label training line: `"<k> | tag1:c1 tag2:c2 ..."` (k is 1-based). */
export function oaaLine(k: number, tags: readonly string[]): string {
  checkClass(k);
  return `${k} | ${featureText(tags)}`;
}

/**
 * Multi-label (csoaa) training line: for every class k = 1..classes `"k:0.0 "` when the changeset has
 * it, else `"k:1.0 "`, then `"| tags"`.
 */
export function csoaaLine(label: VwCostLabel, tags: readonly string[]): string {
  checkClass(label.classes);
  const present = new Set<number>();
  for (const k of label.present) {
    checkClass(k, label.classes);
    present.add(k);
  }
  let costs = '';
  for (let k = 1; k <= label.classes; k++) costs += `${k}:${present.has(k) ? '0.0' : '1.0'} `;
  return `${costs}| ${featureText(tags)}`;
}

/** Test line without a label: `"| tags"` (oaa, multilabel_oaa, regression). */
export function testLine(tags: readonly string[]): string {
  return `| ${featureText(tags)}`;
}

/** csoaa test line listing every class, as Praxi predicted: `"1 2 ... N | tags"`. */
export function csoaaTestLine(classes: number, tags: readonly string[]): string {
  checkClass(classes);
  let ks = '';
  for (let k = 1; k <= classes; k++) ks += `${k} `;
  return `${ks}| ${featureText(tags)}`;
}

/**
 * Praxi's line for one tag set: a class number gives the single-label line, a {classes, present} label
 * the multi-label csoaa line, null a test line.
 */
export function vwLine(label: number | VwCostLabel | null, tags: readonly string[]): string {
  if (label === null) return testLine(tags);
  return typeof label === 'number' ? oaaLine(label, tags) : csoaaLine(label, tags);
}
