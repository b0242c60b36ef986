// npm's install step: use a prebuild or an existing build when one loads, otherwise build from
// source with cmake-js. Never downloads anything.
import {spawnSync} from 'node:child_process';
import {createRequire} from 'node:module';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

function loads() {
  try {
    require('node-gyp-build')(root);
    return true;
  } catch {
    return false;
  }
}

if (process.env.PRAXI_SKIP_NATIVE_BUILD === '1') process.exit(0);
if (loads()) {
  console.log('praxi: native addon found, not rebuilding');
  process.exit(0);
}
let cmakeJs;
try {
  cmakeJs = require.resolve('cmake-js/bin/cmake-js');
} catch {
  console.error('praxi: no prebuilt addon for this platform and cmake-js is not installed; run `npm install cmake-js@8.0.0` then `npm run build:native`.');
  process.exit(1);
}
const r = spawnSync(process.execPath, [cmakeJs, 'compile', '--out', 'build'], {cwd: root, stdio: 'inherit'});
process.exit(r.status ?? 1);
