/**
 * `praxi eval --report report.html`: one self-contained page (inline CSS and SVG, no scripts or
 * network) with the summary table, per-label F1, a confusion heat map of the most confused labels
 * and score distributions. Every number shown carries a data attribute with its exact value, and the
 * whole result is embedded as JSON, so a test can check the page against `--json`.
 */
import type {EvalResult, ModeResult} from '../eval/evaluate.js';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const fmt = (x: number) => x.toFixed(4);

function metricCell(path: string, value: number): string {
  return `<td class="num" data-metric="${esc(path)}" data-value="${value}">${fmt(value)}</td>`;
}

function summaryTable(r: EvalResult): string {
  const rows = r.results
    .map((m, i) => {
      const k = `results.${i}.metrics`;
      return `<tr><th scope="row">${esc(m.mode)}${m.reference_only ? ' <span class="ref">(reference only)</span>' : ''}</th>
${metricCell(`${k}.micro.f1`, m.metrics.micro.f1)}${metricCell(`${k}.macro.f1`, m.metrics.macro.f1)}${metricCell(`${k}.weighted.f1`, m.metrics.weighted.f1)}
${metricCell(`${k}.micro.precision`, m.metrics.micro.precision)}${metricCell(`${k}.micro.recall`, m.metrics.micro.recall)}${metricCell(`${k}.exact_match`, m.metrics.exact_match)}
<td>${esc(m.description)}</td></tr>`;
    })
    .join('\n');
  return `<table class="summary"><thead><tr><th>mode</th><th>micro F1</th><th>macro F1</th><th>weighted F1</th><th>micro precision</th><th>micro recall</th><th>${r.kind === 'single' ? 'accuracy' : 'exact-set accuracy'}</th><th>what it is</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function perLabelChart(m: ModeResult, index: number): string {
  const labels = m.metrics.per_label.filter((l) => l.support > 0);
  const barH = 14;
  const width = 720;
  const left = 240;
  const h = labels.length * barH + 30;
  const bars = labels
    .map((l, i) => {
      const w = Math.max(0, l.f1) * (width - left - 60);
      const y = 20 + i * barH;
      return `<g><text x="${left - 6}" y="${y + 10}" text-anchor="end">${esc(l.label)}</text><rect x="${left}" y="${y + 1}" width="${w.toFixed(1)}" height="${barH - 3}" fill="${l.f1 >= 0.9 ? '#2b8a3e' : l.f1 >= 0.6 ? '#e8a317' : '#c92a2a'}"><title>${esc(l.label)}: F1 ${fmt(l.f1)} (support ${l.support})</title></rect><text x="${left + w + 4}" y="${y + 10}" data-metric="results.${index}.metrics.per_label.${esc(l.label)}.f1" data-value="${l.f1}">${fmt(l.f1)}</text></g>`;
    })
    .join('');
  return `<svg class="chart" width="${width}" height="${h}" role="img" aria-label="F1 per label, ${esc(m.mode)}"><text x="${left}" y="12" class="axis">F1 per label (${esc(m.mode)})</text>${bars}</svg>`;
}

function confusionHeatMap(m: ModeResult): string {
  const pairs = m.metrics.confusions.slice(0, 12);
  if (pairs.length === 0) return '<p>No confusions: every missed label was missed without a wrong label in its place.</p>';
  const rows = [...new Set(pairs.map((p) => p.expected))];
  const cols = [...new Set(pairs.map((p) => p.predicted))];
  const max = Math.max(...pairs.map((p) => p.count));
  const cell = 26;
  const left = 220;
  // Room for the rotated column labels (about 5.5 px per character at 11 px, times sin 60°).
  const top = 34 + Math.min(220, Math.max(...cols.map((c) => c.length)) * 5);
  const rects = pairs
    .map((p) => {
      const x = left + cols.indexOf(p.predicted) * cell;
      const y = top + rows.indexOf(p.expected) * cell;
      const a = 0.15 + 0.85 * (p.count / max);
      return `<rect x="${x}" y="${y}" width="${cell - 2}" height="${cell - 2}" fill="rgba(201,42,42,${a.toFixed(2)})"><title>${esc(p.expected)} → ${esc(p.predicted)}: ${p.count}</title></rect><text x="${x + cell / 2 - 1}" y="${y + cell / 2 + 4}" text-anchor="middle" class="cell">${p.count}</text>`;
    })
    .join('');
  const rowLabels = rows.map((r, i) => `<text x="${left - 6}" y="${top + i * cell + cell / 2 + 4}" text-anchor="end">${esc(r)}</text>`).join('');
  const colLabels = cols.map((c, i) => `<text transform="translate(${left + i * cell + cell / 2},${top - 6}) rotate(-60)">${esc(c)}</text>`).join('');
  return `<svg class="chart" width="${left + cols.length * cell + 20}" height="${top + rows.length * cell + 20}" role="img" aria-label="most confused labels"><text x="4" y="14" class="axis">rows: true label missed · columns: label predicted instead</text>${rowLabels}${colLabels}${rects}</svg>`;
}

const HIST_BINS = 20;

/** Counts of `xs` in HIST_BINS equal bins over [0, 1] (scores outside are clamped). */
export function binScores(xs: readonly number[]): number[] {
  const h = new Array<number>(HIST_BINS).fill(0);
  for (const x of xs) h[Math.min(HIST_BINS - 1, Math.max(0, Math.floor(x * HIST_BINS)))]++;
  return h;
}

/**
 * Bar height for a count on a log scale: wrong labels outnumber true ones by the number of labels,
 * and nearly all score near 0, so linear bars show one tall zero bin and nothing else. Any non-zero
 * count gets at least 2 px.
 */
function logHeight(v: number, top: number, h: number): number {
  if (v === 0) return 0;
  return Math.max(2, (h * Math.log10(1 + v)) / Math.log10(1 + top));
}

/** One panel per class (true labels, wrong labels), each with its own log-scaled count axis. */
function histogram(m: ModeResult): string {
  const w = 24;
  const h = 90;
  const left = 56;
  const panelH = h + 44;
  const panels = ([['true', 'true labels', '#2b8a3e', m.scores.true], ['false', 'wrong labels', '#c92a2a', m.scores.false]] as const)
    .map(([cls, name, color, xs], p) => {
      const counts = binScores(xs);
      const top = Math.max(1, ...counts);
      const y0 = 22 + p * panelH; // top of the plot area
      const ticks: string[] = [];
      for (let t = 1; t <= top; t *= 10) {
        const y = y0 + h - logHeight(t, top, h);
        ticks.push(`<line x1="${left - 4}" x2="${left + HIST_BINS * w}" y1="${y.toFixed(1)}" y2="${y.toFixed(1)}" stroke="#ddd"/><text x="${left - 6}" y="${(y + 4).toFixed(1)}" text-anchor="end">${t}</text>`);
      }
      const bars = counts
        .map((v, i) => {
          const bh = logHeight(v, top, h);
          return `<rect class="hist" data-class="${cls}" data-bin="${i}" data-count="${v}" x="${left + i * w + 1}" y="${(y0 + h - bh).toFixed(1)}" width="${w - 2}" height="${bh.toFixed(1)}" fill="${color}"><title>${name}, scores ${(i / HIST_BINS).toFixed(2)}–${((i + 1) / HIST_BINS).toFixed(2)}: ${v}</title></rect>`;
        })
        .join('');
      const axis = `<line x1="${left}" x2="${left + HIST_BINS * w}" y1="${y0 + h}" y2="${y0 + h}" stroke="#888"/><text x="${left}" y="${y0 + h + 14}">0</text><text x="${left + (HIST_BINS * w) / 2}" y="${y0 + h + 14}" text-anchor="middle">0.5</text><text x="${left + HIST_BINS * w}" y="${y0 + h + 14}" text-anchor="end">1</text>`;
      return `<text x="${left}" y="${y0 - 6}" class="axis">scores of ${name} (${xs.length}; counts on a log scale)</text>${ticks.join('')}${bars}${axis}`;
    })
    .join('');
  return `<svg class="chart" width="${left + HIST_BINS * w + 20}" height="${2 * panelH + 10}" role="img" aria-label="score distributions of true and wrong labels">${panels}</svg>`;
}

export function renderEvalHtml(r: EvalResult, title = 'praxi evaluation'): string {
  const sections = r.results
    .map(
      (m, i) => `<section><h2>${esc(m.mode)}</h2><p>${esc(m.description)}. Training ${m.train_seconds.toFixed(2)} s, prediction ${m.predict_seconds.toFixed(2)} s.</p>
${perLabelChart(m, i)}<h3>Most confused labels</h3>${confusionHeatMap(m)}<h3>Score distributions</h3>${histogram(m)}</section>`,
    )
    .join('\n');
  const json = JSON.stringify(r).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}
table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #ccc;padding:4px 8px;text-align:left}
td.num{text-align:right;font-variant-numeric:tabular-nums}.ref{color:#888;font-weight:normal}
svg.chart{display:block;margin:1em 0;font-size:11px}svg .axis{font-weight:bold}svg .cell{fill:#fff;font-size:10px}
</style></head><body>
<h1>${esc(title)}</h1>
<p id="setup">${r.kind}-label; ${r.setup.train_examples} training and ${r.setup.test_examples} test changesets${r.setup.folds ? ` (${r.setup.folds}-fold cross-validation)` : ''}; ${r.setup.labels} labels.</p>
${summaryTable(r)}
${sections}
<script type="application/json" id="praxi-eval">${json}</script>
</body></html>
`;
}
