/**
 * Writes a fitted model: the VW model file, the profile index beside it and the manifest last,
 * each atomically. The manifest records the other files' checksums, so a crash between writes
 * leaves a model that is refused with a clear error rather than a silent mix of old and new.
 */
import {basename} from 'node:path';

import type {FittedModel} from './fit.js';
import {MANIFEST_FORMAT, sha256, type Manifest, type TrainingStats} from './manifest.js';
import {serializeProfile} from './profile-file.js';
import {currentIdentity, recordVerified, sameIdentity, sha256File, stampMarginNs, wallClockNs} from './verify.js';
import {PraxiError} from '../errors.js';
import {writeAtomic, writeFileAtomic} from '../util/atomic-write.js';

export type TrainingInfo = Omit<TrainingStats, 'passes_used' | 'early_stopped' | 'average_loss' | 'holdout_loss'>;

/** The manifest describing a fitted model whose files have these checksums. */
export function manifestFor(fitted: FittedModel, files: {modelSha256: string; profileFile: string; profileSha256: string}, training: TrainingInfo): Manifest {
  const {spec, vwStats} = fitted;
  const engine = spec.engine;
  return {
    format: MANIFEST_FORMAT,
    engine,
    mode: spec.mode,
    labels: fitted.labels,
    columbus: spec.columbus,
    features: spec.features,
    model_sha256: files.modelSha256,
    ...(engine === 'vw' ? {vw: {args: fitted.vwArgs, classes: fitted.classes, bits: spec.bits, passes: spec.passes, learning_rate: spec.learningRate}} : {}),
    ...(fitted.single ? {single: fitted.single} : {}),
    ...(fitted.multi ? {multi: fitted.multi} : {}),
    ...(engine === 'vw'
      ? {
          profile: {
            file: files.profileFile,
            sha256: files.profileSha256,
            threshold: fitted.profile.threshold,
            ...(fitted.profile.stats.cvMicroF1 !== undefined ? {cv_micro_f1: fitted.profile.stats.cvMicroF1} : {}),
          },
        }
      : {}),
    training: {
      ...training,
      passes_used: vwStats?.passesUsed ?? 0,
      early_stopped: vwStats?.earlyStopped ?? false,
      average_loss: vwStats?.averageLoss ?? 0,
      ...(vwStats?.holdoutLoss !== undefined ? {holdout_loss: vwStats.holdoutLoss} : {}),
      ...(fitted.grown ? {grown: fitted.grown} : {}),
    },
  };
}

export async function saveModel(fitted: FittedModel, file: string, training: TrainingInfo): Promise<Manifest> {
  const profileBytes = serializeProfile(fitted.profile);
  if (!fitted.vw) {
    // Profile engine: FILE is the index itself.
    const manifest = manifestFor(fitted, {modelSha256: sha256(profileBytes), profileFile: '', profileSha256: ''}, training);
    await writeFileAtomic(file, profileBytes);
    await writeFileAtomic(`${file}.json`, `${JSON.stringify(manifest, null, 2)}\n`);
    return manifest;
  }
  // The VW model goes straight from the weights to the file (a 1,000-label -b 26 model is hundreds
  // of MB: held as bytes it would double training's peak memory); its sha256 is read back from the
  // file, so the manifest describes exactly the bytes written.
  const vw = fitted.vw;
  await writeAtomic(file, (_handle, tmp) => vw.saveFile(tmp));
  const {sha256: modelSha256, stamp} = await verifyWritten(file);
  const manifest = manifestFor(fitted, {modelSha256, profileFile: `${basename(file)}.profile`, profileSha256: sha256(profileBytes)}, training);
  await writeFileAtomic(`${file}.profile`, profileBytes);
  await writeFileAtomic(`${file}.json`, `${JSON.stringify(manifest, null, 2)}\n`);
  await stamp();
  return manifest;
}

/**
 * The sha256 of the model file just written, read back the way a first open verifies it
 * (verify.ts): begun only once the file's ctime lies a stamp margin in the past, so the stamp
 * recorded after the manifest lets the first prediction skip hashing hundreds of MB again. Where
 * timestamps are whole seconds the wait is not worth it: no stamp, the first open verifies.
 */
async function verifyWritten(file: string): Promise<{sha256: string; stamp: () => Promise<void>}> {
  const identity = await currentIdentity(file);
  const margin = stampMarginNs(identity.ctimeNs);
  const wait = Number(BigInt(identity.ctimeNs) + margin - wallClockNs()) / 1e6;
  if (margin < 1_000_000_000n && wait > 0) await new Promise((r) => setTimeout(r, Math.ceil(wait)));
  const started = wallClockNs();
  const digest = await sha256File(file);
  if (!sameIdentity(await currentIdentity(file), identity)) {
    throw new PraxiError(`${file}: the model file changed while praxi was writing it`, 'MODEL_CHECKSUM', file);
  }
  return {sha256: digest, stamp: () => recordVerified(file, digest, identity, started)};
}
