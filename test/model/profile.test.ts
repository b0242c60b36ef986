import {describe, expect, it} from 'vitest';

import {bestF1Threshold, fitPlatt, plattProbability} from '../../src/model/calibration.js';
import {deserializeProfile, serializeProfile} from '../../src/model/profile-file.js';
import {calibrationExamples, hashedIndex, MIN_MULTI_LABEL_EXAMPLES, profileIndexFromProfiles, ProfileIndex, withExtras, type ProfileExample} from '../../src/model/profile.js';
import {rng} from '../../src/util/random.js';

// A synthetic world: every package has its own tags plus shared noise; installs capture most
// of a package's tags; multi-package changesets are unions.
function world(seed: number, packages = 30) {
  const r = rng(seed);
  const own = Array.from({length: packages}, (_, p) => Array.from({length: 12}, (_, k) => `p${p}-tag${k}`));
  const noise = Array.from({length: 40}, (_, k) => `noise${k}`);
  const install = (p: number) => own[p].filter(() => r() < 0.9).concat(noise.filter(() => r() < 0.2));
  const example = (labels: number[]): ProfileExample => ({
    labels: labels.map((p) => `pkg${p}`),
    tags: [...new Set(labels.flatMap(install))],
  });
  const pickSet = (k: number) => {
    const s = new Set<number>();
    while (s.size < k) s.add(Math.floor(r() * packages));
    return [...s];
  };
  return {example, pickSet, packages};
}

describe('profile index', () => {
  const w = world(7);
  const train: ProfileExample[] = [];
  for (let p = 0; p < w.packages; p++) for (let i = 0; i < 3; i++) train.push(w.example([p]));
  for (let i = 0; i < 60; i++) train.push(w.example(w.pickSet(2 + (i % 3))));
  const index = ProfileIndex.train(train, {seed: 3});

  it('finds every package of a multi-package changeset without being told how many', () => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (let i = 0; i < 40; i++) {
      const truth = w.pickSet(1 + (i % 5)).map((p) => `pkg${p}`);
      const got = new Set(index.present(w.example(truth.map((l) => Number(l.slice(3)))).tags).map((s) => s.label));
      for (const l of truth) (got.has(l) ? tp++ : fn++);
      fp += [...got].filter((l) => !truth.includes(l)).length;
    }
    const f1 = (2 * tp) / (2 * tp + fp + fn);
    expect(f1).toBeGreaterThan(0.9);
  });

  it('calibrates: threshold and probabilities come from cross-validation', () => {
    expect(index.stats.cvMicroF1).toBeGreaterThan(0.9);
    expect(index.threshold).toBeGreaterThan(0);
    expect(index.threshold).toBeLessThan(1);
    const s = index.scores(['p3-tag0', 'p3-tag1', 'p3-tag2', 'p3-tag3', 'p3-tag4', 'p3-tag5', 'p3-tag6', 'p3-tag7', 'p3-tag8', 'p3-tag9', 'p3-tag10', 'p3-tag11']);
    expect(s[0].label).toBe('pkg3');
    expect(s[0].coverage).toBeGreaterThan(0.6);  // the profile also holds noise common in its installs
    expect(s[0].score).toBeGreaterThan(index.threshold);
  });

  it('round-trips through its file format and refuses damaged files', () => {
    const bytes = serializeProfile(index);
    const back = deserializeProfile(bytes, 'x.profile');
    const tags = w.example([1, 2]).tags;
    expect(back.scores(tags)).toEqual(index.scores(tags));
    expect(back.threshold).toBe(index.threshold);
    // Unaligned buffers load too (copying where a view is impossible).
    const shifted = Buffer.alloc(bytes.length + 3);
    bytes.copy(shifted, 3);
    expect(deserializeProfile(shifted.subarray(3), 'y').scores(tags)).toEqual(index.scores(tags));
    for (const cut of [0, 7, 8, 40, 100, bytes.length - 8, bytes.length - 1]) {
      expect(() => deserializeProfile(bytes.subarray(0, cut), 'cut.profile')).toThrow(/cut.profile: not a valid praxi profile index/);
    }
    const r = rng(11);
    for (let i = 0; i < 300; i++) {
      const bad = Buffer.from(bytes);
      const at = Math.floor(r() * bad.length);
      bad[at] ^= 1 << Math.floor(r() * 8);
      try {
        const idx = deserializeProfile(bad, 'flip.profile');
        idx.scores(tags);  // if the flip hit data (a weight, a tag byte), scoring must still be safe
      } catch (err) {
        expect((err as {code: string}).code).toMatch(/^PROFILE_(CORRUPT|VERSION)$/);
      }
    }
  });
});

describe('multi-label calibration data', () => {
  it('uses held-out multi-label changesets only when training has enough, else merges single-label ones', () => {
    const single = (l: string): ProfileExample => ({labels: [l], tags: [`${l}-a`, `${l}-b`, 'shared']});
    const held = [single('a'), single('b'), {labels: ['c', 'd'], tags: ['c-a', 'd-a']}, single('e'), single('f')];
    expect(calibrationExamples(held, true, rng(1))).toEqual([{labels: ['c', 'd'], tags: ['c-a', 'd-a']}]);
    const merged = calibrationExamples(held.filter((ex) => ex.labels.length === 1), false, rng(1));
    expect(merged.length).toBeGreaterThanOrEqual(1);
    for (const m of merged) {
      expect(m.labels.length).toBeGreaterThanOrEqual(2);
      expect(m.labels.length).toBeLessThanOrEqual(4);
      // Tags are the union of the members' tags, each once.
      expect(m.tags.filter((t) => t === 'shared')).toEqual(['shared']);
      for (const l of m.labels) expect(m.tags).toContain(`${l}-a`);
    }
  });

  it('adding single-label data does not loosen the threshold chosen on multi-label data', () => {
    const w = world(11, 40);
    const multi: ProfileExample[] = Array.from({length: 4 * MIN_MULTI_LABEL_EXAMPLES}, () => w.example(w.pickSet(3)));
    const singles: ProfileExample[] = [];
    for (let p = 0; p < w.packages; p++) for (let i = 0; i < 4; i++) singles.push(w.example([p]));
    const tests = Array.from({length: 60}, () => w.example(w.pickSet(3)));
    const f1 = (index: ProfileIndex) => {
      let tp = 0;
      let fp = 0;
      let fn = 0;
      for (const ex of tests) {
        const got = new Set(index.scores(ex.tags).filter((s) => s.score >= index.threshold).map((s) => s.label));
        for (const l of got) (ex.labels.includes(l) ? tp++ : fp++);
        for (const l of ex.labels) if (!got.has(l)) fn++;
      }
      return (2 * tp) / (2 * tp + fp + fn);
    };
    const alone = ProfileIndex.train(multi, {seed: 3});
    const joined = ProfileIndex.train([...multi, ...singles], {seed: 3});
    expect(f1(joined)).toBeGreaterThanOrEqual(f1(alone) - 0.02);
    expect(f1(joined)).toBeGreaterThan(0.9);
  });
});

describe('compact profile index (tag hashes)', () => {
  it('scores exactly like the string form, round-trips, and still gives evidence', () => {
    const w = world(5, 20);
    const train: ProfileExample[] = [];
    for (let p = 0; p < w.packages; p++) for (let i = 0; i < 3; i++) train.push(w.example([p]));
    const index = ProfileIndex.train(train, {seed: 2});
    const compact = hashedIndex(index);
    expect(compact.compact).toBe(true);
    const bytes = serializeProfile(compact);
    expect(bytes.length).toBeLessThan(serializeProfile(index).length);
    const back = deserializeProfile(bytes, 'compact.profile');
    for (let k = 0; k < 30; k++) {
      const tags = [...w.example([k % w.packages, (k * 7) % w.packages]).tags, 'no-such-tag'];
      const a = index.scores(tags);
      const b = back.scores(tags);
      expect(b.map((s) => s.label)).toEqual(a.map((s) => s.label));
      b.forEach((s, i) => expect(s.coverage).toBeCloseTo(a[i].coverage, 12));
    }
    const tags = w.example([3]).tags;
    expect(back.profileHas('pkg3', tags).sort()).toEqual(index.profileOf('pkg3').filter((t) => tags.includes(t)).sort());
    expect(() => back.profileOf('pkg3')).toThrow(/compact/);
    // Damaged compact files are refused too.
    const bad = Buffer.from(bytes);
    bad.writeUInt32LE(0xffffffff, bad.length - 8);
    expect(() => deserializeProfile(bad, 'bad.profile')).toThrow(/not a valid praxi profile index/);
  });
});

describe('calibration', () => {
  it('fits a monotone Platt curve and picks the F1-optimal threshold', () => {
    const scores = [0.1, 0.2, 0.3, 0.7, 0.8, 0.9, 0.95, 0.15];
    const truth = [false, false, false, true, true, true, true, false];
    const p = fitPlatt(scores, truth);
    expect(p.a).toBeGreaterThan(0);
    expect(plattProbability(p, 0.9)).toBeGreaterThan(plattProbability(p, 0.2));
    const probs = scores.map((s) => plattProbability(p, s));
    const best = bestF1Threshold(probs, truth);
    expect(best.f1).toBe(1);
    expect(best.threshold).toBeGreaterThan(plattProbability(p, 0.3));
    expect(best.threshold).toBeLessThan(plattProbability(p, 0.7));
    expect(bestF1Threshold(probs, truth, 4).f1).toBeCloseTo(8 / 12, 10);
  });
});


describe('twins and records', () => {
  // gcc-11 and a multilib twin ship only names gcc-12 ships too; libfoo has its own.
  const profiles = new Map([
    ['gcc-12', ['cc1', 'collect2', 'lto-wrapper', 'gcc-12', 'crtbegin']],
    ['gcc-11', ['cc1', 'collect2', 'lto-wrapper']],
    ['lib32gcc', ['crtbegin', 'cc1']],
    ['libfoo', ['libfoo.so', 'foo.h', 'cc1']],
    ['bar', ['bar', 'bar.conf']],
  ]);
  const index = hashedIndex(profileIndexFromProfiles(profiles, {minFraction: 0.5}));
  const tags = ['cc1', 'collect2', 'lto-wrapper', 'gcc-12', 'crtbegin', 'libfoo.so', 'foo.h', 'unrelated'];

  it('finds labels whose matched tags a heavier label explains, and nothing else', () => {
    const explained = index.explainedBy(tags, ['gcc-11', 'gcc-12', 'lib32gcc', 'libfoo', 'bar']);
    expect(Object.fromEntries(explained)).toEqual({'gcc-11': 'gcc-12', lib32gcc: 'gcc-12'});
    // Two labels matching the same tags: neither explains the other.
    const twins = profileIndexFromProfiles(new Map([['a', ['x', 'y']], ['b', ['x', 'y']]]), {minFraction: 0.5});
    expect(twins.explainedBy(['x', 'y'], ['a', 'b']).size).toBe(0);
  });

  it('computes every probability with one formula, records counted only when asked', () => {
    const extras = {recordWeight: 4, missingRecordWeight: -3, depStart: new Uint32Array(index.labels.length + 1), deps: new Uint32Array(0), flags: new Uint8Array(index.labels.length)};
    const withRecords = withExtras(index, extras);
    const sa = index.scores(tags).find((s) => s.label === 'libfoo')!;
    expect(sa.score).toBe(plattProbability(index.platt, sa.coverage));
    expect(sa.score).toBe(index.probability(sa.coverage));
    // `bar.lis` reads as bar's dpkg record: it raises bar and lowers the labels without one.
    const recorded = [...tags, 'bar.lis'];
    const s = withRecords.scores(recorded);
    const foo = s.find((x) => x.label === 'libfoo')!;
    expect(s.find((x) => x.label === 'bar')!.record).toBe(true);
    expect(foo.score).toBe(withRecords.probability(foo.coverage, {recordsSeen: true}));
    expect(foo.score).toBeLessThan(sa.score);
    // A root read without its database: the same tags hold no records.
    const norec = withRecords.scores(recorded, {records: false});
    expect(norec.find((x) => x.label === 'bar')?.record ?? false).toBe(false);
    expect(norec.find((x) => x.label === 'libfoo')!.score).toBe(sa.score);
  });
});
