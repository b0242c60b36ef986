/** Human and machine renderings of predictions: json, table, yaml, cyclonedx. */
import {yamlLib} from '../util/yaml-lib.js';
import type {Prediction} from '../model/model.js';
import type {ErrorJson} from '../report-error.js';

export const PREDICTION_FORMATS = ['json', 'table', 'yaml', 'cyclonedx'] as const;
export type PredictionFormat = (typeof PREDICTION_FORMATS)[number];

export interface PredictionReport {
  predictions: Prediction[];
  errors: ErrorJson[];
}

/** `requested`, or `dependency of A, B` (the first three pullers named). */
function roleText(l: PredictionReport['predictions'][number]['labels'][number]): string {
  if (!l.role) return '';
  if (l.role === 'requested' || !l.pulled_by?.length) return l.role;
  const names = l.pulled_by.slice(0, 3).join(', ');
  return `dependency of ${names}${l.pulled_by.length > 3 ? `, +${l.pulled_by.length - 3}` : ''}`;
}

function table(report: PredictionReport): string {
  const withRoles = report.predictions.some((p) => p.labels.some((l) => l.role));
  const rows: string[][] = [['SOURCE', 'LABEL', 'SCORE', ...(withRoles ? ['ROLE'] : [])]];
  for (const p of report.predictions) {
    if (p.labels.length === 0) rows.push([p.source, '(none)', '', ...(withRoles ? [''] : [])]);
    p.labels.forEach((l, i) => rows.push([i === 0 ? p.source : '', l.label, l.score.toFixed(4), ...(withRoles ? [roleText(l)] : [])]));
  }
  const width = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return `${rows.map((r) => r.map((cell, c) => (c < r.length - 1 ? cell.padEnd(width[c]) : cell)).join('  ').trimEnd()).join('\n')}\n`;
}

/** Async because the CycloneDX library is loaded only when that format is asked for. */
export async function renderPredictions(report: PredictionReport, format: PredictionFormat): Promise<string> {
  switch (format) {
    case 'json':
      return `${JSON.stringify(report, null, 2)}\n`;
    case 'yaml':
      return yamlLib().stringify(report);
    case 'table':
      return table(report);
    case 'cyclonedx':
      return (await import('./cyclonedx.js')).toCycloneDx(report.predictions);
  }
}
