import {describe, expect, it} from 'vitest';

import {prettyJsonPieces, renderAhead, writePrettyJson} from '../../src/util/json-out.js';

function pieces(value: unknown): string {
  return [...prettyJsonPieces(value)].join('');
}

class Point {
  constructor(readonly x: number) {}
}

// Every shape a command result can take, and those JSON.stringify treats specially.
const cases: Record<string, unknown> = {
  'tag result': {
    tagsets: [
      {source: '/a/b.yaml', label: 'x', tags: ['nginx.:2', '\u2297.txt:3', 'a"b\\c\nd:1']},
      {source: '/a/c.yaml', labels: ['p', 'q'], layer: {index: 1, digest: 'sha256:00'}, tags: []},
    ],
    errors: [],
  },
  'empty object': {},
  'members JSON leaves out or turns to null': {a: undefined, b: () => 1, c: Symbol('s'), d: [undefined, () => 1, 1], e: null},
  'toJSON members and elements': {when: new Date(0), list: [new Date(1), {toJSON: () => undefined}], gone: {toJSON: () => undefined}},
  'nested arrays and class instances': {m: [[1, [2, []]], {}, new Point(3)], p: new Point(4), s: 'x\ny'},
  'array with toJSON': {a: Object.assign([1, 2], {toJSON: () => 'arr'})},
  'top-level array': [1, {a: [2]}],
  'top-level string': 'plain',
  'null prototype': Object.assign(Object.create(null), {k: [1]}),
};

describe('prettyJsonPieces', () => {
  for (const [name, value] of Object.entries(cases)) {
    it(`equals JSON.stringify(value, null, 2): ${name}`, () => {
      expect(pieces(value)).toBe(JSON.stringify(value, null, 2));
    });
  }

  it('gives nothing for a value JSON.stringify gives nothing for', () => {
    expect(pieces(undefined)).toBe('');
  });
});

describe('writePrettyJson', () => {
  it('writes the same text plus a newline, in chunks for a large result', () => {
    const result = {tagsets: Array.from({length: 300}, (_, i) => ({source: `/s/${i}.yaml`, tags: Array.from({length: 50}, (_, j) => `t\u00e9g${i}-${j}:${j}`)})), errors: []};
    const chunks: string[] = [];
    writePrettyJson(result, {write: (chunk: string) => chunks.push(chunk)});
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.join('')).toBe(`${JSON.stringify(result, null, 2)}\n`);
  });
});

describe('renderAhead', () => {
  it('elements rendered ahead give the same bytes as rendering at the end', () => {
    const tagsets = [
      {source: '/a/b.yaml', label: 'x', tags: ['nginx.:2', '\u2297.txt:3', 'a"b\\c\nd:1']},
      {source: '/a/c.yaml', labels: ['p', 'q'], layer: {index: 1, digest: 'sha256:00'}, tags: []},
    ];
    const plain = {tagsets: tagsets.map((t) => ({...t})), errors: [{code: 'X', message: 'm'}]};
    const ahead = {tagsets: tagsets.map((t) => renderAhead({...t})), errors: [{code: 'X', message: 'm'}]};
    expect(pieces(ahead)).toBe(JSON.stringify(plain, null, 2));
    expect(pieces(ahead)).toBe(pieces(plain));
  });
});
