/** `praxi scan` output: json (the result), yaml, table, cyclonedx (discoveries + recorded packages). */
import {yamlLib} from '../util/yaml-lib.js';
import type {PredictionFormat} from '../report/formats.js';
import type {ScanResult} from './scan.js';

function table(r: ScanResult): string {
  const rows: [string, string, string, string][] = [['ROOT', 'FILES', 'LABEL', 'SCORE']];
  for (const g of r.groups) {
    if (g.labels.length === 0) rows.push([g.root, String(g.files), '(none)', '']);
    g.labels.forEach((l, i) => rows.push([i === 0 ? g.root : '', i === 0 ? String(g.files) : '', l.label, l.score.toFixed(4)]));
  }
  for (const p of r.packages ?? []) rows.push([`${p.manager}:`, String(p.files), p.name, p.version ?? '']);
  const width = [0, 1, 2].map((c) => Math.max(...rows.map((row) => row[c]!.length)));
  const lines = rows.map((row) => `${row[0].padEnd(width[0]!)}  ${row[1].padStart(width[1]!)}  ${row[2].padEnd(width[2]!)}  ${row[3]}`.trimEnd());
  const s = r.stats;
  lines.push('', `${s.entries} files: ${s.owned} owned (${r.databases.join(', ') || 'no database'}), ${s.generated} generated, ${s.unowned} in ${r.groups.length} groups; ${s.seconds.toFixed(1)} s`);
  return `${lines.join('\n')}\n`;
}

export async function renderScan(r: ScanResult, format: PredictionFormat): Promise<string> {
  switch (format) {
    case 'json':
      return `${JSON.stringify(r, null, 2)}\n`;
    case 'yaml':
      return yamlLib().stringify(r);
    case 'table':
      return table(r);
    case 'cyclonedx': {
      const {toCycloneDx} = await import('../report/cyclonedx.js');
      const predictions = r.groups.map((g) => ({source: g.root, labels: g.labels}));
      return toCycloneDx(predictions, {recorded: r.packages ?? []});
    }
  }
}
