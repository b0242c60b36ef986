// The fast path of `praxi predict INPUT... [--model FILE]` (src/cli/fast-predict.ts, no oclif) must
// answer exactly as the oclif path (PRAXI_FAST_CLI=0): the same stdout, stderr and exit code for
// every command line it takes, and it must leave every other command line to oclif.
import {copyFileSync, mkdirSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';

import {fastPredictArgs} from '../../src/cli/fast-predict.js';
import {cleanup, tempDir, trainSmallModel} from '../hardening/support.js';
import {runCli} from '../support/cli.js';

afterAll(cleanup);

describe('fastPredictArgs', () => {
  it('takes inputs and one --model, -m or --model=', () => {
    expect(fastPredictArgs(['a.yaml'])).toEqual({inputs: ['a.yaml']});
    expect(fastPredictArgs(['a', '--model', 'm.vw', 'b'])).toEqual({inputs: ['a', 'b'], model: 'm.vw'});
    expect(fastPredictArgs(['-m', 'm.vw', '-'])).toEqual({inputs: ['-'], model: 'm.vw'});
    expect(fastPredictArgs(['--model=m.vw', 'a'])).toEqual({inputs: ['a'], model: 'm.vw'});
  });

  it('leaves everything else to oclif', () => {
    for (const args of [[], ['--model', 'm.vw'], ['a', '--json'], ['a', '--help'], ['a', '-k', '3'], ['a', '--model'], ['a', '--model', '--json'],
      ['a', '--model', 'x', '--model', 'y'], ['a', '--model='], ['a', '--'], ['a', '-mx'], ['a', '--format', 'table'], ['a', '--tree', 'd']]) {
      expect(fastPredictArgs(args), args.join(' ')).toBeUndefined();
    }
  });
});

describe('praxi predict: the fast path answers as oclif does', () => {
  const dir = tempDir('fast-predict');
  const model = trainSmallModel(dir, 'vw');
  const bare = join(dir, 'bare.vw');
  copyFileSync(model, bare); // a model vw wrote: no manifest
  const good = join(dir, 'in', 'good.yaml');
  mkdirSync(join(dir, 'in'), {recursive: true});
  mkdirSync(join(dir, 'empty'), {recursive: true});
  writeFileSync(good, 'changes:\n- /usr/share/beta/a1\n- /usr/bin/beta\n- /usr/lib/beta/libbeta.so\n');
  writeFileSync(join(dir, 'in', 'bad.yaml'), 'changes: [unclosed\n');

  const lines: Array<{args: string[]; env?: NodeJS.ProcessEnv; input?: string}> = [
    {args: ['predict', good, '--model', model]},
    {args: ['predict', good, '-m', bare]},
    {args: ['predict', `--model=${model}`, join(dir, 'in')]},
    {args: ['predict', good, '--model', join(dir, 'missing.vw')]},
    {args: ['predict', good, '--model', join(dir, 'missing.vw')], env: {PRAXI_LOG_FORMAT: 'json'}},
    {args: ['predict', join(dir, 'nothing-here.yaml'), '--model', model]},
    {args: ['predict', join(dir, 'empty'), '--model', model]},
    {args: ['predict', '-', '--model', model], input: 'changes:\n- /usr/bin/gamma\n- /etc/gamma/gamma.conf\n'},
    {args: ['predict', good]},
  ];
  for (const line of lines) {
    it(line.args.slice(1).map((a) => a.replace(dir, 'DIR')).join(' ') + (line.env ? ' (json logs)' : ''), () => {
      // JSON log lines carry the moment they were written.
      const run = (env: NodeJS.ProcessEnv) => {
        const r = runCli(line.args, {env: {...line.env, ...env}, input: line.input});
        return {...r, stderr: r.stderr.replace(/"time":\d+/g, '"time":0')};
      };
      expect(run({})).toEqual(run({PRAXI_FAST_CLI: '0'}));
    });
  }
});
