/**
 * Synthetic changesets for the deployment tests and a model trained on them with the CLI of the
 * scratch app (`praxi train`, tag-profile engine: quick and independent of the VW learner).
 */
import {spawnSync} from 'node:child_process';
import {mkdirSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';

export const PACKAGES = ['nginx', 'redis-server', 'postgresql', 'emacs-nox'] as const;

function changes(pkg: string, seed: number): string[] {
  const lines = [
    `644 /usr/share/doc/${pkg}/changelog.Debian.gz`,
    `644 /usr/share/doc/${pkg}/copyright`,
    `755 /usr/bin/${pkg}`,
    `755 /usr/sbin/${pkg}-ctl`,
    `644 /etc/${pkg}/${pkg}.conf`,
    `644 /usr/share/man/man1/${pkg}.1.gz`,
    `644 /var/lib/dpkg/info/${pkg}.list`,
    `644 /var/lib/dpkg/info/${pkg}.md5sums`,
  ];
  for (let i = 0; i < 12 + (seed % 5); i++) lines.push(`644 /usr/lib/${pkg}/modules/mod_${pkg}_${i}.so`);
  // recorder noise shared by every install
  lines.push('000 /var/lib/dpkg/status-new', `000 /var/cache/apt/pkgcache.bin.${seed}`, '644 /var/lib/apt/extended_states');
  return lines;
}

function yamlChangeset(pkg: string, seed: number, label: boolean): string {
  const body = changes(pkg, seed).map((c) => `- ${c}`).join('\n');
  return `changes:\n${body}\nclose_time: ${1500000100 + seed}.5\n${label ? `label: ${pkg}\n` : ''}open_time: ${1500000000 + seed}.25\n`;
}

/** Labelled training changesets: `per` per package. */
export function writeTrainingSet(dir: string, per = 4): void {
  mkdirSync(dir, {recursive: true});
  PACKAGES.forEach((pkg, p) => {
    for (let i = 0; i < per; i++) writeFileSync(join(dir, `${pkg}.${p * 100 + i}.train.yaml`), yamlChangeset(pkg, p * 100 + i, true));
  });
}

/** Unlabelled changesets to name, in nested directories; returns source file → expected package. */
export function writeInputSet(dir: string, per = 3): Map<string, string> {
  const expected = new Map<string, string>();
  PACKAGES.forEach((pkg, p) => {
    for (let i = 0; i < per; i++) {
      const sub = join(dir, `host-${i}`);
      mkdirSync(sub, {recursive: true});
      const file = join(sub, `${pkg}-${i}.yaml`);
      writeFileSync(file, yamlChangeset(pkg, 1000 + p * 10 + i, false));
      expected.set(file, pkg);
    }
  });
  return expected;
}

/** Many changesets (for the SIGTERM test): `count` files of `lines` entries each. */
export function writeLargeSet(dir: string, count: number, lines: number): void {
  mkdirSync(dir, {recursive: true});
  for (let i = 0; i < count; i++) {
    const body: string[] = ['changes:'];
    for (let j = 0; j < lines; j++) body.push(`- 644 /usr/share/pkg${i % 97}/d${j % 31}/f${j}.dat`);
    writeFileSync(join(dir, `c${String(i).padStart(6, '0')}.yaml`), `${body.join('\n')}\n`);
  }
}

/** Trains DIR/model.vw (+ .json manifest) from the training set with the app's CLI. */
export function trainModel(app: string, trainDir: string, modelDir: string): string {
  mkdirSync(modelDir, {recursive: true});
  const model = join(modelDir, 'model.vw');
  const r = spawnSync(process.execPath, [join(app, 'bin', 'run.js'), 'train', trainDir, '--model', model, '--engine', 'profile'], {encoding: 'utf8'});
  if (r.status !== 0) throw new Error(`praxi train failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return model;
}
