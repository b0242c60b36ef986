#!/usr/bin/env node
// prebuildify calls this as if it were node-gyp; we ignore node-gyp's arguments and build with
// cmake-js, which writes build/Release/praxi.node where prebuildify looks for it.
import {spawnSync} from 'node:child_process';
import {createRequire} from 'node:module';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cmakeJs = createRequire(import.meta.url).resolve('cmake-js/bin/cmake-js');
const r = spawnSync(process.execPath, [cmakeJs, 'rebuild', '--out', 'build'], {cwd: root, stdio: 'inherit'});
process.exit(r.status ?? 1);
