// The YAML of deploy/ parses, and every Kubernetes manifest is valid against the Kubernetes API
// schemas shipped by kubernetes-models (its ajv validators: types, enums, required fields), has no
// field the API does not know (the package's TypeScript types, checked for excess properties with
// the TypeScript compiler — what `kubectl --validate=strict` would reject), and follows the rules
// the deployment relies on (read-only input, restricted security context, shard wiring, ...).
import {existsSync, readFileSync} from 'node:fs';
import {dirname, join} from 'node:path';
import ts from 'typescript';
import {describe, expect, it} from 'vitest';

import {projectRoot} from '../support/shared.js';
import {deployDir, imageConfig, k8s, kubernetesObjects, loadYaml, podEnv, yamlFiles, type K8sObject} from './support.js';

/** kubernetes-models module of a manifest: `batch/v1` + `Job` → kubernetes-models/batch/v1/Job. */
const modelPath = (o: K8sObject) => `kubernetes-models/${o.apiVersion}/${o.kind}`;

const packageVersion = (JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as {version: string}).version;

function podSpecs(): {file: string; obj: K8sObject; pod: any}[] {
  return kubernetesObjects()
    .filter(({obj}) => obj.kind === 'Job')
    .map(({file, obj}) => ({file, obj, pod: obj.spec.template.spec}));
}

describe('deploy/ YAML', () => {
  it('every YAML file parses (no duplicate keys, no warnings) and is not empty', () => {
    const files = yamlFiles();
    expect(files.length).toBeGreaterThanOrEqual(8);
    for (const file of files) expect(loadYaml(file).length, file).toBeGreaterThan(0);
  });

  it('has the expected Kubernetes objects', () => {
    const names = kubernetesObjects().map(({obj}) => `${obj.kind}/${obj.metadata.name}`).sort();
    expect(names).toEqual([
      'Job/praxi-merge',
      'Job/praxi-run',
      'Job/praxi-run-indexed',
      'Namespace/praxi',
      'PersistentVolume/praxi-changesets',
      'PersistentVolumeClaim/praxi-changesets',
      'PersistentVolumeClaim/praxi-results',
    ]);
  });
});

describe('Kubernetes schemas (kubernetes-models)', () => {
  it.each(kubernetesObjects().map(({file, obj}) => [`${file}: ${obj.kind}/${obj.metadata.name}`, obj] as const))('%s validates', async (_name, obj) => {
    const module = (await import(modelPath(obj))) as Record<string, new (data: unknown) => {validate(): void}>;
    const Model = module[obj.kind];
    expect(Model, `kubernetes-models has no ${obj.kind} for ${obj.apiVersion}`).toBeTypeOf('function');
    expect(() => new Model(obj).validate()).not.toThrow();
  });

  it('the validator rejects a broken manifest (the check is live)', async () => {
    const {Job} = await import('kubernetes-models/batch/v1/Job');
    const broken = structuredClone(k8s('Job', 'praxi-run-indexed')) as any;
    broken.spec.completions = 'three';
    broken.spec.template.spec.restartPolicy = 'Sometimes';
    expect(() => new Job(broken).validate()).toThrow(/completions must be integer/);
  });

  it('no manifest has a field the Kubernetes API does not define (TypeScript excess-property check)', () => {
    const objects = kubernetesObjects();
    const lines = objects.map(({obj}, i) => `import type {I${obj.kind} as T${i}} from '${modelPath(obj)}';`);
    objects.forEach(({obj}, i) => lines.push(`export const m${i}: T${i} = ${JSON.stringify(obj)};`));
    const diagnostics = typecheck(lines.join('\n'));
    expect(diagnostics).toEqual([]);
    // and the check notices an unknown field
    const typo = structuredClone(k8s('Job', 'praxi-run')) as any;
    typo.spec.template.spec.containers[0].securityContex = {};
    const bad = typecheck(`import type {IJob} from 'kubernetes-models/batch/v1/Job';\nexport const j: IJob = ${JSON.stringify(typo)};`);
    expect(bad.join('\n')).toMatch(/securityContex/);
  }, 60_000);
});

/** TypeScript diagnostics of one in-memory module placed in this directory (so node_modules resolves). */
function typecheck(source: string): string[] {
  const file = join(projectRoot, 'test', 'deploy', '__manifests__.ts');
  const options: ts.CompilerOptions = {
    module: ts.ModuleKind.Node16,
    moduleResolution: ts.ModuleResolutionKind.Node16,
    target: ts.ScriptTarget.ES2022,
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const {getSourceFile, fileExists, readFile} = host;
  host.getSourceFile = (name, lang, ...rest) => (name === file ? ts.createSourceFile(name, source, lang) : getSourceFile.call(host, name, lang, ...rest));
  host.fileExists = (name) => name === file || fileExists.call(host, name);
  host.readFile = (name) => (name === file ? source : readFile.call(host, name));
  const program = ts.createProgram([file], options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

describe('deployment rules', () => {
  it('the changeset PV/PVC pair is static, pre-bound and ReadOnlyMany; results are a separate writable claim', () => {
    const pv = k8s('PersistentVolume', 'praxi-changesets');
    const pvc = k8s('PersistentVolumeClaim', 'praxi-changesets');
    const results = k8s('PersistentVolumeClaim', 'praxi-results');
    expect(pv.spec.accessModes).toEqual(['ReadOnlyMany']);
    expect(pvc.spec.accessModes).toEqual(['ReadOnlyMany']);
    expect(pv.spec.storageClassName).toBe('');
    expect(pvc.spec.storageClassName).toBe('');
    expect(pvc.spec.volumeName).toBe(pv.metadata.name);
    expect(pv.spec.claimRef).toMatchObject({name: pvc.metadata.name, namespace: pvc.metadata.namespace});
    expect(pv.spec.persistentVolumeReclaimPolicy).toBe('Retain');
    expect(pv.spec.capacity.storage).toBe(pvc.spec.resources.requests.storage);
    expect(results.spec.accessModes.some((m: string) => m.startsWith('ReadWrite'))).toBe(true);
  });

  it('every claim a pod uses exists; the changeset volume is mounted read-only everywhere', () => {
    const claims = new Set(kubernetesObjects().filter(({obj}) => obj.kind === 'PersistentVolumeClaim').map(({obj}) => obj.metadata.name));
    for (const {file, pod} of podSpecs()) {
      for (const v of pod.volumes) {
        if (!v.persistentVolumeClaim) continue;
        expect(claims.has(v.persistentVolumeClaim.claimName), `${file}: ${v.persistentVolumeClaim.claimName}`).toBe(true);
        if (v.persistentVolumeClaim.claimName === 'praxi-changesets') {
          expect(v.persistentVolumeClaim.readOnly, file).toBe(true);
          const mounts = pod.containers.flatMap((c: any) => c.volumeMounts.filter((m: any) => m.name === v.name));
          for (const m of mounts) expect(m.readOnly, `${file}: ${m.mountPath}`).toBe(true);
        }
      }
    }
  });

  it('every pod is locked down (restricted Pod Security Standard) and bounded', () => {
    const image = imageConfig();
    for (const {file, obj, pod} of podSpecs()) {
      expect(pod.restartPolicy, file).toBe('Never');
      expect(pod.automountServiceAccountToken, file).toBe(false);
      expect(pod.securityContext, file).toMatchObject({runAsNonRoot: true, runAsUser: image.user.uid, seccompProfile: {type: 'RuntimeDefault'}});
      expect(pod.terminationGracePeriodSeconds, file).toBeGreaterThan(0);
      expect(obj.spec.activeDeadlineSeconds, file).toBeGreaterThan(0);
      expect(obj.spec.backoffLimit ?? obj.spec.backoffLimitPerIndex, file).toBeGreaterThanOrEqual(0);
      expect(obj.spec.podFailurePolicy.rules.length, file).toBeGreaterThan(0);
      for (const c of pod.containers) {
        expect(c.image, file).toBe(`praxi:${packageVersion}`);
        expect(c.securityContext, `${file}: ${c.name}`).toMatchObject({
          runAsNonRoot: true,
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: true,
          capabilities: {drop: ['ALL']},
          seccompProfile: {type: 'RuntimeDefault'},
        });
        expect(c.securityContext.privileged ?? false).toBe(false);
        expect(c.resources.requests.cpu, file).toBeDefined();
        expect(c.resources.requests.memory, file).toBeDefined();
        expect(c.resources.limits.memory, file).toBeDefined();
        // Every container name a failure-policy rule names exists.
        for (const rule of obj.spec.podFailurePolicy.rules) {
          if (rule.onExitCodes?.containerName) expect(pod.containers.map((x: any) => x.name)).toContain(rule.onExitCodes.containerName);
        }
      }
    }
  });

  it('the run Jobs are configured by environment only; the merge Job only overrides the command', () => {
    for (const name of ['praxi-run', 'praxi-run-indexed']) {
      const c = k8s('Job', name).spec.template.spec.containers[0];
      expect(c.command, name).toBeUndefined();
      expect(c.args, name).toBeUndefined();
      const env = c.env.map((e: any) => e.name) as string[];
      expect(env, name).toEqual(expect.arrayContaining(['PRAXI_INPUT', 'PRAXI_MODEL', 'PRAXI_OUT', 'PRAXI_LOG_FORMAT']));
    }
    const merge = k8s('Job', 'praxi-merge').spec.template.spec.containers[0];
    expect(merge.command).toEqual(['node', '/app/bin/run.js', 'merge']);
  });

  it('the Indexed Job: completions = parallelism = PRAXI_SHARD_COUNT, one output directory per index, merge lists every shard', () => {
    const job = k8s('Job', 'praxi-run-indexed');
    const n = job.spec.completions as number;
    expect(job.spec.completionMode).toBe('Indexed');
    expect(job.spec.parallelism).toBe(n);
    const env = job.spec.template.spec.containers[0].env as {name: string; value?: string}[];
    expect(env.find((e) => e.name === 'PRAXI_SHARD_COUNT')?.value).toBe(String(n));
    // $(JOB_COMPLETION_INDEX) only expands when the variable is declared before its use.
    const at = (name: string) => env.findIndex((e) => e.name === name);
    expect(at('JOB_COMPLETION_INDEX')).toBeGreaterThanOrEqual(0);
    expect(at('JOB_COMPLETION_INDEX')).toBeLessThan(at('PRAXI_OUT'));
    const outs = Array.from({length: n}, (_, i) => podEnv(job, {index: i}).PRAXI_OUT);
    expect(outs).toEqual(Array.from({length: n}, (_, i) => `/results/shard-${i}`));
    const merge = k8s('Job', 'praxi-merge').spec.template.spec.containers[0];
    expect(merge.args).toEqual(outs);
  });

  it('podEnv mirrors the Job controller: without the explicit declaration PRAXI_OUT would keep the literal $(JOB_COMPLETION_INDEX)', () => {
    const job = structuredClone(k8s('Job', 'praxi-run-indexed'));
    const c = job.spec.template.spec.containers[0];
    c.env = c.env.filter((e: any) => e.name !== 'JOB_COMPLETION_INDEX');
    const env = podEnv(job, {index: 1});
    expect(env.PRAXI_OUT).toBe('/results/shard-$(JOB_COMPLETION_INDEX)');
    expect(env.JOB_COMPLETION_INDEX).toBe('1');
  });

  it('kustomization.yaml lists existing files and sets the namespace the objects use', () => {
    const [k] = loadYaml(join('kubernetes', 'kustomization.yaml')) as any[];
    expect(k.apiVersion).toBe('kustomize.config.k8s.io/v1beta1');
    expect(k.kind).toBe('Kustomization');
    for (const r of k.resources as string[]) expect(existsSync(join(deployDir, 'kubernetes', r)), r).toBe(true);
    for (const {obj} of kubernetesObjects()) if (obj.metadata.namespace) expect(obj.metadata.namespace).toBe(k.namespace);
    expect(k.images).toEqual([{name: 'praxi', newTag: packageVersion}]);
    expect(dirname(join(deployDir, 'kubernetes', k.resources[0]))).toBe(join(deployDir, 'kubernetes'));
  });
});
