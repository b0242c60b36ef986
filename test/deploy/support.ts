/**
 * Helpers of the deployment tests: reading deploy/, a static reading of the Dockerfile, a scratch
 * copy of the image's /app, and running a container of a Kubernetes manifest the way a pod would
 * (image ENTRYPOINT and ENV, the manifest's env with downward-API values and $(VAR) expansion,
 * volume mounts mapped onto host directories, the image's numeric user when the tests run as root).
 */
import {spawn, spawnSync, type ChildProcess} from 'node:child_process';
import {chmodSync, copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join, relative, sep} from 'node:path';
import {parseAllDocuments} from 'yaml';

import {projectRoot} from '../support/shared.js';

export const deployDir = join(projectRoot, 'deploy');

/** Every file below deploy/ (relative paths, sorted). */
export function deployFiles(dir = deployDir): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, {withFileTypes: true})) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...deployFiles(full));
    else out.push(relative(deployDir, full));
  }
  return out.sort();
}

export const yamlFiles = () => deployFiles().filter((f) => /\.ya?ml$/.test(f));

/** All documents of a YAML file; throws with the file name on any parse error or warning. */
export function loadYaml(file: string): unknown[] {
  const text = readFileSync(join(deployDir, file), 'utf8');
  const docs = parseAllDocuments(text, {prettyErrors: true, uniqueKeys: true});
  if (!Array.isArray(docs)) return [];
  for (const doc of docs) {
    const problems = [...doc.errors, ...doc.warnings];
    if (problems.length > 0) throw new Error(`${file}: ${problems.map((p) => p.message).join('; ')}`);
  }
  return docs.map((d) => d.toJS()).filter((d) => d !== null && d !== undefined);
}

export type K8sObject = {apiVersion: string; kind: string; metadata: {name: string; namespace?: string}; spec?: any};

/** The Kubernetes objects of deploy/kubernetes (everything with apiVersion + kind, kustomization aside). */
export function kubernetesObjects(): {file: string; obj: K8sObject}[] {
  return yamlFiles()
    .filter((f) => f.startsWith(`kubernetes${sep}`) && !f.endsWith('kustomization.yaml'))
    .flatMap((file) => loadYaml(file).map((obj) => ({file, obj: obj as K8sObject})));
}

export function k8s(kind: string, name: string): K8sObject {
  const found = kubernetesObjects().find(({obj}) => obj.kind === kind && obj.metadata?.name === name);
  if (!found) throw new Error(`no ${kind} ${name} in deploy/kubernetes`);
  return found.obj;
}

// ---------------------------------------------------------------------------------------------
// Dockerfile, read statically
// ---------------------------------------------------------------------------------------------

export interface Instruction {
  keyword: string;
  args: string;
  line: number;
}

export interface Stage {
  from: string;
  /** `from` with ARG defaults substituted. */
  image: string;
  name?: string;
  instructions: Instruction[];
}

/** Logical instructions (continuations joined, comments and blank lines dropped). */
export function dockerInstructions(text: string): Instruction[] {
  const out: Instruction[] = [];
  let buffer = '';
  let start = 0;
  text.split('\n').forEach((raw, i) => {
    const line = raw.trimEnd();
    if (buffer === '' && (line.trim() === '' || line.trimStart().startsWith('#'))) return;
    if (buffer !== '' && line.trimStart().startsWith('#')) return; // comment inside a continuation
    if (buffer === '') start = i + 1;
    if (line.endsWith('\\')) {
      buffer += `${line.slice(0, -1)} `;
      return;
    }
    buffer += line;
    const m = /^\s*([A-Za-z]+)\s+([\s\S]*)$/.exec(buffer);
    if (!m) throw new Error(`Dockerfile line ${start}: cannot parse ${JSON.stringify(buffer)}`);
    out.push({keyword: m[1].toUpperCase(), args: m[2].trim(), line: start});
    buffer = '';
  });
  if (buffer !== '') throw new Error('Dockerfile ends inside a continuation line');
  return out;
}

export function dockerStages(text: string): {globalArgs: Record<string, string>; stages: Stage[]} {
  const globalArgs: Record<string, string> = {};
  const stages: Stage[] = [];
  for (const ins of dockerInstructions(text)) {
    if (ins.keyword === 'FROM') {
      const m = /^(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?$/i.exec(ins.args);
      if (!m) throw new Error(`Dockerfile line ${ins.line}: FROM ${ins.args}`);
      const image = m[1].replace(/\$\{(\w+)\}|\$(\w+)/g, (_, a: string, b: string) => globalArgs[a ?? b] ?? '');
      stages.push({from: m[1], image, ...(m[2] ? {name: m[2]} : {}), instructions: []});
    } else if (stages.length === 0) {
      if (ins.keyword !== 'ARG') throw new Error(`Dockerfile line ${ins.line}: ${ins.keyword} before the first FROM`);
      const [name, value = ''] = ins.args.split('=');
      globalArgs[name] = value;
    } else {
      stages[stages.length - 1].instructions.push(ins);
    }
  }
  return {globalArgs, stages};
}

/** `KEY=value KEY2="v 2"` pairs of an ENV or LABEL instruction. */
export function keyValues(args: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /([\w.\-]+)=("(?:[^"\\]|\\.)*"|\S+)/g;
  for (const m of args.matchAll(re)) out[m[1]] = m[2].startsWith('"') ? (JSON.parse(m[2]) as string) : m[2];
  return out;
}

export const dockerfileText = () => readFileSync(join(deployDir, 'Dockerfile'), 'utf8');

export interface ImageConfig {
  entrypoint: string[];
  env: Record<string, string>;
  workdir: string;
  user: {uid: number; gid: number};
  /** Paths of /app, as copied from the build stage. */
  appEntries: string[];
}

/** What the runtime stage of deploy/Dockerfile configures. */
export function imageConfig(): ImageConfig {
  const {stages} = dockerStages(dockerfileText());
  const runtime = stages[stages.length - 1];
  let entrypoint: string[] = [];
  let env: Record<string, string> = {};
  let workdir = '/';
  let user = {uid: 0, gid: 0};
  const appEntries: string[] = [];
  for (const ins of runtime.instructions) {
    if (ins.keyword === 'ENTRYPOINT') entrypoint = JSON.parse(ins.args) as string[];
    if (ins.keyword === 'ENV') env = {...env, ...keyValues(ins.args)};
    if (ins.keyword === 'WORKDIR') workdir = ins.args;
    if (ins.keyword === 'USER') {
      const [uid, gid = uid] = ins.args.split(':');
      user = {uid: Number(uid), gid: Number(gid)};
    }
    if (ins.keyword === 'COPY') {
      const parts = ins.args.split(/\s+/).filter((p) => !p.startsWith('--'));
      appEntries.push(parts[0].replace(/^\/src\//, ''));
    }
  }
  return {entrypoint, env, workdir, user, appEntries};
}

// ---------------------------------------------------------------------------------------------
// A scratch /app: the runtime stage's entries, built from this checkout
// ---------------------------------------------------------------------------------------------

function run(cmd: string, args: string[], cwd: string): void {
  const r = spawnSync(cmd, args, {cwd, encoding: 'utf8', timeout: 600_000});
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
}

export function makeTempDir(prefix: string, mode = 0o755, base = tmpdir()): string {
  const dir = mkdtempSync(join(base, prefix));
  chmodSync(dir, mode);
  return dir;
}

/**
 * What `npm prune --omit=dev` leaves: the production dependency tree, copied (not linked: the
 * image's user must be able to read it, and a link would bring the dev dependencies along).
 */
function copyProductionDependencies(target: string): void {
  const r = spawnSync('npm', ['ls', '--omit=dev', '--all', '--parseable'], {cwd: projectRoot, encoding: 'utf8'});
  const dirs = r.stdout.split('\n').filter((d) => d.startsWith(join(projectRoot, 'node_modules') + sep));
  if (dirs.length === 0) throw new Error(`npm ls --omit=dev listed nothing:\n${r.stderr}`);
  for (const dir of dirs) {
    const dest = join(target, relative(join(projectRoot, 'node_modules'), dir));
    // Nested node_modules are listed (and copied) on their own when they are production ones.
    cpSync(dir, dest, {recursive: true, filter: (src) => !relative(dir, src).split(sep).includes('node_modules')});
  }
}

/**
 * Lays out what the runtime stage copies into /app — package.json, node_modules, prebuilds, dist,
 * bin, data — from this checkout: dist compiled now by tsc into the scratch directory (the shared
 * dist/ other tests use is left alone), the addon from build/Release (compiled with cmake-js first
 * if missing) placed in prebuilds/ as in the image, no build/ directory, only the production
 * dependencies, and oclif.manifest.json generated from that dist/.
 */
export function buildApp(root: string): string {
  const app = join(root, 'app');
  mkdirSync(app, {mode: 0o755});
  const addon = join(projectRoot, 'build', 'Release', 'praxi.node');
  if (!existsSync(addon)) run(process.execPath, [join(projectRoot, 'node_modules', 'cmake-js', 'bin', 'cmake-js'), 'compile', '--out', 'build'], projectRoot);
  run(process.execPath, [join(projectRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json', '--outDir', join(app, 'dist')], projectRoot);
  for (const entry of imageConfig().appEntries) {
    const target = join(app, entry);
    switch (entry) {
      case 'dist':
        break;
      case 'prebuilds': {
        const dir = join(target, `${process.platform}-${process.arch}`);
        mkdirSync(dir, {recursive: true, mode: 0o755});
        copyFileSync(addon, join(dir, 'praxi.node'));
        break;
      }
      case 'node_modules':
        copyProductionDependencies(target);
        break;
      case 'oclif.manifest.json':
        break; // generated below, from this dist/

      default:
        cpSync(join(projectRoot, entry), target, {recursive: true});
    }
  }
  if (imageConfig().appEntries.includes('oclif.manifest.json')) {
    // scripts/oclif-manifest.js writes the manifest of the package it sits in (as build:ts does).
    mkdirSync(join(app, 'scripts'));
    copyFileSync(join(projectRoot, 'scripts', 'oclif-manifest.js'), join(app, 'scripts', 'oclif-manifest.js'));
    run(process.execPath, [join(app, 'scripts', 'oclif-manifest.js')], app);
    rmSync(join(app, 'scripts'), {recursive: true});
  }
  // Readable by the image's user, as COPY leaves files in the image (cpSync may give a copied
  // directory its source's file-like mode).
  const readable = (dir: string): void => {
    chmodSync(dir, 0o755);
    for (const e of readdirSync(dir, {withFileTypes: true})) {
      const full = join(dir, e.name);
      if (e.isDirectory()) readable(full);
      else if (e.isFile()) chmodSync(full, statSync(full).mode | 0o444);
    }
  };
  readable(app);
  return app;
}

// ---------------------------------------------------------------------------------------------
// Running a manifest's container like the kubelet would
// ---------------------------------------------------------------------------------------------

type EnvVar = {name: string; value?: string; valueFrom?: any};

/** Kubernetes' $(VAR) expansion: only variables defined earlier; $$ escapes; unknown ones stay. */
export function expandK8s(value: string, defined: Record<string, string>): string {
  return value.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (m, name: string | undefined) => {
    if (m === '$$') return '$';
    return name !== undefined && Object.hasOwn(defined, name) ? defined[name] : m;
  });
}

function cpuCores(quantity: string): number {
  return quantity.endsWith('m') ? Number(quantity.slice(0, -1)) / 1000 : Number(quantity);
}

export interface PodRun {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface PodOptions {
  /** The scratch /app. */
  app: string;
  /** Host directory for each mountPath of the container. */
  mounts: Record<string, string>;
  /** The pod's completion index (Indexed Jobs). */
  index?: number;
  /** Replaces or adds env values after the manifest's (tests of failure modes). */
  override?: Record<string, string>;
  /** Run as the image's user when the tests run as root (default true). */
  asImageUser?: boolean;
  /** Wrap the command (e.g. strace). */
  wrap?: string[];
}

/** The environment a container of `job` gets: image ENV, then the manifest's env in order. */
export function podEnv(job: K8sObject, options: {index?: number; override?: Record<string, string>} = {}): Record<string, string> {
  const container = job.spec.template.spec.containers[0];
  const image = imageConfig();
  const env: Record<string, string> = {PATH: '/usr/local/bin:/usr/bin:/bin', HOSTNAME: `${job.metadata.name}-pod`, HOME: '/nonexistent', ...image.env};
  const defined: Record<string, string> = {};
  const indexed = job.spec.completionMode === 'Indexed';
  const list: EnvVar[] = [...(container.env ?? [])];
  // The Job controller appends JOB_COMPLETION_INDEX when the container does not declare it.
  if (indexed && !list.some((e) => e.name === 'JOB_COMPLETION_INDEX')) {
    list.push({name: 'JOB_COMPLETION_INDEX', valueFrom: {fieldRef: {fieldPath: "metadata.annotations['batch.kubernetes.io/job-completion-index']"}}});
  }
  for (const e of list) {
    let value: string;
    if (e.value !== undefined) {
      value = expandK8s(e.value, defined);
    } else if (e.valueFrom?.fieldRef) {
      const path = e.valueFrom.fieldRef.fieldPath as string;
      if (/job-completion-index/.test(path)) {
        if (options.index === undefined) throw new Error(`${e.name}: the completion index of a non-indexed pod`);
        value = String(options.index);
      } else if (path === 'metadata.name') {
        value = env.HOSTNAME;
      } else {
        throw new Error(`${e.name}: fieldRef ${path} is not simulated`);
      }
    } else if (e.valueFrom?.resourceFieldRef) {
      const {resource, divisor = '1'} = e.valueFrom.resourceFieldRef;
      const [kind, name] = (resource as string).split('.');
      const q = container.resources?.[kind]?.[name];
      if (name !== 'cpu' || q === undefined) throw new Error(`${e.name}: resourceFieldRef ${resource} is not simulated`);
      value = String(Math.ceil(cpuCores(String(q)) / cpuCores(String(divisor))));
    } else {
      throw new Error(`${e.name}: unsupported env source`);
    }
    defined[e.name] = value;
    env[e.name] = value;
  }
  return {...env, ...options.override};
}

/** Container path → host path, by the longest matching mount (and /app → the scratch app). */
export function hostPath(path: string, mounts: Record<string, string>, app: string): string {
  const table: [string, string][] = [...Object.entries(mounts), ['/app', app]];
  table.sort((a, b) => b[0].length - a[0].length);
  for (const [mountPath, host] of table) {
    if (path === mountPath || path.startsWith(`${mountPath}/`)) return host + path.slice(mountPath.length);
  }
  return path;
}

export function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

/** Spawns the first container of `job` as its pod would run it; returns the child. */
export function startPod(job: K8sObject, options: PodOptions): ChildProcess {
  const container = job.spec.template.spec.containers[0];
  const image = imageConfig();
  const mountPaths = (container.volumeMounts ?? []).map((m: {mountPath: string}) => m.mountPath);
  for (const p of mountPaths) if (!options.mounts[p]) throw new Error(`no host directory for the mount ${p}`);
  const env = podEnv(job, options);
  for (const [k, v] of Object.entries(env)) if (k.startsWith('PRAXI_') || k === 'HOME') env[k] = v.split(':').map((p) => hostPath(p, options.mounts, options.app)).join(':');
  // command replaces the image's ENTRYPOINT; args follow either.
  const argv: string[] = [...(container.command ?? image.entrypoint), ...(container.args ?? [])].map((a) =>
    hostPath(expandK8s(a, env), options.mounts, options.app),
  );
  if (argv[0] === 'node') argv[0] = process.execPath;
  const user = options.asImageUser !== false && isRoot() ? {uid: image.user.uid, gid: image.user.gid} : {};
  const [cmd, ...args] = [...(options.wrap ?? []), ...argv];
  return spawn(cmd, args, {cwd: hostPath(image.workdir, options.mounts, options.app), env, stdio: ['ignore', 'pipe', 'pipe'], ...user});
}

export function runPod(job: K8sObject, options: PodOptions): Promise<PodRun> {
  const child = startPod(job, options);
  return finished(child);
}

export function finished(child: ChildProcess): Promise<PodRun> {
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (status, signal) => resolve({status, signal, stdout, stderr}));
  });
}

/** JSON log lines of stderr (pino); non-JSON lines are returned separately. */
export function logLines(stderr: string): {json: Array<Record<string, unknown>>; other: string[]} {
  const json: Array<Record<string, unknown>> = [];
  const other: string[] = [];
  for (const line of stderr.split('\n').filter(Boolean)) {
    try {
      json.push(JSON.parse(line) as Record<string, unknown>);
    } catch {
      other.push(line);
    }
  }
  return {json, other};
}

/** path → size:mode:mtime of everything below dir (to prove nothing in it changed). */
export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const entry of readdirSync(d, {withFileTypes: true})) {
      const full = join(d, entry.name);
      const st = statSync(full);
      out[relative(dir, full)] = `${entry.isDirectory() ? 'd' : 'f'}:${st.size}:${(st.mode & 0o7777).toString(8)}:${st.mtimeMs}`;
      if (entry.isDirectory()) walk(full);
    }
  };
  walk(dir);
  return out;
}

/** chmod -R: directories dirMode, files fileMode. */
export function chmodTree(dir: string, dirMode: number, fileMode: number): void {
  for (const entry of readdirSync(dir, {withFileTypes: true})) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) chmodTree(full, dirMode, fileMode);
    else chmodSync(full, fileMode);
  }
  chmodSync(dir, dirMode);
}
