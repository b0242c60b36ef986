// The image flags every command that reads inputs can spread into its own (`...imageFlags`), and
// their translation into ImageOptions. Kept here so tag, train, predict and run stay in step.
import {Flags} from '@oclif/core';

import type {ImageOptions} from './image.js';

export const imageFlags = {
  squash: Flags.boolean({description: 'images: one changeset for the final filesystem instead of one per layer', default: false}),
  'base-layer': Flags.integer({description: 'images: the first N layers are the base; only later layers are used (1-based)', min: 0}),
  'layer-names': Flags.string({
    description: 'images: `files` (absolute paths of the files a layer adds) or `compat` (raw tar member names, as the later Praxi pipeline used)',
    options: ['files', 'compat'],
    default: 'files',
  }),
  platform: Flags.string({description: 'images: os/arch[/variant] to take from a multi-platform index (default linux/amd64 or the only one)'}),
  'labels-from-history': Flags.boolean({description: "images: label each layer with the packages its Dockerfile command installs (apt, apk, dnf/yum, pip)", default: false}),
};

export function imageOptionsFromFlags(flags: {
  squash?: boolean;
  'base-layer'?: number;
  'layer-names'?: string;
  platform?: string;
  'labels-from-history'?: boolean;
}): ImageOptions {
  const o: ImageOptions = {};
  if (flags.squash) o.squash = true;
  if (flags['base-layer'] !== undefined) o.baseLayer = flags['base-layer'];
  if (flags['layer-names'] === 'compat') o.names = 'compat';
  if (flags.platform) o.platform = flags.platform;
  if (flags['labels-from-history']) o.labelsFromHistory = true;
  return o;
}
