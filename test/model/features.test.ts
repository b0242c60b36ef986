// The default feature set (Columbus tags + path words) and the single-label re-weighting: the
// words are what native/features gives, the VW model they train is still a model real `vw` reads
// and scores the same (oracle), and tag files get a clear per-input error from a words model.
import {execFileSync} from 'node:child_process';
import {existsSync, mkdtempSync, readdirSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';

import {pathWords} from '../../src/columbus/index.js';
import {collectLabelled} from '../../src/model/collect.js';
import {missingWords, profileItems, vwFeatures} from '../../src/model/features.js';
import {PraxiModel} from '../../src/model/model.js';
import {reweightByCoverage} from '../../src/model/single.js';
import {train} from '../../src/flow/train.js';
import {predict} from '../../src/flow/predict.js';
import {featureText} from '../../src/vw/index.js';
import {hasShared, sharedDir} from '../support/shared.js';
import {g6} from '../vw/support.js';

const sample = join(sharedDir, 'data', 'debian-sample', 'sl');
const vwBinary = join(sharedDir, 'vw', 'vw');

describe('path words', () => {
  it('are path components without mode or dpkg suffix, digits folded, sorted, counted; directory words apart', async () => {
    const w = await pathWords(['000 /usr/share/doc/nanoc-4.12.14/copyright.dpkg-new', '644 /usr/lib/python3.11/a b:c', '/usr/share/doc/nanoc-4.13.0/NEWS']);
    expect([...w.directories.entries()]).toEqual([
      ['doc', 2],
      ['lib', 1],
      ['nanoc-0.0.0', 2],
      ['python0.0', 1],
      ['share', 2],
      ['usr', 3],
    ]);
    expect([...w.all.entries()]).toEqual([
      ['NEWS', 1],
      ['a_b_c', 1],
      ['copyright', 1],
      ['doc', 2],
      ['lib', 1],
      ['nanoc-0.0.0', 2],
      ['python0.0', 1],
      ['share', 2],
      ['usr', 3],
    ]);
  });

  it('need a changeset: a tag file is refused by name, with what to do', () => {
    expect(() => vwFeatures('columbus+paths', {source: 'x.tag', tags: ['a:2']})).toThrow(missingWords('x.tag').message);
    expect(vwFeatures('columbus', {source: 'x.tag', tags: ['a:2']})).toEqual(['a:2']);
    // VW sees the directory words; the profile all of them.
    expect(vwFeatures('columbus+paths', {source: 'x.yaml', tags: ['abc:2'], words: {all: ['usr', 'x'], directories: ['usr']}})).toEqual(['abc', '|w', 'usr']);
    expect(profileItems('columbus+paths', {source: 'x.yaml', tags: ['abc:2'], words: {all: ['usr', 'x'], directories: ['usr']}})).toEqual(['usr', 'x']);
  });
});

describe('single-label re-weighting by profile coverage', () => {
  it('keeps a probability distribution and lifts the label whose files are there', () => {
    const out = reweightByCoverage([{label: 'a', score: 0.6}, {label: 'b', score: 0.4}], new Map([['b', 1], ['a', 0.2]]), 12);
    expect(out.map((s) => s.label)).toEqual(['b', 'a']);
    expect(out[0].score + out[1].score).toBeCloseTo(1, 12);
    // Without coverage anywhere the order and values are VW's.
    const same = reweightByCoverage([{label: 'a', score: 0.6}, {label: 'b', score: 0.4}], new Map(), 12);
    expect(same).toEqual([{label: 'a', score: 0.6}, {label: 'b', score: 0.4}]);
  });
});

describe.skipIf(!hasShared)('a default (columbus+paths) model on the shared sample', () => {
  it('is a VW model real vw scores the same from the same lines (oracle: shared/vw/vw), and tag files get INPUT_NEEDS_PATHS', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'praxi-features-'));
    const model = join(dir, 'model.vw');
    const r = await train([join(sample, 'train')], {model});
    expect(r.features).toBe('columbus+paths');
    expect(r.manifest.features).toBe('columbus+paths');
    expect(r.manifest.single?.profile_weight).toBeGreaterThan(0);

    const tests = readdirSync(join(sample, 'test')).sort().slice(0, 40).map((f) => join(sample, 'test', f));
    const examples = await collectLabelled(tests, {threshold: 2, filter: 'praxi', words: true, onError: (e) => {
      throw e;
    }});
    const loaded = await PraxiModel.load(model);
    const ours = (await loaded.vw!.predict(examples.map((ex) => featureText(vwFeatures('columbus+paths', ex))))).values;
    const k = loaded.vw!.numClasses;
    if (existsSync(vwBinary)) {
      writeFileSync(join(dir, 'test.txt'), examples.map((ex) => `| ${featureText(vwFeatures('columbus+paths', ex))}\n`).join(''));
      execFileSync(vwBinary, ['-t', '-i', model, '-d', join(dir, 'test.txt'), '-p', join(dir, 'vw.pred'), '--probabilities', '--loss_function', 'logistic', '--quiet']);
      const theirs = (await import('node:fs')).readFileSync(join(dir, 'vw.pred'), 'utf8').trim().split('\n');
      theirs.forEach((line, row) => {
        expect(line).toBe(Array.from({length: k}, (_, c) => `${c + 1}:${g6(ours[row * k + c])}`).join(' '));
      });
    }

    // The re-weighted decision names the sample's packages at least as well as VW alone.
    const preds = await predict(tests, {model});
    const hits = preds.predictions.filter((p, i) => p.labels[0].label === examples[i].labels[0]).length;
    let vwHits = 0;
    examples.forEach((ex, row) => {
      let best = 0;
      for (let c = 1; c < k; c++) if (ours[row * k + c] > ours[row * k + best]) best = c;
      if (loaded.manifest.labels[best] === ex.labels[0]) vwHits++;
    });
    expect(hits).toBeGreaterThanOrEqual(vwHits);

    // A tag file cannot be predicted by a words model: named, the rest still predicted.
    const tagFile = join(dir, 'one.tag');
    writeFileSync(tagFile, 'label: x\ntags:\n- abc:2\n');
    const mixed = await predict([tagFile, tests[0]], {model});
    expect(mixed.predictions.map((p) => p.source)).toEqual([tests[0]]);
    expect(mixed.errors).toMatchObject([{code: 'INPUT_NEEDS_PATHS', source: tagFile}]);
  }, 120_000);
});
