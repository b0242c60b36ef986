/** Human and machine renderings of predictions: json, table, yaml, cyclonedx. */
import {stringify} from 'yaml';

import type {Prediction} from '../model/model.js';
import type {ErrorJson} from '../report-error.js';

export const PREDICTION_FORMATS = ['json', 'table', 'yaml', 'cyclonedx'] as const;
export type PredictionFormat = (typeof PREDICTION_FORMATS)[number];

export interface PredictionReport {
  predictions: Prediction[];
  errors: ErrorJson[];
}

function table(report: PredictionReport): string {
  const rows: [string, string, string][] = [['SOURCE', 'LABEL', 'SCORE']];
  for (const p of report.predictions) {
    if (p.labels.length === 0) rows.push([p.source, '(none)', '']);
    p.labels.forEach((l, i) => rows.push([i === 0 ? p.source : '', l.label, l.score.toFixed(4)]));
  }
  const width = [0, 1].map((c) => Math.max(...rows.map((r) => r[c].length)));
  return `${rows.map((r) => `${r[0].padEnd(width[0])}  ${r[1].padEnd(width[1])}  ${r[2]}`.trimEnd()).join('\n')}\n`;
}

/** Async because the CycloneDX library is loaded only when that format is asked for. */
export async function renderPredictions(report: PredictionReport, format: PredictionFormat): Promise<string> {
  switch (format) {
    case 'json':
      return `${JSON.stringify(report, null, 2)}\n`;
    case 'yaml':
      return stringify(report);
    case 'table':
      return table(report);
    case 'cyclonedx':
      return (await import('./cyclonedx.js')).toCycloneDx(report.predictions);
  }
}
