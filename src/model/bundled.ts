import {join} from 'node:path';

import {packageRoot} from '../native.js';

/**
 * The model `praxi run` and `praxi predict` use when no --model is given: a profile index over
 * Debian bookworm's program and library packages, built by `npm run data:debian`
 * (docs/bundled-model.md; inputs in data/model/PROVENANCE.json).
 */
export const bundledModelPath = join(packageRoot, 'data', 'model', 'debian-bookworm.profile');
