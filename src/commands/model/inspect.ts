import {Args} from '@oclif/core';

import {PraxiCommand} from '../../base-command.js';
import {PraxiModel} from '../../model/model.js';
import type {Manifest} from '../../model/manifest.js';

export interface InspectResult {
  file: string;
  manifest: Manifest;
  vw: {classes: number; labelType?: string; options?: string; bits?: number};
  profile?: {labels: number; tags: number; postings: number; threshold: number; cvMicroF1?: number};
}

export default class ModelInspect extends PraxiCommand<InspectResult> {
  static summary = 'Show what a model is: mode, labels, Columbus settings, VW options, calibration, training statistics.';
  static examples = ['<%= config.bin %> model inspect model.vw', '<%= config.bin %> model inspect model.vw --json'];
  static args = {file: Args.string({description: 'the model file', required: true})};

  async run(): Promise<InspectResult> {
    const {args} = await this.parse(ModelInspect);
    const model = await PraxiModel.load(args.file);
    const vw = model.vw ? {numClasses: model.vw.numClasses, labelType: model.vw.labelType, optionsString: model.vw.optionsString, bits: model.vw.bits} : {numClasses: 0};
    const m = model.manifest;
    const result: InspectResult = {
      file: args.file,
      manifest: m,
      vw: {classes: vw.numClasses, labelType: vw.labelType, options: vw.optionsString, bits: vw.bits},
      ...(model.profile ? {profile: {...model.profile.stats, threshold: model.profile.threshold}} : {}),
    };
    this.log(`${args.file}: ${m.mode}-label praxi model, ${m.labels.length} labels, ${m.engine === 'profile' ? 'profile engine' : `VW${vw.optionsString ?? ''} -b ${vw.bits ?? m.vw?.bits}`}`);
    this.log(`columbus: threshold ${m.columbus.threshold}, filter ${m.columbus.filter}`);
    this.log(`features: ${m.features ?? 'columbus'}`);
    if (m.single) this.log(`single-label decision: VW probabilities re-weighted by profile coverage (weight ${m.single.profile_weight})`);
    if (m.multi) this.log(`multi-label decision: ${m.multi.algorithm}, threshold ${m.multi.threshold}`);
    if (result.profile) this.log(`profile index: ${result.profile.labels} labels, ${result.profile.tags} tags, ${result.profile.postings} postings`);
    const passes = m.engine === 'profile' ? '' : `, ${m.training.passes_used} passes${m.training.early_stopped ? ' (early stop)' : ''}`;
    this.log(`trained ${m.training.date || '(unknown date)'} on ${m.training.examples} changesets${passes}`);
    this.log(`labels: ${m.labels.slice(0, 20).join(', ')}${m.labels.length > 20 ? `, … (${m.labels.length - 20} more)` : ''}`);
    return result;
  }
}
