// Writes oclif.manifest.json after a build, so `praxi <command>` loads only that command's module
// instead of importing every command to learn their flags (most of a cold start otherwise).
import {rmSync, writeFileSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';

import {Config} from '@oclif/core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// oclif reads an existing manifest even with ignoreManifest (the option does not reach the root
// plugin), so a command added since the last build would be missing: start from none.
rmSync(join(root, 'oclif.manifest.json'), {force: true});
const config = await Config.load({root, ignoreManifest: true});
const plugin = config.plugins.get(config.pjson.name);
if (!plugin) throw new Error('praxi plugin not found');
const manifest = plugin.manifest;
if (Object.keys(manifest.commands).length === 0) throw new Error('no commands found: build dist/ first');
writeFileSync(join(root, 'oclif.manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
console.log(`oclif.manifest.json: ${Object.keys(manifest.commands).length} commands`);
