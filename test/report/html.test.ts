import {execFileSync, spawnSync} from 'node:child_process';
import {existsSync, mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';

import type {EvalResult} from '../../src/eval/evaluate.js';
import {computeMetrics} from '../../src/eval/metrics.js';
import {renderEvalHtml} from '../../src/report/html.js';
import {rng} from '../../src/util/random.js';

const chromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));

function flagsFor(dir: string): string[] {
  return ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', `--user-data-dir=${join(dir, 'profile')}`];
}

function sampleResult(): EvalResult {
  const metrics = computeMetrics([
    {truth: ['nginx'], predicted: ['nginx']},
    {truth: ['nginx', 'redis'], predicted: ['nginx', 'postgresql']},
    {truth: ['redis'], predicted: ['redis']},
    {truth: ['<script>alert(1)</script>'], predicted: []},
  ]);
  return {
    kind: 'multi',
    setup: {train_examples: 10, test_examples: 4, labels: 4},
    results: [
      {mode: 'praxi', description: 'tag profiles', reference_only: false, metrics, train_seconds: 0.5, predict_seconds: 0.1, scores: {true: [0.9, 0.8, 0.95], false: [0.1, 0.6]}},
      {mode: 'compat-true-k', description: 'told k', reference_only: true, metrics, train_seconds: 0.4, predict_seconds: 0.1, scores: {true: [0.7], false: [0.2]}},
    ],
    errors: [],
  };
}

describe('HTML evaluation report', () => {
  it('is self-contained and escapes labels', () => {
    const html = renderEvalHtml(sampleResult());
    expect(html).not.toMatch(/<script(?! type="application\/json")/);
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).toContain('&#60;script&#62;');
  });

  it.skipIf(!chromium)('score histograms: both classes visible when wrong labels outnumber true ones 100 to 1 (headless Chromium)', () => {
    // As an evaluation gives them: per changeset one true label scoring high and ~100 wrong ones near 0.
    const r = rng(5);
    const result = sampleResult();
    const trueScores = Array.from({length: 60}, () => 0.55 + 0.45 * r());
    const falseScores = Array.from({length: 6000}, (_, i) => (i % 300 === 0 ? 0.3 + 0.6 * r() : 0.04 * r()));
    result.results[0]!.scores = {true: trueScores, false: falseScores};
    const dir = mkdtempSync(join(tmpdir(), 'praxi-report-hist-'));
    const file = join(dir, 'report.html');
    // The page has no scripts; this test copy measures the rendered bars and writes what it saw into the DOM.
    const probe = `<script>const out = document.createElement('pre'); out.id = 'probe'; out.textContent = JSON.stringify([...document.querySelectorAll('section:first-of-type rect.hist')].map((b) => ({cls: b.dataset.class, count: Number(b.dataset.count), height: b.getBoundingClientRect().height}))); document.body.appendChild(out);</script>`;
    writeFileSync(file, renderEvalHtml(result).replace('</body>', `${probe}</body>`));
    const dom = execFileSync(chromium!, [...flagsFor(dir), '--dump-dom', `file://${file}`], {encoding: 'utf8', timeout: 300_000, stdio: ['ignore', 'pipe', 'ignore']});
    const bars = JSON.parse(/<pre id="probe">([^<]*)<\/pre>/.exec(dom)![1]!) as {cls: string; count: number; height: number}[];
    for (const cls of ['true', 'false']) {
      const mine = bars.filter((b) => b.cls === cls);
      expect(mine.length).toBe(20);
      expect(mine.reduce((n, b) => n + b.count, 0)).toBe(cls === 'true' ? 60 : 6000);
      // Every non-empty bin is drawn, empty ones are not.
      for (const b of mine) expect(b.height > 0, `${cls} bin with ${b.count}`).toBe(b.count > 0);
      for (const b of mine.filter((x) => x.count > 0)) expect(b.height).toBeGreaterThanOrEqual(2);
    }
    // The true labels' tallest bar is not dwarfed by the wrong labels' zero bin.
    const tallest = (cls: string) => Math.max(...bars.filter((b) => b.cls === cls).map((b) => b.height));
    expect(tallest('true')).toBeGreaterThan(0.5 * tallest('false'));
    // Bins with a single score stay visible next to the 5,980-score zero bin.
    const ones = bars.filter((b) => b.cls === 'false' && b.count === 1);
    expect(ones.length).toBeGreaterThan(0);
    for (const b of ones) expect(b.height).toBeGreaterThanOrEqual(0.05 * tallest('false'));
  });

  it.skipIf(!chromium)('renders in headless Chromium and shows the same numbers as the JSON', () => {
    const result = sampleResult();
    const dir = mkdtempSync(join(tmpdir(), 'praxi-report-'));
    const file = join(dir, 'report.html');
    writeFileSync(file, renderEvalHtml(result));
    const flags = flagsFor(dir);
    const dom = execFileSync(chromium!, [...flags, '--dump-dom', `file://${file}`], {encoding: 'utf8', timeout: 300_000, stdio: ['ignore', 'pipe', 'ignore']});
    // Every rendered number matches the value at its JSON path.
    const cells = [...dom.matchAll(/data-metric="([^"]+)" data-value="([^"]+)">([^<]+)</g)];
    expect(cells.length).toBeGreaterThan(10);
    for (const [, path, value, shown] of cells) {
      const named: Record<string, string> = {lt: '<', gt: '>', amp: '&', quot: '"', apos: "'"};
      const decoded = path.replace(/&#(\d+);/g, (_, c: string) => String.fromCharCode(Number(c))).replace(/&([a-z]+);/g, (m, n: string) => named[n] ?? m);
      const parts = decoded.split('.');
      let v: unknown = result;
      for (let i = 0; i < parts.length; i++) {
        if (parts[i] === 'per_label') {
          const label = parts.slice(i + 1, -1).join('.');
          v = (v as {per_label: {label: string; f1: number}[]}).per_label.find((l) => l.label === label)!.f1;
          break;
        }
        v = (v as Record<string, unknown>)[parts[i]];
      }
      expect(Number(value), path).toBe(v);
      expect(shown, path).toBe((v as number).toFixed(4));
    }
    const shot = join(dir, 'report.png');
    const r = spawnSync(chromium!, [...flags, `--screenshot=${shot}`, '--window-size=1200,1600', `file://${file}`], {timeout: 300_000, stdio: 'ignore'});
    expect(r.status).toBe(0);
    expect(existsSync(shot)).toBe(true);
  });
});
