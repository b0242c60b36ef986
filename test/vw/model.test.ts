import {readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';

import {native} from '../../src/native.js';
import {VwModel} from '../../src/vw/index.js';
import {hasShared, sharedSkipReason} from '../support/shared.js';
import {data, featurePart, fileLines, g6, hasVwExact, outStd, runVwExact, scalarText, tagOf, tempDir, vwExactSkipReason} from './support.js';

if (!hasShared) console.warn(`SKIP test/vw/model.test.ts oracle tests: ${sharedSkipReason}`);

const probArgs = ['--probabilities', '--loss_function', 'logistic'];

/** A vw -p/-r line of per-class values ("1:0.06 2:0.07 ... ex0"). */
function classLine(row: Float32Array, firstClass: number, tag: string, leadingSpace = false): string {
  const body = Array.from(row, (v, c) => `${c + firstClass}:${g6(v)}`).join(' ');
  return `${leadingSpace ? ' ' : ''}${body}${tag ? ` ${tag}` : ''}`;
}

async function trainFile(args: string[], file: string, passes = 1, holdoutOff?: boolean) {
  const m = VwModel.create(args);
  const stats = await m.train(fileLines(file), {passes, ...(holdoutOff !== undefined ? {holdoutOff} : {})});
  return {m, stats, bytes: await m.save()};
}

describe.skipIf(!hasShared)('VwModel predicts what vw printed for models trained by vw', () => {
  const test = fileLines(data('mc_test.txt'));
  const texts = test.map(featurePart);

  it('oaa (a_oaa5.vw): raw scores and classes equal a_oaa5.test.raw / .pred', async () => {
    const m = await VwModel.loadFile(outStd('a_oaa5.vw'));
    expect([m.labelType, m.numClasses, m.optionsString, m.bits, m.probabilities]).toEqual(['multiclass', 5, ' --oaa 5', 18, false]);
    const s = await m.predict(texts);
    expect(s.rows).toBe(test.length);
    expect(test.map((l, i) => classLine(s.row(i), 1, tagOf(l), true))).toEqual(fileLines(outStd('a_oaa5.test.raw')));
    expect(test.map((l, i) => `${s.best(i)} ${tagOf(l)}`)).toEqual(fileLines(outStd('a_oaa5.test.pred')));
  });

  it('oaa --probabilities (b_oaa5prob.vw + --probabilities --loss_function logistic): equals b_oaa5prob.test_flags.pred', async () => {
    const m = await VwModel.loadFile(outStd('b_oaa5prob.vw'), probArgs);
    expect(m.probabilities).toBe(true);
    const s = await m.predict(texts);
    for (let i = 0; i < s.rows; i++) expect(s.row(i).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    expect(test.map((l, i) => classLine(s.row(i), 1, tagOf(l)))).toEqual(fileLines(outStd('b_oaa5prob.test_flags.pred')));
  });

  it('csoaa (d_csoaa5.vw): lowest cost equals d_csoaa5.test.pred, costs equal vw-exact -r', async () => {
    const lines = fileLines(data('cs_test.txt'));
    const m = await VwModel.loadFile(outStd('d_csoaa5.vw'));
    expect(m.labelType).toBe('cost_sensitive');
    const s = await m.predict(lines.map(featurePart));
    expect(lines.map((_, i) => String(s.best(i)))).toEqual(fileLines(outStd('d_csoaa5.test.pred')));
    if (!hasVwExact) return console.warn(`SKIP csoaa cost comparison: ${vwExactSkipReason}`);
    const raw = runVwExact(['-t', '-i', outStd('d_csoaa5.vw'), '-d', data('cs_test.txt'), '-r', '/dev/stdout', '--quiet']);
    expect(lines.map((_, i) => classLine(s.row(i), 1, ''))).toEqual(raw.trimEnd().split('\n'));
  });

  it.skipIf(!hasVwExact)('multilabel_oaa --probabilities (c_mloaa5.vw): per-class sigmoids equal vw-exact -p', async () => {
    const lines = fileLines(data('ml_train.txt'));
    const m = await VwModel.loadFile(outStd('c_mloaa5.vw'), ['--probabilities']);
    expect(m.labelType).toBe('multilabel');
    const s = await m.predict(lines.map(featurePart));
    const printed = runVwExact(['-t', '-i', outStd('c_mloaa5.vw'), '--probabilities', '-d', data('ml_train.txt'), '-p', '/dev/stdout', '--quiet'])
      .split('\n')
      .filter((l) => l.includes(':'));
    expect(lines.map((_, i) => classLine(s.row(i), 0, ''))).toEqual(printed);
  });

  it.skipIf(!hasVwExact)('multilabel_oaa without probabilities: the classes scoring > 0 are the label sets vw-exact -t predicts', async () => {
    const lines = fileLines(data('ml_train.txt'));
    const m = await VwModel.loadFile(outStd('c_mloaa5.vw'));
    const s = await m.predict(lines.map(featurePart));
    expect(s.width).toBe(5);
    const sets = lines.map((_, i) => Array.from(s.row(i)).flatMap((v, c) => (v > 0 ? [c] : [])).join(','));
    const printed = runVwExact(['-t', '-i', outStd('c_mloaa5.vw'), '-d', data('ml_train.txt'), '-p', '/dev/stdout', '--quiet']);
    expect(sets).toEqual(printed.split('\n').slice(0, lines.length).map((l) => l.trim()));
  });

  it.skipIf(!hasVwExact)('regression (e_reg.vw): one prediction per row, equal to vw-exact -p', async () => {
    const lines = fileLines(data('reg_train.txt'));
    const m = await VwModel.loadFile(outStd('e_reg.vw'));
    expect([m.labelType, m.numClasses]).toEqual(['simple', 1]);
    // These lines start with a named namespace: the feature text keeps it ("| |x a:1 ... |w red").
    const s = await m.predict(lines.map((l) => l.slice(l.indexOf('|'))));
    expect(s.width).toBe(1);
    const printed = runVwExact(['-t', '-i', outStd('e_reg.vw'), '-d', data('reg_train.txt'), '-p', '/dev/stdout', '--quiet']);
    expect(Array.from(s.values, scalarText)).toEqual(printed.trimEnd().split('\n'));
  });
});

describe.skipIf(!hasShared)('VwModel.train equals vw-exact', () => {
  it('--oaa 5 -b 18 on mc_train.txt: model bytes identical to out_std/a_oaa5.vw', async () => {
    const {stats, bytes} = await trainFile(['--oaa', '5', '-b', '18'], data('mc_train.txt'));
    expect(bytes.equals(readFileSync(outStd('a_oaa5.vw')))).toBe(true);
    expect(stats).toMatchObject({examples: 200, passesUsed: 1, earlyStopped: false, warnings: []});
    expect(stats.averageLoss).toBeCloseTo(0.115, 6); // a_oaa5_train.log: average loss = 0.115000
    expect(stats.holdoutLoss).toBeUndefined();
  });

  it('--oaa 5 --probabilities --loss_function logistic, --csoaa 5, --multilabel_oaa 5, regression: identical to out_std', async () => {
    expect((await trainFile(['--oaa', '5', '-b', '18', ...probArgs], data('mc_train.txt'))).bytes.equals(readFileSync(outStd('b_oaa5prob.vw')))).toBe(true);
    expect((await trainFile(['--csoaa', '5', '-b', '18'], data('cs_train.txt'))).bytes.equals(readFileSync(outStd('d_csoaa5.vw')))).toBe(true);
    expect((await trainFile(['--multilabel_oaa', '5', '-b', '18'], data('ml_train.txt'))).bytes.equals(readFileSync(outStd('c_mloaa5.vw')))).toBe(true);
    expect((await trainFile(['-b', '18'], data('reg_train.txt'))).bytes.equals(readFileSync(outStd('e_reg.vw')))).toBe(true);
  });

  it('--passes 3 (holdout of every 10th example): identical to f_oaa5_passes3.vw (vw-exact --passes 3 -c -k)', async () => {
    const {stats, bytes} = await trainFile(['--oaa', '5', '-b', '18'], data('mc_train.txt'), 3);
    expect(bytes.equals(readFileSync(outStd('f_oaa5_passes3.vw')))).toBe(true);
    expect(stats).toMatchObject({examples: 200, passesUsed: 3, earlyStopped: false});
    expect(stats.holdoutLoss).toBeTypeOf('number');
  });

  it('--passes 3 with holdoutOff: identical to f_oaa5_passes3_ho.vw', async () => {
    const {stats, bytes} = await trainFile(['--oaa', '5', '-b', '18'], data('mc_train.txt'), 3, true);
    expect(bytes.equals(readFileSync(outStd('f_oaa5_passes3_ho.vw')))).toBe(true);
    expect(stats.holdoutLoss).toBeUndefined();
  });

  it.skipIf(!hasVwExact)('early stop (--passes 20): the model is the last improving pass, byte for byte what vw-exact saved', async () => {
    const dir = tempDir();
    runVwExact(['--oaa', '5', '-b', '18', '--passes', '20', '-c', '-k', '--cache_file', join(dir, 'c'), '-d', data('mc_train.txt'), '-f', join(dir, 'm.vw')]);
    const {stats, bytes} = await trainFile(['--oaa', '5', '-b', '18'], data('mc_train.txt'), 20);
    expect(stats).toMatchObject({earlyStopped: true, passesUsed: 4});
    expect(bytes.equals(readFileSync(join(dir, 'm.vw')))).toBe(true);
  });

  it.skipIf(!hasVwExact)('Praxi flags (--oaa N -b 26 -l 1.5 logistic --probabilities --passes 10): identical to vw-exact', async () => {
    const dir = tempDir();
    const args = ['--oaa', '5', '-b', '26', '-l', '1.5', ...probArgs];
    runVwExact([...args, '--passes', '10', '-c', '-k', '--cache_file', join(dir, 'c'), '-d', data('mc_train.txt'), '-f', join(dir, 'm.vw')]);
    const {bytes} = await trainFile(args, data('mc_train.txt'), 10);
    expect(bytes.equals(readFileSync(join(dir, 'm.vw')))).toBe(true);
  });
});

describe.skipIf(!hasVwExact)('models written by praxi load in vw-exact', () => {
  it('a model trained through the addon (full and --predict_only_model) predicts the same in vw-exact -t -i model -p', async () => {
    const dir = tempDir();
    const m = VwModel.create(['--oaa', '5', '-b', '20', '-l', '1.5', ...probArgs]);
    await m.train(fileLines(data('mc_train.txt')), {passes: 4});
    const test = fileLines(data('mc_test.txt'));
    const s = await m.predict(test.map(featurePart));
    const ours = test.map((l, i) => classLine(s.row(i), 1, tagOf(l)));
    for (const predictOnly of [false, true]) {
      const file = join(dir, `m${predictOnly ? '-predonly' : ''}.vw`);
      writeFileSync(file, await m.save(predictOnly));
      const printed = runVwExact(['-t', '-i', file, ...probArgs, '-d', data('mc_test.txt'), '-p', '/dev/stdout', '--quiet']);
      expect(printed.trimEnd().split('\n'), file).toEqual(ours);
    }
  });

});

describe.skipIf(!hasShared)('VwModel.readable', () => {
  it('equals the --readable_model text vw-exact wrote for the same training (d_csoaa5.readable.txt)', async () => {
    const {m} = await trainFile(['--csoaa', '5', '-b', '18'], data('cs_train.txt'));
    expect(await m.readable()).toBe(readFileSync(outStd('d_csoaa5.readable.txt'), 'utf8'));
  });
});

describe.skipIf(!hasShared)('VwModel.train in several calls', () => {
  it('continues one learner: two one-pass calls learn what one call on all the lines learns (each call ends a pass)', async () => {
    const lines = fileLines(data('mc_train.txt'));
    const m = VwModel.create(['--oaa', '5', '-b', '18']);
    const a = await m.train(lines.slice(0, 73), {passes: 1});
    const b = await m.train(lines.slice(73), {passes: 1});
    expect(a.examples + b.examples).toBe(200);
    const {m: whole} = await trainFile(['--oaa', '5', '-b', '18'], data('mc_train.txt'));
    const [got, want] = [await m.readable(), await whole.readable()];
    expect(got.replace(/^current_pass 2$/m, 'current_pass 1')).toBe(want);
  });
});

describe('VwModel errors', () => {
  it('a bad line rejects with VW_PARSE naming the line, and the model is left as it was', async () => {
    const m = VwModel.create(['--oaa', '3']);
    await m.train(['1 | a b', '2 | c'], {passes: 1});
    const before = await m.save();
    await expect(m.train(['1 | a', '3 | b', 'x | c'], {passes: 1})).rejects.toMatchObject({name: 'PraxiError', code: 'VW_PARSE', message: expect.stringContaining('line 3')});
    await expect(m.train(['1 | a\n2 | b'], {passes: 1})).rejects.toMatchObject({code: 'VW_PARSE', message: expect.stringContaining('line 1')});
    expect((await m.save()).equals(before)).toBe(true);
  });

  it('bad arguments throw VW_ARGS; run options are refused with a hint', () => {
    expect(() => VwModel.create(['--oaa', 'five'])).toThrow(expect.objectContaining({code: 'VW_ARGS'}));
    expect(() => VwModel.create(['--no_such_option'])).toThrow(expect.objectContaining({code: 'VW_ARGS'}));
    expect(() => VwModel.create(['--oaa', '3', '--passes', '3'])).toThrow(/--passes \(use train/);
    expect(() => VwModel.create(['--oaa', '3', '-d', 'x.txt'])).toThrow(expect.objectContaining({code: 'VW_ARGS'}));
    expect(() => VwModel.create(['--oaa', 3 as unknown as string])).toThrow(TypeError);
    expect(() => new (native().VwModel as unknown as new () => unknown)()).toThrow(/VwModel.create/);
  });

  it.skipIf(!hasShared)('corrupt, truncated and foreign model files reject with VW_MODEL_* codes', async () => {
    const good = readFileSync(outStd('a_oaa5.vw'));
    const truncated = good.subarray(0, good.length - 3);
    const flipped = Buffer.from(good);
    flipped[40] ^= 0xff; // inside the checksummed header
    const foreign = readFileSync(data('mc_train.txt'));
    const zip = Buffer.from('504b0304140000000800', 'hex');
    for (const [name, bytes] of [['truncated', truncated], ['flipped', flipped], ['text', foreign], ['zip', zip], ['empty', Buffer.alloc(0)]] as const) {
      const err = await VwModel.load(bytes).then(
        () => undefined,
        (e: unknown) => e as {code: string; name: string},
      );
      expect(err, name).toBeDefined();
      expect(err!.name, name).toBe('PraxiError');
      expect(err!.code, name).toMatch(/^VW_MODEL_(CORRUPT|VERSION)$/);
    }
    await expect(VwModel.load(good, ['--csoaa', '5'])).rejects.toMatchObject({code: 'VW_ARGS'});
  });
});
