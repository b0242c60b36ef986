import {spawn} from 'node:child_process';
import {mkdirSync, mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';

import {mergeResults} from '../../src/flow/merge.js';
import {runCli} from '../support/cli.js';
import {projectRoot} from '../support/shared.js';

describe('praxi run as a pod runs it', () => {
  it('stops at once on SIGTERM even while reading a stdin that stays open (exit 143)', async () => {
    const model = join(mkdtempSync(join(tmpdir(), 'praxi-run-')), 'm.vw');
    const data = mkdtempSync(join(tmpdir(), 'praxi-run-data-'));
    writeFileSync(join(data, 'a.yaml'), 'changes:\n- /opt/tool/tool.conf\n- /opt/tool/tool.cfg\nlabel: tool\n');
    expect(runCli(['train', data, '--model', model, '--engine', 'profile']).status).toBe(0);
    const child = spawn(process.execPath, [join(projectRoot, 'bin/run.js'), 'run', '-', '--model', model], {stdio: ['pipe', 'pipe', 'pipe']});
    let stderr = '';
    // The start log line comes after the SIGTERM handler is installed: wait for it, not for a time.
    await new Promise<void>((resolve) =>
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
        if (stderr.includes('praxi run started')) resolve();
      }),
    );
    child.kill('SIGTERM');
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    // The run reads stdin, which never ends: exiting at all shows SIGTERM stopped the reading.
    expect(code).toBe(143);
    expect(stderr).toMatch(/SIGTERM/);
  });

  it('writes a fatal error as a JSON log line when logs are JSON', () => {
    const r = runCli(['run', '/nonexistent', '--model', '/nonexistent/model.vw'], {env: {PRAXI_LOG_FORMAT: 'json'}});
    expect(r.status).toBe(3);
    const lines = r.stderr.trim().split('\n').map((l) => JSON.parse(l) as {level: number; code?: string});
    expect(lines.at(-1)).toMatchObject({level: 50, code: 'MODEL_MISSING'});
  });

  it('refuses to merge when a shard is missing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'praxi-merge-'));
    for (const i of [0, 2]) {
      mkdirSync(join(dir, `s${i}`));
      writeFileSync(join(dir, `s${i}`, 'predictions.json'), JSON.stringify({model: 'm', model_sha256: 'x'.repeat(64), shard: {index: i, count: 3}, predictions: [], errors: []}));
    }
    await expect(mergeResults([join(dir, 's0'), join(dir, 's2')])).rejects.toMatchObject({code: 'MERGE_MISSING_SHARD'});
  });
});
