import {Args, Flags} from '@oclif/core';
import {mkdir} from 'node:fs/promises';
import {join} from 'node:path';

import {PraxiCommand} from '../base-command.js';
import {mergeResults, type MergedResult} from '../flow/merge.js';
import {writeFileAtomic} from '../util/atomic-write.js';

export default class Merge extends PraxiCommand<MergedResult> {
  static summary = 'Join the outputs of sharded `praxi run`s into one predictions.json.';
  static examples = ['<%= config.bin %> merge /results/shard-* --out /results/all'];

  static strict = false;
  static args = {results: Args.string({description: 'output directories (or predictions.json files) of the shards'})};
  static flags = {
    out: Flags.string({char: 'o', description: 'directory for the merged predictions.json (default: print it)', env: 'PRAXI_OUT'}),
  };

  async run(): Promise<MergedResult> {
    const {argv, flags} = await this.parse(Merge);
    const result = await mergeResults(argv as string[]);
    const text = `${JSON.stringify({model: result.model, model_sha256: result.model_sha256, predictions: result.predictions, errors: result.errors}, null, 2)}\n`;
    if (flags.out) {
      await mkdir(flags.out, {recursive: true});
      await writeFileAtomic(join(flags.out, 'predictions.json'), text);
    } else if (!this.jsonEnabled()) {
      process.stdout.write(text);
    }
    return result;
  }
}
