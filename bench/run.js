#!/usr/bin/env node
// `npm run bench`: runs every benchmark (or those named: `node bench/run.js columbus`), prints a
// summary with ratios against baselines measured in the same run, and writes
// bench/results/<name>.json. Run after `npm run build`.
import {mkdirSync, readdirSync, writeFileSync} from 'node:fs';
import {availableParallelism, loadavg} from 'node:os';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
const suites = readdirSync(here)
  .filter((f) => f.endsWith('.bench.js'))
  .map((f) => f.replace(/\.bench\.js$/, ''))
  .filter((name) => wanted.length === 0 || wanted.includes(name))
  .sort();

mkdirSync(join(here, 'results'), {recursive: true});
let failed = false;
for (const name of suites) {
  console.log(`\n## ${name}`);
  try {
    const mod = await import(join(here, `${name}.bench.js`));
    // The machine may be shared: the load average beside every result says how quiet it was.
    const loadBefore = loadavg()[0];
    const result = await mod.run();
    const load = {load_average_1min_before: loadBefore, load_average_1min_after: loadavg()[0]};
    const record = {benchmark: name, date: new Date().toISOString(), node: process.version, cpus: availableParallelism(), ...load, ...result};
    console.log(`load average (1 min): ${loadBefore.toFixed(2)} before, ${load.load_average_1min_after.toFixed(2)} after`);
    // A suite run at another size (environment) names its own file, keeping the default one.
    const file = join(here, 'results', `${mod.resultName?.() ?? name}.json`);
    writeFileSync(file, `${JSON.stringify(record, null, 2)}\n`);
    console.log(`-> ${file}`);
  } catch (err) {
    failed = true;
    console.error(`benchmark ${name} failed: ${err.stack ?? err}`);
  }
}
process.exit(failed ? 1 : 0);
