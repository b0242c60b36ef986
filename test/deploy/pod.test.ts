// Runs the image's entrypoint the way the pods of deploy/kubernetes would: the runtime stage's /app
// (built from this checkout), the image's ENTRYPOINT, ENV, WORKDIR and numeric user (when the tests
// run as root), the manifest's environment (downward API and $(VAR) expansion included) and its
// volume mounts mapped onto host directories — the changeset volume read-only (0555/0444).
import {spawnSync} from 'node:child_process';
import {chownSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';

import {trainModel, writeInputSet, writeLargeSet, writeTrainingSet} from './fixtures.js';
import {buildApp, chmodTree, finished, imageConfig, isRoot, k8s, logLines, makeTempDir, runPod, snapshot, startPod} from './support.js';

interface PredictionsDoc {
  model: string;
  model_sha256: string;
  shard?: {index: number; count: number};
  predictions: {source: string; labels: {label: string; score: number}[]}[];
  errors: {code: string; source?: string; message: string}[];
}

const readPredictions = (dir: string) => JSON.parse(readFileSync(join(dir, 'predictions.json'), 'utf8')) as PredictionsDoc;

let root: string;
let app: string;
/** Host side of the changeset volume (mounted at /data): changesets/, models/, empty/, mixed/, tree/. */
let pv: string;
let expected: Map<string, string>;

/** A fresh results volume, owned by the image's user like an fsGroup-managed claim. */
function resultsVolume(): string {
  const dir = makeTempDir('results-', 0o755, root);
  if (isRoot()) chownSync(dir, imageConfig().user.uid, imageConfig().user.gid);
  return dir;
}

beforeAll(() => {
  root = makeTempDir('praxi-deploy-pod-');
  app = buildApp(root);
  writeTrainingSet(join(root, 'train'));
  pv = join(root, 'pv');
  mkdirSync(pv, {recursive: true});
  trainModel(app, join(root, 'train'), join(pv, 'models'));
  expected = writeInputSet(join(pv, 'changesets'));
  mkdirSync(join(pv, 'empty'));
  writeInputSet(join(pv, 'mixed'), 1);
  writeFileSync(join(pv, 'mixed', 'broken.yaml'), 'changes: [unclosed\n');
  writeFileSync(join(pv, 'mixed', 'wrong.json'), '{"changes": 5}\n');
  mkdirSync(join(pv, 'tree', 'usr', 'sbin'), {recursive: true});
  writeFileSync(join(pv, 'tree', 'usr', 'sbin', 'nginx'), '');
  chmodTree(pv, 0o555, 0o444);
}, 600_000);

afterAll(() => {
  if (root) {
    chmodTree(root, 0o755, 0o644);
    rmSync(root, {recursive: true, force: true});
  }
});

/** Predictions as source → best label, with the host path of the input volume mapped back. */
const bestLabels = (doc: PredictionsDoc) => new Map(doc.predictions.map((p) => [p.source, p.labels[0]?.label]));

describe('the praxi-run Job', () => {
  it('runs from the environment alone, names every package, logs JSON lines and leaves the read-only input untouched', async () => {
    const job = k8s('Job', 'praxi-run');
    const results = resultsVolume();
    const before = snapshot(pv);
    const r = await runPod(job, {app, mounts: {'/data': pv, '/results': results}});
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe('');

    const out = join(results, 'run');
    expect(readdirSync(out).sort()).toEqual(['predictions.json', 'sbom.cdx.json']);
    const doc = readPredictions(out);
    expect(doc.errors).toEqual([]);
    expect(new Set(doc.predictions.map((p) => p.source))).toEqual(new Set(expected.keys()));
    expect(bestLabels(doc)).toEqual(expected);
    const manifest = JSON.parse(readFileSync(join(pv, 'models', 'model.vw.json'), 'utf8')) as {model_sha256: string};
    expect(doc.model_sha256).toBe(manifest.model_sha256);
    expect(JSON.parse(readFileSync(join(out, 'sbom.cdx.json'), 'utf8'))).toMatchObject({bomFormat: 'CycloneDX'});

    const logs = logLines(r.stderr);
    expect(logs.other).toEqual([]);
    expect(logs.json.map((l) => l.msg)).toEqual(['praxi run started', 'praxi run finished']);
    for (const l of logs.json) expect(l).toMatchObject({name: 'praxi', level: 30});
    expect(logs.json[1]).toMatchObject({changesets: expected.size, errors: 0});

    expect(snapshot(pv)).toEqual(before);
  });

  it.runIf(spawnSync('strace', ['-V']).status === 0)('writes nothing outside its output directory (strace), as a read-only root filesystem needs', async () => {
    const job = k8s('Job', 'praxi-run');
    const results = resultsVolume();
    const trace = join(root, `trace-${Date.now()}.txt`);
    const calls = 'trace=open,openat,creat,mkdir,mkdirat,rename,renameat,renameat2,unlink,unlinkat,rmdir,link,linkat,symlink,symlinkat,truncate';
    const r = await runPod(job, {app, mounts: {'/data': pv, '/results': results}, asImageUser: false, wrap: ['strace', '-f', '-qq', '-o', trace, '-e', calls]});
    expect(r.status, r.stderr).toBe(0);
    const writes = readFileSync(trace, 'utf8')
      .split('\n')
      .filter((l) => /(O_WRONLY|O_RDWR|O_CREAT|O_TRUNC)|^\d+\s+(creat|mkdir|rename|unlink|rmdir|link|symlink|truncate)/.test(l))
      .map((l) => /"([^"]*)"/.exec(l)?.[1] ?? l)
      .filter((p) => !p.startsWith('/dev/'));
    expect(writes.length).toBeGreaterThan(0);
    for (const p of writes) expect(p.startsWith(`${results}/`) || p === results, p).toBe(true);
  });
});

describe('the Indexed Job and the merge Job', () => {
  it('each index writes its own shard; merging them equals one unsharded run', async () => {
    const indexed = k8s('Job', 'praxi-run-indexed');
    const n = indexed.spec.completions as number;
    const results = resultsVolume();
    const mounts = {'/data': pv, '/results': results};
    const runs = await Promise.all(Array.from({length: n}, (_, index) => runPod(indexed, {app, mounts, index})));
    const seen = new Set<string>();
    runs.forEach((r, i) => {
      expect(r.status, r.stderr).toBe(0);
      expect(logLines(r.stderr).json[0]).toMatchObject({msg: 'praxi run started', shard: {index: i, count: n}});
      const doc = readPredictions(join(results, `shard-${i}`));
      expect(doc.shard).toEqual({index: i, count: n});
      for (const p of doc.predictions) {
        expect(seen.has(p.source), `${p.source} in two shards`).toBe(false);
        seen.add(p.source);
      }
    });
    expect(seen).toEqual(new Set(expected.keys()));

    const merge = await runPod(k8s('Job', 'praxi-merge'), {app, mounts: {'/results': results}});
    expect(merge.status, merge.stderr).toBe(0);
    const merged = readPredictions(join(results, 'merged'));

    // The same configuration as the shards (the praxi-run Job also asks for an SBOM, which adds
    // evidence to predictions.json).
    const single = await runPod(k8s('Job', 'praxi-run'), {app, mounts, override: {PRAXI_SBOM: 'false'}});
    expect(single.status, single.stderr).toBe(0);
    const whole = readPredictions(join(results, 'run'));
    const bySource = (d: PredictionsDoc) => [...d.predictions].sort((a, b) => (a.source < b.source ? -1 : 1));
    expect(bySource(merged)).toEqual(bySource(whole));
    expect(merged.errors).toEqual(whole.errors);
    expect(merged.model_sha256).toBe(whole.model_sha256);
  });

  it('the merge Job fails (exit 3) when a shard is missing', async () => {
    const results = resultsVolume();
    const r = await runPod(k8s('Job', 'praxi-merge'), {app, mounts: {'/results': results}});
    expect(r.status).toBe(3);
    expect(existsSync(join(results, 'merged', 'predictions.json'))).toBe(false);
  });
});

describe('termination and exit codes', () => {
  it('SIGTERM during a large run: exit 143, JSON warning, no predictions.json and no temp files', async () => {
    const big = join(root, 'big-pv');
    writeLargeSet(join(big, 'changesets'), 12_000, 250);
    cpSync(join(pv, 'models'), join(big, 'models'), {recursive: true});
    chmodTree(big, 0o555, 0o444);
    const results = resultsVolume();
    const child = startPod(k8s('Job', 'praxi-run'), {app, mounts: {'/data': big, '/results': results}});
    const done = finished(child);
    const started = new Promise<boolean>((resolve) => {
      let seen = '';
      child.stderr!.on('data', (d: Buffer | string) => {
        seen += String(d);
        if (seen.includes('praxi run started')) resolve(true);
      });
    });
    // The pod is terminated once praxi is under way (or the test ends if it died before that).
    if (await Promise.race([started, done.then(() => false)])) child.kill('SIGTERM');
    const r = await done;
    expect(r.status, `the run ended before SIGTERM arrived?\n${r.stderr.slice(-2000)}`).toBe(143);
    const logs = logLines(r.stderr);
    expect(logs.json.some((l) => l.signal === 'SIGTERM' && l.level === 40)).toBe(true);
    expect(logs.json.some((l) => l.msg === 'praxi run finished')).toBe(false);
    const out = join(results, 'run');
    expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
  }, 300_000);

  it('exit 3 when the model is missing; nothing is written', async () => {
    const results = resultsVolume();
    const r = await runPod(k8s('Job', 'praxi-run'), {app, mounts: {'/data': pv, '/results': results}, override: {PRAXI_MODEL: '/data/models/missing.vw'}});
    expect(r.status).toBe(3);
    expect(r.stderr).toContain('MODEL_MISSING');
    expect(existsSync(join(results, 'run', 'predictions.json'))).toBe(false);
  });

  it('exit 3 when the input holds no changesets', async () => {
    const results = resultsVolume();
    const r = await runPod(k8s('Job', 'praxi-run'), {app, mounts: {'/data': pv, '/results': results}, override: {PRAXI_INPUT: '/data/empty'}});
    expect(r.status).toBe(3);
    const errors = logLines(r.stderr).json.filter((l) => l.level === 50);
    expect(errors.map((l) => (l.error as {code: string}).code)).toEqual(['INPUT_NOT_FOUND']);
  });

  it('exit 1 when some inputs are bad: the good ones are still predicted and written, the bad ones listed', async () => {
    const results = resultsVolume();
    const r = await runPod(k8s('Job', 'praxi-run'), {app, mounts: {'/data': pv, '/results': results}, override: {PRAXI_INPUT: '/data/mixed'}});
    expect(r.status).toBe(1);
    const doc = readPredictions(join(results, 'run'));
    expect(doc.predictions.length).toBe(4);
    expect(doc.errors.map((e) => e.code).sort()).toEqual(['CHANGESET_SHAPE', 'CHANGESET_YAML']);
    const logged = logLines(r.stderr).json.filter((l) => l.level === 50).map((l) => (l.error as {code: string}).code);
    expect(logged.sort()).toEqual(['CHANGESET_SHAPE', 'CHANGESET_YAML']);
  });

  it('exit 2 for a usage error from the environment (PRAXI_THRESHOLD not a number)', async () => {
    const results = resultsVolume();
    const r = await runPod(k8s('Job', 'praxi-run'), {app, mounts: {'/data': pv, '/results': results}, override: {PRAXI_THRESHOLD: 'high'}});
    expect(r.status).toBe(2);
  });

  // oclif hands a `multiple` flag read from the environment over as one string (run.ts normalises it).
  it('PRAXI_TREE alone configures a volume-as-changeset run', async () => {
    const results = resultsVolume();
    const r = await runPod(k8s('Job', 'praxi-run'), {app, mounts: {'/data': pv, '/results': results}, override: {PRAXI_INPUT: '', PRAXI_TREE: '/data/tree'}});
    expect(r.status, r.stderr).toBe(0);
    expect(readPredictions(join(results, 'run')).predictions.length).toBe(1);
  });
});
