// The reference reader: formats, the documented policies, and one InputError code per bad-input class.
import { describe, expect, it } from 'vitest';

import { firstInvalidUtf8 } from '../../src/changesets/encoding.js';
import { formatForPath, parseChangeset, sniffFormat } from '../../src/changesets/parse.js';
import type { ParseOptions } from '../../src/changesets/parse.js';
import { InputError } from '../../src/changesets/types.js';
import { PraxiError } from '../../src/errors.js';

const yaml = (text: string, source = 'x.yaml') => parseChangeset(Buffer.from(text), source, { format: 'yaml' });

function failure(bytes: Uint8Array | string, options: ParseOptions = { format: 'yaml' }, source = 'x.yaml'): InputError {
  try {
    parseChangeset(typeof bytes === 'string' ? Buffer.from(bytes) : bytes, source, options);
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return err as InputError;
  }
  throw new Error(`expected an InputError for ${JSON.stringify(bytes.toString())}`);
}

describe('parseChangeset: YAML', () => {
  it('reads Praxi changesets', () => {
    expect(yaml("changes:\n- '000 /a'\n- 644 /b\nclose_time: 1504183734.5927892\nlabel: emacs-nox\nopen_time: 1504183697.509579\n")).toEqual({
      source: 'x.yaml', changes: ['000 /a', '644 /b'], label: 'emacs-nox',
      meta: { format: 'yaml', close_time: 1504183734.5927892, open_time: 1504183697.509579 },
    });
    expect(yaml('labels:\n- a\n- b\nchanges: [x, "y"]\nid: 7\n')).toEqual({
      source: 'x.yaml', changes: ['x', 'y'], labels: ['a', 'b'], meta: { format: 'yaml', id: '7' },
    });
  });

  it('keeps entries as written: numbers, bools, dates, nulls are text', () => {
    expect(yaml('changes:\n- 1.50\n- 000:32\n- true\n- 2001-01-01\n- ~\n- null\n- 0o17\n- !!int 5\n- .inf\n').changes)
      .toEqual(['1.50', '000:32', 'true', '2001-01-01', '~', 'null', '0o17', '5', '.inf']);
    expect(yaml('changes:\n- a\nlabel: 1.0\n').label).toBe('1.0');
  });

  it('treats null label/labels/id/times as absent', () => {
    expect(yaml('changes:\n- a\nlabel: null\nlabels: ~\nid:\nopen_time:\n')).toEqual({ source: 'x.yaml', changes: ['a'], meta: { format: 'yaml' } });
  });

  it('accepts anchors, block scalars, comments, CRLF, BOM, UTF-16', () => {
    expect(yaml('# c\nchanges:\n- &p /a\n- *p\n- |-\n  /multi\n').changes).toEqual(['/a', '/a', '/multi']);
    expect(yaml('\ufeffchanges:\r\n- a\r\n').changes).toEqual(['a']);
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('changes:\n- é\n', 'utf16le')]);
    expect(parseChangeset(utf16, 'u.yaml', { format: 'yaml' }).changes).toEqual(['é']);
    expect(yaml('changes: []\n').changes).toEqual([]);
  });

  it('InputError is a PraxiError with a stable code, the source and the line in the message', () => {
    const err = failure('changes:\n- a\n- b: c\n');
    expect(err).toBeInstanceOf(PraxiError);
    expect(err.code).toBe('CHANGESET_SHAPE');
    expect(err.source).toBe('x.yaml');
    expect(err.line).toBe(3);
    expect(err.message).toBe('x.yaml:3: changes[1] is a mapping; expected a string');
    expect(err.toJSON()).toEqual({ code: 'CHANGESET_SHAPE', source: 'x.yaml', line: 3, message: err.message });
  });
});

describe('parseChangeset: every bad-input class', () => {
  const cases: Array<[string, Uint8Array | string, string, number | undefined, RegExp?]> = [
    ['zero bytes', '', 'CHANGESET_EMPTY', undefined],
    ['whitespace', ' \n\n', 'CHANGESET_EMPTY', undefined],
    ['only comments', '# nothing\n', 'CHANGESET_EMPTY', undefined],
    ['NUL byte', Buffer.from('changes:\n- a\0b\n'), 'CHANGESET_ENCODING', 2, /NUL byte at byte offset 12/],
    ['binary junk', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0xff]), 'CHANGESET_ENCODING', 1],
    ['invalid UTF-8', Buffer.from([...Buffer.from('changes:\n- a\n- '), 0xc3, 0x28, 0x0a]), 'CHANGESET_ENCODING', 3, /byte offset 15 \(byte 0xc3\)/],
    ['truncated UTF-8', Buffer.from([...Buffer.from('changes:\n- '), 0xe2, 0x82]), 'CHANGESET_ENCODING', 2],
    ['UTF-32', Buffer.from([0xff, 0xfe, 0, 0, 0x63, 0, 0, 0]), 'CHANGESET_ENCODING', undefined, /UTF-32/],
    ['unclosed flow', 'changes: [a, b\nlabel: x\n', 'CHANGESET_YAML', 2],
    ['duplicate key', 'changes:\n- a\nlabel: x\nlabel: y\n', 'CHANGESET_YAML', 4, /DUPLICATE_KEY/],
    ['two documents', 'changes:\n- a\n---\nchanges:\n- b\n', 'CHANGESET_YAML', 3, /MULTIPLE_DOCS/],
    ['bad indentation', 'changes:\n  - a\n - b\n', 'CHANGESET_YAML', 3],
    ['a list', '- a\n- b\n', 'CHANGESET_SHAPE', 1, /is a list; expected a mapping/],
    ['a scalar', 'hello\n', 'CHANGESET_SHAPE', 1],
    ['no changes', 'label: x\n', 'CHANGESET_SHAPE', 1, /no `changes` key/],
    ['changes null', 'changes:\nlabel: x\n', 'CHANGESET_SHAPE', 1, /`changes` is an empty value \(null\); expected a list of strings/],
    ['changes scalar', 'label: x\nchanges: a\n', 'CHANGESET_SHAPE', 2, /`changes` is a string/],
    ['changes mapping', 'changes:\n  a: b\n', 'CHANGESET_SHAPE', 2, /is a mapping/],
    ['nested list entry', 'changes:\n- a\n- - b\n', 'CHANGESET_SHAPE', 3, /changes\[1\] is a list/],
    ['empty entry', 'changes:\n- a\n-\n- c\n', 'CHANGESET_SHAPE', 3, /changes\[1\] is empty/],
    ['label list', 'changes:\n- a\nlabel:\n- x\n', 'CHANGESET_SHAPE', 4, /`label` is a list/],
    ['labels entry mapping', 'changes:\n- a\nlabels:\n- {x: 1}\n', 'CHANGESET_SHAPE', 4, /labels\[0\] is a mapping/],
    ['bad time', 'changes:\n- a\nopen_time: soon\n', 'CHANGESET_SHAPE', 3, /expected a number/],
  ];
  for (const [name, input, code, line, message] of cases) {
    it(`${name} → ${code}`, () => {
      const err = failure(input);
      expect(err.code).toBe(code);
      expect(err.source).toBe('x.yaml');
      expect(err.line).toBe(line);
      expect(err.message.startsWith('x.yaml')).toBe(true);
      if (message) expect(err.message).toMatch(message);
    });
  }

  it('finds the first invalid UTF-8 byte', () => {
    expect(firstInvalidUtf8(Buffer.from('abc'))).toBe(-1);
    expect(firstInvalidUtf8(Buffer.from([0x61, 0xc0, 0x80]))).toBe(1); // overlong
    expect(firstInvalidUtf8(Buffer.from([0xed, 0xa0, 0x80]))).toBe(0); // surrogate
    expect(firstInvalidUtf8(Buffer.from([0xf4, 0x90, 0x80, 0x80]))).toBe(0); // > U+10FFFF
    expect(firstInvalidUtf8(Buffer.from('é😀'))).toBe(-1);
  });
});

describe('parseChangeset: JSON and text', () => {
  it('reads JSON with the same keys', () => {
    expect(parseChangeset(Buffer.from('{"changes": ["a", "b"], "labels": ["x"], "id": 3, "open_time": 1.5}'), 'c.json', { format: 'json' }))
      .toEqual({ source: 'c.json', changes: ['a', 'b'], labels: ['x'], meta: { format: 'json', id: '3', open_time: 1.5 } });
  });

  it('JSON errors: syntax with a line, non-string entries by index', () => {
    const syntax = failure('{"changes": [\n"a"\n"b"]}', { format: 'json' }, 'c.json');
    expect(syntax.code).toBe('CHANGESET_YAML');
    expect(syntax.line).toBe(3);
    const shape = failure('{"changes": ["a", 1.5]}', { format: 'json' }, 'c.json');
    expect(shape.code).toBe('CHANGESET_SHAPE');
    expect(shape.message).toMatch(/changes\[1\] is a number \(1\.5\); expected a string/);
    expect(failure('[1]', { format: 'json' }, 'c.json').code).toBe('CHANGESET_SHAPE');
    expect(failure('{"label": "x"}', { format: 'json' }, 'c.json').code).toBe('CHANGESET_SHAPE');
  });

  it('reads one path per line, verbatim, skipping blank lines', () => {
    expect(parseChangeset(Buffer.from('/a b\r\n\n#not-a-comment\n  /indented\n'), '-', { format: 'text' }).changes)
      .toEqual(['/a b', '#not-a-comment', '  /indented']);
    expect(failure('\n\r\n', { format: 'text' }, '-').code).toBe('CHANGESET_EMPTY');
  });

  it('sniffs stdin: JSON, YAML, else a path list', () => {
    expect(sniffFormat('  {"changes": []}')).toBe('json');
    expect(sniffFormat('label: x\nchanges:\n- a\n')).toBe('yaml');
    expect(sniffFormat('---\n- a\n')).toBe('yaml');
    expect(sniffFormat('/usr/bin/a\n/usr/bin/b\n')).toBe('text');
    expect(parseChangeset(Buffer.from('/usr/bin/a\n/etc/x: y\n'), '-').changes).toEqual(['/usr/bin/a', '/etc/x: y']);
    expect(parseChangeset(Buffer.from('changes:\n- a\n'), '-').changes).toEqual(['a']);
  });

  it('maps extensions to formats', () => {
    expect(formatForPath('a/b.YAML')).toBe('yaml');
    expect(formatForPath('b.yml')).toBe('yaml');
    expect(formatForPath('b.json')).toBe('json');
    expect(formatForPath('b.list')).toBe('text');
    expect(formatForPath('b.txt')).toBe('text');
    expect(formatForPath('dir.d/b')).toBe('auto');
  });
});
