import {readFileSync} from 'node:fs';
import {join} from 'node:path';

import {packageRoot} from './native.js';

/** praxi's version, from package.json (recorded in manifests and SBOMs). */
export const VERSION: string = (JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as {version: string}).version;
