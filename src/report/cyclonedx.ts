/**
 * CycloneDX 1.6 SBOM of predictions: one component per discovered package, with praxi's confidence
 * and the evidence tags as `evidence.identity` (the CycloneDX way to say how a component was
 * identified). The BOM is built with @cyclonedx/cyclonedx-library; identity evidence, which that
 * library does not model, is added to the serialized JSON.
 */
import * as CDX from '@cyclonedx/cyclonedx-library';

import type {Prediction} from '../model/model.js';
import {VERSION} from '../version.js';

interface Found {
  name: string;
  version?: string;
  purl?: string;
  /** Requested anywhere wins over dependency (a package asked for in one layer and pulled in by another). */
  role?: 'requested' | 'dependency';
  pulls: Set<string>;
  confidence: number;
  sources: string[];
  evidence: Set<string>;
}

const ROLE_RANK = {requested: 0, dependency: 1, none: 2} as const;

/** `name==version` (pip style) splits; any other label is a name. */
function splitLabel(label: string): {name: string; version?: string} {
  const i = label.indexOf('==');
  return i > 0 ? {name: label.slice(0, i), version: label.slice(i + 2)} : {name: label};
}

/** A package a package database records (praxi scan --include-managed): listed as it is, confidence 1. */
export interface RecordedComponent {
  manager: string;
  name: string;
  version?: string;
  files: number;
}

export function toCycloneDx(
  predictions: readonly Prediction[],
  options: {serialNumber?: string; timestamp?: Date; recorded?: readonly RecordedComponent[]} = {},
): string {
  const found = new Map<string, Found>();
  for (const p of predictions) {
    for (const l of p.labels) {
      let f = found.get(l.label);
      if (!f) found.set(l.label, (f = {...splitLabel(l.label), pulls: new Set(), confidence: 0, sources: [], evidence: new Set()}));
      f.confidence = Math.max(f.confidence, l.score);
      if (l.version && !f.version) f.version = l.version;
      if (l.purl && (!f.purl || l.version)) f.purl = l.purl;
      if (l.role && (f.role === undefined || l.role === 'requested')) f.role = l.role;
      f.sources.push(p.source);
      for (const e of l.evidence ?? []) f.evidence.add(e);
    }
    // Who pulled whom, per changeset: the CycloneDX dependency graph.
    for (const l of p.labels) for (const parent of l.pulled_by ?? []) found.get(parent)?.pulls.add(l.label);
  }
  const bom = new CDX.Models.Bom();
  if (options.serialNumber) bom.serialNumber = options.serialNumber;
  bom.metadata.timestamp = options.timestamp ?? new Date();
  bom.metadata.tools.components.add(new CDX.Models.Component(CDX.Enums.ComponentType.Application, 'praxi', {version: VERSION}));
  const refs = new Map<string, string>();
  for (const [label, f] of [...found].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const ref = `praxi:${label}`;
    refs.set(ref, label);
    const c = new CDX.Models.Component(CDX.Enums.ComponentType.Application, f.name, {
      ...(f.version ? {version: f.version} : {}),
      bomRef: ref,
    });
    c.properties.add(new CDX.Models.Property('praxi:confidence', f.confidence.toFixed(4)));
    if (f.role) c.properties.add(new CDX.Models.Property('praxi:role', f.role));
    for (const s of f.sources) c.properties.add(new CDX.Models.Property('praxi:source', s));
    bom.components.add(c);
  }
  // The same package can be installed in several places (npm trees): one component each version.
  const recorded = new Set<string>();
  for (const r of options.recorded ?? []) {
    const ref = `${r.manager}:${r.name}${r.version ? `@${r.version}` : ''}`;
    if (recorded.has(ref)) continue;
    recorded.add(ref);
    const c = new CDX.Models.Component(CDX.Enums.ComponentType.Application, r.name, {...(r.version ? {version: r.version} : {}), bomRef: ref});
    c.properties.add(new CDX.Models.Property('praxi:package-manager', r.manager));
    c.properties.add(new CDX.Models.Property('praxi:files', String(r.files)));
    bom.components.add(c);
  }
  const serializer = new CDX.Serialize.JsonSerializer(new CDX.Serialize.JSON.Normalize.Factory(CDX.Spec.Spec1dot6));
  const json = JSON.parse(serializer.serialize(bom, {sortLists: true})) as {
    components?: {'bom-ref'?: string; purl?: string; evidence?: unknown}[];
    dependencies?: {ref: string; dependsOn?: string[]}[];
  };
  const foundOf = (c: {'bom-ref'?: string}) => {
    const label = c['bom-ref'] ? refs.get(c['bom-ref']) : undefined;
    return label !== undefined ? found.get(label) : undefined;
  };
  // Requested packages first, then dependencies, each by confidence (the library sorts by name).
  const rank = (c: {'bom-ref'?: string}) => {
    const f = foundOf(c);
    return [ROLE_RANK[f?.role ?? 'none'], -(f?.confidence ?? 0)] as const;
  };
  json.components?.sort((a, b) => rank(a)[0] - rank(b)[0] || rank(a)[1] - rank(b)[1] || ((a['bom-ref'] ?? '') < (b['bom-ref'] ?? '') ? -1 : 1));
  const graph = [...found].filter(([, f]) => f.role !== undefined);
  if (graph.length > 0) {
    json.dependencies = graph
      .map(([label, f]) => ({ref: `praxi:${label}`, dependsOn: [...f.pulls].sort().map((d) => `praxi:${d}`)}))
      .sort((a, b) => (a.ref < b.ref ? -1 : 1));
  }
  for (const c of json.components ?? []) {
    const f = foundOf(c);
    if (!f) continue;
    if (f.purl) c.purl = f.purl;
    const confidence = Math.round(f.confidence * 10_000) / 10_000;
    c.evidence = {
      identity: [
        {
          field: 'name',
          confidence,
          methods: [{technique: 'filename', confidence, value: [...f.evidence].join(' ') || 'columbus tags of the changeset'}],
          concludedValue: f.name,
        },
      ],
    };
  }
  return `${JSON.stringify(json, null, 2)}\n`;
}
