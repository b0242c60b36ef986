// deploy/kubeflow: the KFP v2 component and pipeline (compiled IR YAML written by hand) are checked
// against the PipelineSpec structure (pipeline_spec.proto: known keys, enums, references between
// tasks, components, executors and placeholders, artifact types), and the component's container
// command is executed with its placeholders resolved the way the KFP launcher would.
import {spawnSync} from 'node:child_process';
import {mkdirSync, readFileSync, rmSync} from 'node:fs';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';

import {projectRoot} from '../support/shared.js';
import {trainModel, writeInputSet, writeTrainingSet} from './fixtures.js';
import {buildApp, imageConfig, loadYaml, makeTempDir} from './support.js';

type Obj = Record<string, any>;
const load = (file: string) => loadYaml(join('kubeflow', file))[0] as Obj;
const component = () => load('praxi-run.component.yaml');
const pipeline = () => load('praxi-pipeline.yaml');
const packageVersion = (JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as {version: string}).version;

const PARAMETER_TYPES = ['NUMBER_DOUBLE', 'NUMBER_INTEGER', 'STRING', 'BOOLEAN', 'LIST', 'STRUCT', 'TASK_FINAL_STATUS'];
const PLACEHOLDER = /\{\{\$\.(inputs|outputs)\.(artifacts|parameters)\['([^']+)'\](?:\.(path|uri|metadata))?\}\}/g;

function keysWithin(o: Obj | undefined, allowed: string[], where: string): void {
  for (const k of Object.keys(o ?? {})) expect(allowed, `${where}: unknown key ${k}`).toContain(k);
}

function checkInputOutputDefs(spec: Obj, where: string): void {
  keysWithin(spec.inputDefinitions, ['artifacts', 'parameters'], `${where}.inputDefinitions`);
  keysWithin(spec.outputDefinitions, ['artifacts', 'parameters'], `${where}.outputDefinitions`);
  for (const side of ['inputDefinitions', 'outputDefinitions']) {
    for (const [name, a] of Object.entries<Obj>(spec[side]?.artifacts ?? {})) {
      keysWithin(a, ['artifactType', 'isArtifactList', 'isOptional', 'description', 'metadata'], `${where}.${side}.artifacts.${name}`);
      expect(a.artifactType.schemaTitle, `${where} ${name}`).toMatch(/^system\.(Artifact|Dataset|Model|Metrics|HTML|Markdown|ClassificationMetrics|SlicedClassificationMetrics)$/);
      expect(a.artifactType.schemaVersion).toBe('0.0.1');
    }
    for (const [name, p] of Object.entries<Obj>(spec[side]?.parameters ?? {})) {
      keysWithin(p, ['parameterType', 'defaultValue', 'isOptional', 'description'], `${where}.${side}.parameters.${name}`);
      expect(PARAMETER_TYPES, `${where} ${name}`).toContain(p.parameterType);
      if (p.defaultValue !== undefined && p.parameterType === 'STRING') expect(typeof p.defaultValue).toBe('string');
    }
  }
}

/** Checks one compiled PipelineSpec; returns nothing, fails the test on the first problem. */
function validatePipelineSpec(spec: Obj): void {
  keysWithin(spec, ['components', 'deploymentSpec', 'pipelineInfo', 'root', 'schemaVersion', 'sdkVersion', 'defaultPipelineRoot', 'platforms'], 'PipelineSpec');
  expect(spec.schemaVersion).toBe('2.1.0');
  expect(spec.sdkVersion).toMatch(/^kfp-2\.\d+\.\d+/);
  expect(spec.pipelineInfo.name).toMatch(/^[a-z0-9][a-z0-9-]{0,127}$/);
  const components = spec.components as Obj;
  const executors = spec.deploymentSpec.executors as Obj;
  keysWithin(spec.deploymentSpec, ['executors'], 'deploymentSpec');

  for (const [name, c] of Object.entries<Obj>(components)) {
    expect(name).toMatch(/^comp-[a-z0-9-]+$/);
    keysWithin(c, ['inputDefinitions', 'outputDefinitions', 'executorLabel', 'dag', 'singlePlatformSpecs'], name);
    expect(Boolean(c.executorLabel) !== Boolean(c.dag), `${name}: exactly one of executorLabel / dag`).toBe(true);
    checkInputOutputDefs(c, name);
    if (c.executorLabel) expect(executors[c.executorLabel], `${name}: executor ${c.executorLabel}`).toBeDefined();
  }

  for (const [label, e] of Object.entries<Obj>(executors)) {
    const kinds = ['container', 'importer', 'resolver', 'customJob'].filter((k) => e[k] !== undefined);
    expect(kinds, label).toHaveLength(1);
    const owner = Object.values<Obj>(components).find((c) => c.executorLabel === label);
    expect(owner, `${label} is used by a component`).toBeDefined();
    if (e.container) {
      const c = e.container as Obj;
      keysWithin(c, ['image', 'command', 'args', 'env', 'resources', 'lifecycle', 'config'], `${label}.container`);
      expect(c.image).toBeTypeOf('string');
      for (const s of [...(c.command ?? []), ...(c.args ?? [])]) expect(typeof s, label).toBe('string');
      for (const env of c.env ?? []) {
        keysWithin(env, ['name', 'value'], `${label}.env`);
        expect(env.name).toMatch(/^[A-Za-z_][A-Za-z0-9_]*$/);
      }
      keysWithin(c.resources, ['cpuLimit', 'memoryLimit', 'cpuRequest', 'memoryRequest', 'resourceCpuLimit', 'resourceMemoryLimit', 'resourceCpuRequest', 'resourceMemoryRequest', 'accelerator'], `${label}.resources`);
      // Every placeholder names a declared input or output of the component of the right kind.
      for (const s of [...(c.command ?? []), ...(c.args ?? [])] as string[]) {
        for (const m of s.matchAll(PLACEHOLDER)) {
          const [, side, kind, name, field] = m;
          const defs = owner![side === 'inputs' ? 'inputDefinitions' : 'outputDefinitions']?.[kind];
          expect(defs?.[name], `${label}: ${m[0]}`).toBeDefined();
          if (kind === 'parameters') expect(field, m[0]).toBeUndefined();
        }
      }
    } else if (e.importer) {
      keysWithin(e.importer, ['artifactUri', 'typeSchema', 'reimport', 'metadata', 'downloadToWorkspace'], `${label}.importer`);
      const param = e.importer.artifactUri.runtimeParameter as string | undefined;
      if (param) expect(owner!.inputDefinitions.parameters[param], `${label}: ${param}`).toBeDefined();
      expect(Object.values<Obj>(owner!.outputDefinitions.artifacts)[0].artifactType).toEqual(e.importer.typeSchema);
    }
  }

  // root: a DAG whose tasks reference components and feed each other consistently
  keysWithin(spec.root, ['dag', 'inputDefinitions', 'outputDefinitions'], 'root');
  checkInputOutputDefs(spec.root, 'root');
  const tasks = spec.root.dag.tasks as Obj;
  const outputType = (task: string, key: string) => components[tasks[task].componentRef.name].outputDefinitions.artifacts[key]?.artifactType;
  for (const [name, t] of Object.entries<Obj>(tasks)) {
    keysWithin(t, ['taskInfo', 'inputs', 'dependentTasks', 'cachingOptions', 'componentRef', 'triggerPolicy', 'retryPolicy', 'iteratorPolicy'], `task ${name}`);
    expect(t.taskInfo.name).toBe(name);
    const comp = components[t.componentRef.name];
    expect(comp, `task ${name}: component ${t.componentRef.name}`).toBeDefined();
    for (const [input, a] of Object.entries<Obj>(t.inputs?.artifacts ?? {})) {
      const declared = comp.inputDefinitions?.artifacts?.[input];
      expect(declared, `task ${name}: artifact input ${input}`).toBeDefined();
      if (a.taskOutputArtifact) {
        const {producerTask, outputArtifactKey} = a.taskOutputArtifact;
        expect(tasks[producerTask], `task ${name}: producer ${producerTask}`).toBeDefined();
        expect(t.dependentTasks ?? [], `task ${name} depends on ${producerTask}`).toContain(producerTask);
        expect(outputType(producerTask, outputArtifactKey), `task ${name}: ${producerTask}.${outputArtifactKey}`).toEqual(declared.artifactType);
      } else {
        expect(spec.root.inputDefinitions?.artifacts?.[a.componentInputArtifact]?.artifactType, `task ${name}: ${input}`).toEqual(declared.artifactType);
      }
    }
    for (const [input, p] of Object.entries<Obj>(t.inputs?.parameters ?? {})) {
      expect(comp.inputDefinitions?.parameters?.[input], `task ${name}: parameter ${input}`).toBeDefined();
      if (p.componentInputParameter) expect(spec.root.inputDefinitions?.parameters?.[p.componentInputParameter], `task ${name}: ${p.componentInputParameter}`).toBeDefined();
    }
    // every required input is wired
    for (const [input, d] of Object.entries<Obj>(comp.inputDefinitions?.artifacts ?? {})) if (!d.isOptional) expect(t.inputs?.artifacts?.[input], `task ${name}: ${input} unwired`).toBeDefined();
    for (const [input, d] of Object.entries<Obj>(comp.inputDefinitions?.parameters ?? {})) if (!d.isOptional) expect(t.inputs?.parameters?.[input], `task ${name}: ${input} unwired`).toBeDefined();
  }
  for (const [out, o] of Object.entries<Obj>(spec.root.dag.outputs?.artifacts ?? {})) {
    for (const sel of o.artifactSelectors) expect(outputType(sel.producerSubtask, sel.outputArtifactKey), `root output ${out}`).toEqual(spec.root.outputDefinitions.artifacts[out].artifactType);
  }
}

describe('deploy/kubeflow', () => {
  it('the praxi-run component is a valid compiled component: inputs changesets + model, output predictions', () => {
    const spec = component();
    validatePipelineSpec(spec);
    expect(Object.keys(spec.components)).toEqual(['comp-praxi-run']);
    const c = spec.components['comp-praxi-run'];
    expect(c.inputDefinitions.artifacts.changesets.artifactType.schemaTitle).toBe('system.Dataset');
    expect(c.inputDefinitions.artifacts.model.artifactType.schemaTitle).toBe('system.Model');
    expect(c.outputDefinitions.artifacts.predictions.artifactType.schemaTitle).toBe('system.Dataset');
    const container = spec.deploymentSpec.executors['exec-praxi-run'].container;
    expect(container.image).toBe(`praxi:${packageVersion}`);
    expect(container.command.slice(0, 2)).toEqual(['sh', '-c']);
    expect(container.command[2]).toMatch(/exec node \/app\/bin\/run\.js run /);
  });

  it('the pipeline is valid and replaces taggen + prediction with one praxi-run task fed by importers', () => {
    const spec = pipeline();
    validatePipelineSpec(spec);
    const tasks = spec.root.dag.tasks as Obj;
    const containerTasks = Object.keys(tasks).filter((t) => spec.deploymentSpec.executors[spec.components[tasks[t].componentRef.name].executorLabel].container);
    expect(containerTasks).toEqual(['praxi-run']);
    expect(Object.keys(spec.root.inputDefinitions.parameters).sort()).toEqual(['changesets_uri', 'model_file', 'model_uri']);
    // The pipeline's praxi-run is the component file's, byte for byte in meaning.
    expect(spec.components['comp-praxi-run']).toEqual(component().components['comp-praxi-run']);
    expect(spec.deploymentSpec.executors['exec-praxi-run']).toEqual(component().deploymentSpec.executors['exec-praxi-run']);
  });

  it('the validator catches a dangling placeholder and a mistyped wiring (the check is live)', () => {
    const spec = pipeline();
    spec.deploymentSpec.executors['exec-praxi-run'].container.args[0] = "{{$.inputs.artifacts['changeset'].path}}";
    expect(() => validatePipelineSpec(spec)).toThrow(/changeset/);
    const spec2 = pipeline();
    spec2.root.dag.tasks['praxi-run'].inputs.artifacts.model.taskOutputArtifact.producerTask = 'import-changesets';
    expect(() => validatePipelineSpec(spec2)).toThrow();
  });
});

describe('the praxi-run component, executed', () => {
  let root: string;
  let app: string;
  beforeAll(() => {
    root = makeTempDir('praxi-deploy-kfp-');
    app = buildApp(root);
    writeTrainingSet(join(root, 'train'));
    trainModel(app, join(root, 'train'), join(root, 'minio', 'model'));
  }, 600_000);
  afterAll(() => rmSync(root, {recursive: true, force: true}));

  it.each([
    ['a model directory', (dir: string) => dir],
    ['the model file itself', (dir: string) => join(dir, 'model.vw')],
  ])('runs praxi with the launcher-resolved paths (%s) and writes predictions.json into the output artifact', (_what, modelPath) => {
    const changesets = join(root, 'minio', `changesets-${_what.length}`);
    const expected = writeInputSet(changesets, 1);
    const out = join(root, 'minio', `predictions-${_what.length}`);
    mkdirSync(join(root, 'minio'), {recursive: true});
    const values: Record<string, string> = {
      "{{$.inputs.artifacts['changesets'].path}}": changesets,
      "{{$.inputs.artifacts['model'].path}}": modelPath(join(root, 'minio', 'model')),
      "{{$.inputs.parameters['model_file']}}": component().components['comp-praxi-run'].inputDefinitions.parameters.model_file.defaultValue,
      "{{$.outputs.artifacts['predictions'].path}}": out,
    };
    const container = component().deploymentSpec.executors['exec-praxi-run'].container;
    const [cmd, flag, script] = container.command as string[];
    const args = (container.args as string[]).map((a) => values[a] ?? a);
    const env = {PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: '/nonexistent', ...imageConfig().env, ...Object.fromEntries(container.env.map((e: Obj) => [e.name, e.value]))};
    const r = spawnSync(cmd, [flag, script.replaceAll('/app/', `${app}/`).replace('exec node ', `exec ${process.execPath} `), ...args], {env, encoding: 'utf8'});
    expect(r.status, r.stderr).toBe(0);
    const doc = JSON.parse(readFileSync(join(out, 'predictions.json'), 'utf8')) as {predictions: {source: string; labels: {label: string}[]}[]};
    expect(new Map(doc.predictions.map((p) => [p.source, p.labels[0].label]))).toEqual(expected);
    expect(r.stderr.split('\n').filter(Boolean).every((l) => l.startsWith('{'))).toBe(true);
  });
});
