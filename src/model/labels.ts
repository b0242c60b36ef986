/**
 * Praxi's label table: all training labels sorted in plain string order (Python's, i.e. by code
 * point, which is UTF-8 byte order) and numbered from 1 — VW class k is labels[k - 1].
 */
export function compareCodePoints(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

export function labelTable(labels: Iterable<string>): string[] {
  return [...new Set(labels)].sort(compareCodePoints);
}

/** Extends an existing table (resumed training): old classes keep their numbers, new ones follow. */
export function extendLabelTable(existing: readonly string[], labels: Iterable<string>): string[] {
  const known = new Set(existing);
  return [...existing, ...labelTable([...labels].filter((l) => !known.has(l)))];
}

/** Parses a `--labels` file: one label per line (class 1 first), or a Praxi YAML list. */
export function parseLabelList(text: string): string[] {
  const lines = text.split(/\r?\n/).map((l) => l.replace(/^- /, '').trim()).filter((l) => l !== '' && !l.startsWith('#'));
  return lines.map((l) => (/^'.*'$/.test(l) ? l.slice(1, -1).replace(/''/g, "'") : l));
}
