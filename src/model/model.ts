/**
 * A trained praxi model as predict and run use it: the VW model, its manifest and (when present)
 * the tag-profile index. Loading verifies every checksum the manifest records, so a model file that
 * was changed or damaged after training is refused instead of silently giving other answers.
 */
import {readFile, stat} from 'node:fs/promises';
import {gunzipSync} from 'node:zlib';
import {dirname, join} from 'node:path';

import {profileItems, vwFeatures, type WordLists} from './features.js';
import {parseLabelList} from './labels.js';
import {readManifest, sha256, type Manifest} from './manifest.js';
import {LABEL_ARCH_ALL, ProfileIndex} from './profile.js';
import {deserializeProfile} from './profile-file.js';
import {reweightByCoverage} from './single.js';
import {vwLoadArgs} from './spec.js';
import {assignRoles, type Role} from './roles.js';
import {packageUrl, versionsFromTags} from './package-url.js';
import {currentIdentity, recordVerified, sameIdentity, sha256File, verifiedBefore, wallClockNs, type FileIdentity} from './verify.js';
import {featureText, VwModel} from '../vw/index.js';
import {PraxiError} from '../errors.js';

export interface LabelScore {
  label: string;
  /** Probability (single-label, profile) or 1 − cost (csoaa), in [0, 1]; higher is better. */
  score: number;
  /**
   * Models with a dependency graph (the bundled model): `requested` — installed on purpose, no
   * other reported package depends on it — or `dependency`, pulled in by `pulled_by`.
   */
  role?: Role;
  pulled_by?: string[];
  /** The version the changeset shows (apt's downloaded .deb), when it shows one. */
  version?: string;
  /** Package URL (models whose labels are distribution packages). */
  purl?: string;
  /** Tags of the changeset that support this label (from its profile), strongest first. */
  evidence?: string[];
}

export interface Prediction {
  source: string;
  labels: LabelScore[];
}

export interface PredictOptions {
  /** Report exactly the K best labels (single-label default: 1). */
  top?: number;
  /** Decision threshold overriding the calibrated one (probability; cost for csoaa). */
  threshold?: number;
  /** Attach evidence tags to each label (needs the profile index). */
  evidence?: boolean;
  /**
   * Multi-label: report at least this many labels (the best ones) even below the threshold.
   * Default 1: a changeset records an install, so something was installed.
   */
  minLabels?: number;
}

export interface LoadOptions {
  /** For a bare VW model without manifest: a file with one label per line (class 1 first). */
  labelsFile?: string;
  /** Refuse a bare VW model (MANIFEST_MISSING) instead of loading it with class numbers. */
  requireManifest?: boolean;
  /**
   * Only predict with the model (predict, run): the VW model is opened with its weights read on
   * demand and its checksum verified in full only when the file is new to this machine
   * (src/model/verify.ts), so a 1,000-label `-b 26` model opens in milliseconds.
   */
  predictOnly?: boolean;
}

export interface TagsToPredict {
  source: string;
  /** `"tag:count"` strings in Columbus order. */
  tags: string[];
  /** Path words (models with features `columbus+paths`; src/model/features.ts). */
  words?: WordLists;
}

async function readModelFile(file: string, what: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new PraxiError(`${file}: cannot read the ${what} (${code ?? String(err)})`, code === 'ENOENT' ? 'MODEL_MISSING' : 'MODEL_UNREADABLE', file);
  }
}

/** The errors readModelFile gives, without reading the file. */
async function assertModelFile(file: string): Promise<void> {
  try {
    await stat(file);
  } catch {
    await readModelFile(file, 'model');
  }
}

function checkSum(bytes: Uint8Array | string, expected: string, file: string, manifestFile: string): void {
  const actual = typeof bytes === 'string' ? bytes : sha256(bytes);
  if (actual !== expected) {
    throw new PraxiError(
      `${file}: sha256 ${actual} does not match ${expected} recorded in ${manifestFile}; the model was changed or damaged after training`,
      'MODEL_CHECKSUM',
      file,
    );
  }
}

/** `chosen`, topped up from the best of `ranked` (best first) to at least `min` entries. */
function atLeast<T>(chosen: T[], ranked: readonly T[], min: number): T[] {
  return chosen.length >= min ? chosen : ranked.slice(0, Math.min(min, ranked.length));
}

/** Most a gzip-compressed profile index may inflate to (a hostile file could claim far more). */
const MAX_PROFILE_BYTES = 2 ** 30;

/** Profile indexes may be stored gzip-compressed. */
function maybeGunzip(bytes: Buffer, file: string): Buffer {
  if (!(bytes.length > 2 && bytes[0] === 0x1f && bytes[1] === 0x8b)) return bytes;
  try {
    return gunzipSync(bytes, {maxOutputLength: MAX_PROFILE_BYTES});
  } catch (err) {
    throw new PraxiError(`${file}: not a valid praxi profile index (gzip: ${(err as Error).message}; at most ${MAX_PROFILE_BYTES} bytes inflated)`, 'PROFILE_CORRUPT', file);
  }
}

function checkClasses(vw: VwModel, manifest: Manifest, file: string, manifestFile: string): VwModel {
  if (manifest.vw && vw.numClasses !== manifest.vw.classes) {
    throw new PraxiError(`${file}: the model has ${vw.numClasses} classes but ${manifestFile} says ${manifest.vw.classes}`, 'MODEL_MISMATCH', file);
  }
  return vw;
}

async function loadProfile(file: string, manifest: Manifest, manifestFile: string): Promise<ProfileIndex | undefined> {
  if (!manifest.profile) return undefined;
  const profileFile = join(dirname(file), manifest.profile.file);
  const pbytes = await readModelFile(profileFile, 'profile index');
  checkSum(pbytes, manifest.profile.sha256, profileFile, manifestFile);
  return deserializeProfile(maybeGunzip(pbytes, profileFile), profileFile, {verified: true});
}

/** What a model trained by `vw` itself predicts: single-label (--oaa) or multi-label (--csoaa). */
function bareMode(vw: VwModel, file: string): Manifest['mode'] {
  if (vw.labelType === 'cost_sensitive') return 'multi';
  if (vw.labelType !== 'multiclass') {
    throw new PraxiError(`${file}: a ${vw.labelType} VW model; praxi predicts with --oaa or --csoaa models`, 'MODEL_UNSUPPORTED', file);
  }
  return 'single';
}

export class PraxiModel {
  constructor(
    readonly manifest: Manifest,
    /** Absent for profile-engine models. */
    readonly vw: VwModel | undefined,
    readonly profile: ProfileIndex | undefined,
    readonly file: string,
  ) {}

  static async load(file: string, options: LoadOptions = {}): Promise<PraxiModel> {
    const manifestFile = `${file}.json`;
    let manifest: Manifest;
    try {
      manifest = await readManifest(manifestFile);
    } catch (err) {
      if ((err as PraxiError).code !== 'MANIFEST_MISSING' || options.requireManifest) {
        await assertModelFile(file); // a missing model is named first, as before
        throw err;
      }
      return options.predictOnly ? PraxiModel.openBare(file, options) : PraxiModel.loadBare(file, await readModelFile(file, 'model'), options);
    }
    if (options.predictOnly) {
      return manifest.engine === 'profile' ? PraxiModel.openProfile(file, manifest, manifestFile) : PraxiModel.open(file, manifest, manifestFile);
    }
    const bytes = await readModelFile(file, 'model');
    checkSum(bytes, manifest.model_sha256, file, manifestFile);
    if (manifest.engine === 'profile') return new PraxiModel(manifest, undefined, deserializeProfile(maybeGunzip(bytes, file), file, {verified: true}), file);
    const vw = await VwModel.load(bytes, vwLoadArgs(manifest.mode));
    return new PraxiModel(manifest, checkClasses(vw, manifest, file, manifestFile), await loadProfile(file, manifest, manifestFile), file);
  }

  /** predictOnly: the VW model opened on demand, verified in full unless a stamp vouches for it. */
  private static async open(file: string, manifest: Manifest, manifestFile: string): Promise<PraxiModel> {
    await assertModelFile(file);
    const started = wallClockNs();
    let opened: Awaited<ReturnType<typeof VwModel.openFile>>;
    try {
      opened = await VwModel.openFile(file, vwLoadArgs(manifest.mode));
    } catch (err) {
      // A damaged file is reported as such (the checksum), like a full load does before parsing.
      checkSum(await sha256File(file), manifest.model_sha256, file, manifestFile);
      throw err;
    }
    const {model: vw, identity} = opened;
    if (!(await verifiedBefore(file, manifest.model_sha256, identity))) {
      checkSum(await sha256File(file), manifest.model_sha256, file, manifestFile);
      if (!sameIdentity(await currentIdentity(file), identity)) {
        throw new PraxiError(`${file}: the model file changed while it was being verified`, 'MODEL_CHECKSUM', file);
      }
      await recordVerified(file, manifest.model_sha256, identity, started);
    }
    return new PraxiModel(manifest, checkClasses(vw, manifest, file, manifestFile), await loadProfile(file, manifest, manifestFile), file);
  }

  /**
   * predictOnly, profile engine (the bundled model): read whole, its sha256 (a sixth of a cold
   * `praxi run`) skipped when a stamp vouches for the file and it did not change while being read.
   */
  private static async openProfile(file: string, manifest: Manifest, manifestFile: string): Promise<PraxiModel> {
    await assertModelFile(file);
    const started = wallClockNs();
    const before = await currentIdentity(file);
    const bytes = await readModelFile(file, 'model');
    const unchanged = sameIdentity(await currentIdentity(file), before);
    if (!unchanged || !(await verifiedBefore(file, manifest.model_sha256, before))) {
      checkSum(bytes, manifest.model_sha256, file, manifestFile);
      if (unchanged) await recordVerified(file, manifest.model_sha256, before, started);
    }
    return new PraxiModel(manifest, undefined, deserializeProfile(maybeGunzip(bytes, file), file, {verified: true}), file);
  }

  /** A model trained by `vw` itself: labels from --labels, or class numbers. */
  private static async loadBare(file: string, bytes: Buffer, options: LoadOptions): Promise<PraxiModel> {
    let vw = await VwModel.load(bytes, vwLoadArgs('single'));
    const mode = bareMode(vw, file);
    if (mode === 'multi') vw = await VwModel.load(bytes, vwLoadArgs('multi'));
    return PraxiModel.bare(file, vw, mode, sha256(bytes), options);
  }

  /**
   * predictOnly, a model trained by `vw` itself: opened on demand like a praxi model, so a
   * 1,000-label `-b 26` file from vw opens in milliseconds too. Such a file has no recorded checksum
   * to verify; its sha256 is computed only when a result must name it (`praxi run`, modelSha256()).
   */
  private static async openBare(file: string, options: LoadOptions): Promise<PraxiModel> {
    await assertModelFile(file);
    let {model: vw, identity} = await VwModel.openFile(file, vwLoadArgs('single'));
    const mode = bareMode(vw, file);
    if (mode === 'multi') ({model: vw, identity} = await VwModel.openFile(file, vwLoadArgs('multi')));
    const model = await PraxiModel.bare(file, vw, mode, '', options);
    model.#openedAs = identity;
    return model;
  }

  private static async bare(file: string, vw: VwModel, mode: Manifest['mode'], modelSha256: string, options: LoadOptions): Promise<PraxiModel> {
    let labels: string[];
    if (options.labelsFile) {
      labels = parseLabelList(await readFile(options.labelsFile, 'utf8'));
      if (labels.length > vw.numClasses) {
        throw new PraxiError(`${options.labelsFile}: ${labels.length} labels but the model has ${vw.numClasses} classes`, 'USAGE_LABELS', options.labelsFile);
      }
    } else {
      labels = Array.from({length: vw.numClasses}, (_, i) => String(i + 1));
    }
    const manifest: Manifest = {
      format: 'praxi-model/1',
      mode,
      labels,
      columbus: {threshold: 2, filter: 'praxi'},
      model_sha256: modelSha256,
      vw: {args: [], classes: vw.numClasses, bits: 0, passes: 0, learning_rate: 0},
      ...(mode === 'multi' ? {multi: {algorithm: 'csoaa' as const, threshold: Number.NaN}} : {}),
      training: {examples: 0, skipped: 0, passes_used: 0, early_stopped: false, average_loss: 0, seconds: 0, date: '', praxi_version: ''},
    };
    return new PraxiModel(manifest, vw, undefined, file);
  }

  get mode(): Manifest['mode'] {
    return this.manifest.mode;
  }

  /** The identity of a bare model file opened on demand (its sha256 is computed from it later). */
  #openedAs: FileIdentity | undefined;
  #sha256: Promise<string> | undefined;

  /**
   * The model file's sha256: the manifest's, or for a bare vw model opened on demand, computed
   * once; a file that changed since it was opened is refused, as its weights may mix two versions.
   */
  modelSha256(): Promise<string> {
    if (this.manifest.model_sha256 || !this.#openedAs) return Promise.resolve(this.manifest.model_sha256);
    const opened = this.#openedAs;
    return (this.#sha256 ??= (async () => {
      const digest = await sha256File(this.file);
      if (!sameIdentity(await currentIdentity(this.file), opened)) {
        throw new PraxiError(`${this.file}: the model file changed while it was in use`, 'MODEL_CHECKSUM', this.file);
      }
      return digest;
    })());
  }

  async predict(items: readonly TagsToPredict[], options: PredictOptions = {}): Promise<Prediction[]> {
    const {manifest} = this;
    const useProfile = !this.vw || (manifest.mode === 'multi' && manifest.multi?.algorithm === 'profile' && this.profile !== undefined);
    const rows = useProfile || items.length === 0 ? undefined : (await this.vw!.predict(items.map((i) => featureText(vwFeatures(manifest.features, i))))).values;
    const k = this.vw?.numClasses ?? 0;
    return items.map((item, row) => {
      let labels: LabelScore[];
      let names: readonly string[] | undefined;
      // What the profile index compares: tag names, or path words (features.ts).
      const tags = () => (names ??= profileItems(manifest.features, item));
      if (useProfile) {
        const profile = this.profile!;
        const scored = profile.scores(tags()).map((s) => ({label: s.label, score: s.score}));
        const threshold = options.threshold ?? manifest.multi?.threshold ?? profile.threshold;
        const top = options.top ?? (manifest.mode === 'single' && options.threshold === undefined ? 1 : undefined);
        labels = top !== undefined ? scored.slice(0, top) : atLeast(scored.filter((s) => s.score >= threshold), scored, options.minLabels ?? 1);
        // With --top the K best are listed by score; roles are decided among those judged present.
        if (profile.extras && labels.length > 0) labels = this.#withRoles(labels, tags(), options.top !== undefined ? threshold : undefined);
      } else if (manifest.mode === 'single') {
        let scored = manifest.labels.map((label, c) => ({label, score: rows![row * k + c]}));
        const weight = manifest.single?.profile_weight;
        if (weight !== undefined && this.profile) {
          scored = reweightByCoverage(scored, this.profile.coverages(tags()), weight);
        } else {
          scored.sort((a, b) => b.score - a.score);
        }
        labels = options.threshold !== undefined && options.top === undefined ? scored.filter((s) => s.score >= options.threshold!) : scored.slice(0, options.top ?? 1);
      } else {
        const costs = manifest.labels.map((label, c) => ({label, cost: rows![row * k + c]}));
        costs.sort((a, b) => a.cost - b.cost);
        const limit = options.threshold ?? manifest.multi?.threshold;
        const chosen =
          options.top !== undefined || limit === undefined || Number.isNaN(limit)
            ? costs.slice(0, options.top ?? 1)
            : atLeast(costs.filter((c) => c.cost <= limit), costs, options.minLabels ?? 1);
        labels = chosen.map((c) => ({label: c.label, score: Math.min(1, Math.max(0, 1 - c.cost))}));
      }
      if (options.evidence && this.profile) {
        for (const l of labels) l.evidence = this.profile.profileHas(l.label, tags()).slice(0, 20);
      }
      return {source: item.source, labels};
    });
  }

  /** Reported labels in role order (requested first), with who pulled each dependency and purls. */
  /**
   * Reported labels with roles, who pulled each dependency in, and package URLs. In role order
   * (requested first) — or, given `keepOrderAbove` (a --top listing), in the order given, with
   * roles for the labels scoring at least that and none for the rest.
   */
  #withRoles(labels: LabelScore[], tags: readonly string[], keepOrderAbove?: number): LabelScore[] {
    const profile = this.profile!;
    const extras = profile.extras!;
    const byIndex = new Map(labels.map((l) => [profile.labelIndex(l.label), l]));
    const judged = [...byIndex].filter(([, l]) => keepOrderAbove === undefined || l.score >= keepOrderAbove);
    const ordered = assignRoles(judged.map(([index, l]) => ({index, score: l.score})), extras);
    const roles = new Map(ordered.map((o) => [o.index, o]));
    const order = keepOrderAbove === undefined ? ordered.map((o) => o.index) : [...byIndex.keys()];
    const urls = this.manifest.package_urls;
    const versions = urls ? versionsFromTags(tags) : undefined;
    return order.map((index) => {
      const l = byIndex.get(index)!;
      const o = roles.get(index);
      const out: LabelScore = {label: l.label, score: l.score};
      if (o) out.role = o.role;
      if (o?.role === 'dependency') out.pulled_by = o.pulledBy.map((i) => profile.labels[i]);
      if (urls) {
        const arch = extras.flags[index] & LABEL_ARCH_ALL ? 'all' : urls.arch;
        const version = versions!.get(`${l.label}\0${arch}`);
        if (version !== undefined) out.version = version;
        out.purl = packageUrl(urls, l.label, arch, version);
      }
      return out;
    });
  }
}
