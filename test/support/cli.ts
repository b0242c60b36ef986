import {spawnSync} from 'node:child_process';
import {join} from 'node:path';

import {projectRoot} from './shared.js';

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI as a user would (a separate process, real exit code). */
export function runCli(args: string[], options: {input?: string; env?: NodeJS.ProcessEnv; cwd?: string; uid?: number; gid?: number} = {}): CliRun {
  const r = spawnSync(process.execPath, [join(projectRoot, 'bin', 'run.js'), ...args], {
    input: options.input,
    encoding: 'utf8',
    env: {...process.env, ...options.env},
    cwd: options.cwd ?? projectRoot,
    ...(options.uid !== undefined ? {uid: options.uid} : {}),
    ...(options.gid !== undefined ? {gid: options.gid} : {}),
    maxBuffer: 256 * 1024 * 1024,
  });
  return {status: r.status, stdout: r.stdout, stderr: r.stderr};
}
