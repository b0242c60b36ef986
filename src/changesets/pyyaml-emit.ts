// A tiny YAML emitter that writes byte-for-byte what PyYAML's `yaml.dump(data,
// default_flow_style=False)` writes for the shapes praxi needs: a top-level mapping (keys sorted)
// whose values are strings, integers, lists of strings, or mappings of strings to integers.
// Written from the YAML 1.1 rules PyYAML applies (scalar analysis, implicit resolvers, style choice,
// line folding at width 80), so Praxi's own tools read our tag files exactly like theirs.

/** A value the emitter can write. */
export type PyYamlValue = string | number | string[] | Map<string, number>;

export interface PyYamlOptions {
  /** PyYAML's `allow_unicode` (default false: non-ASCII characters are written as escapes). */
  allowUnicode?: boolean;
  /** PyYAML's `width` (default 80): where long scalars are folded. */
  width?: number;
}

// ------------------------------------------------------------------------------------------
// YAML 1.1 implicit typing, as PyYAML's resolver does it: a plain scalar is looked up by its
// first character, then matched against the patterns registered for that character.

const BOOL = /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/;
const FLOAT = /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
const INT = /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/;
const MERGE = /^(?:<<)$/;
const NULL = /^(?:~|null|Null|NULL|)$/;
const TIMESTAMP = /^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$/;
const VALUE = /^(?:=)$/;

const RESOLVERS: Array<[RegExp, string]> = [
  [BOOL, 'yYnNtTfFoO'],
  [FLOAT, '-+0123456789.'],
  [INT, '-+0123456789'],
  [MERGE, '<'],
  [NULL, '~nN'],
  [TIMESTAMP, '0123456789'],
  [VALUE, '='],
];

/**
 * True when a YAML 1.1 reader (PyYAML) would read `text`, written plain, as something other than
 * a string. Python's `$` also matches before a final newline; strings with newlines are never
 * written plain, so that difference cannot matter.
 */
export function resolvesAsNonString(text: string): boolean {
  if (text === '') return true; // null
  const first = text[0]!;
  for (const [re, firsts] of RESOLVERS) if (firsts.includes(first) && re.test(text)) return true;
  return false;
}

// ------------------------------------------------------------------------------------------
// Scalar analysis (which styles can represent a string).

const BREAKS = '\n\x85\u2028\u2029';
const SPACE_OR_BREAK = '\0 \t\r\n\x85\u2028\u2029';

interface Analysis {
  empty: boolean;
  multiline: boolean;
  allowBlockPlain: boolean;
  allowSingleQuoted: boolean;
}

function analyze(chars: string[], allowUnicode: boolean): Analysis {
  const n = chars.length;
  if (n === 0) return { empty: true, multiline: false, allowBlockPlain: true, allowSingleQuoted: true };
  let blockIndicators = false;
  let lineBreaks = false;
  let special = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let previousSpace = false;
  let previousBreak = false;
  if (chars.slice(0, 3).join('') === '---' || chars.slice(0, 3).join('') === '...') blockIndicators = true;
  let precededByWhitespace = true;
  let followedByWhitespace = n === 1 || SPACE_OR_BREAK.includes(chars[1]!);
  for (let i = 0; i < n; i++) {
    const ch = chars[i]!;
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(ch)) blockIndicators = true;
      if ((ch === '?' || ch === ':' || ch === '-') && followedByWhitespace) blockIndicators = true;
    } else if (ch === ':' && followedByWhitespace) {
      blockIndicators = true;
    } else if (ch === '#' && precededByWhitespace) {
      blockIndicators = true;
    }
    if (BREAKS.includes(ch)) lineBreaks = true;
    if (!(ch === '\n' || (ch >= '\x20' && ch <= '\x7e'))) {
      const cp = ch.codePointAt(0)!;
      const printable = (cp === 0x85 || (cp >= 0xa0 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) ||
        (cp >= 0x10000 && cp < 0x10ffff)) && cp !== 0xfeff;
      if (!printable || !allowUnicode) special = true;
    }
    if (ch === ' ') {
      if (i === 0) leadingSpace = true;
      if (i === n - 1) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (BREAKS.includes(ch)) {
      if (i === 0) leadingBreak = true;
      if (i === n - 1) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
    precededByWhitespace = SPACE_OR_BREAK.includes(ch);
    followedByWhitespace = i + 2 >= n || SPACE_OR_BREAK.includes(chars[i + 2]!);
  }
  let allowBlockPlain = true;
  let allowSingleQuoted = true;
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) allowBlockPlain = false;
  if (breakSpace) allowBlockPlain = allowSingleQuoted = false;
  if (spaceBreak || special) allowBlockPlain = allowSingleQuoted = false;
  if (lineBreaks) allowBlockPlain = false;
  if (blockIndicators) allowBlockPlain = false;
  return { empty: false, multiline: lineBreaks, allowBlockPlain, allowSingleQuoted };
}

type Style = 'plain' | 'single' | 'double';

/**
 * ASCII without spaces, no indicator character anywhere, none of `-?:` first and no `:` last:
 * analyze() finds nothing against the plain style for these, and with no space plain() writes
 * them in one piece (a leading `...` still needs the analysis, as does an implicit type).
 */
const ONE_PLAIN_WORD = /^[A-Za-z0-9_./][A-Za-z0-9_./:+=~-]*(?<!:)$/;

function chooseStyle(text: string, a: Analysis, simpleKey: boolean): Style {
  if (!resolvesAsNonString(text) && !(simpleKey && (a.empty || a.multiline)) && a.allowBlockPlain) return 'plain';
  if (a.allowSingleQuoted && !(simpleKey && a.multiline)) return 'single';
  return 'double';
}

// ------------------------------------------------------------------------------------------
// The writer: tracks the column (in code points, as Python counts) to fold like PyYAML.

const ESCAPES: Record<string, string> = {
  '\0': '0', '\x07': 'a', '\x08': 'b', '\x09': 't', '\x0a': 'n', '\x0b': 'v', '\x0c': 'f',
  '\x0d': 'r', '\x1b': 'e', '"': '"', '\\': '\\', '\x85': 'N', '\xa0': '_', '\u2028': 'L', '\u2029': 'P',
};

function hex(cp: number, digits: number): string {
  return cp.toString(16).toUpperCase().padStart(digits, '0');
}

class Writer {
  private readonly parts: string[] = [];
  private column = 0;
  private whitespace = true;
  private indention = true;

  constructor(private readonly width: number, private readonly allowUnicode: boolean) {}

  text(): string {
    return this.parts.join('');
  }

  private write(data: string, length = [...data].length): void {
    this.parts.push(data);
    this.column += length;
  }

  lineBreak(br = '\n'): void {
    this.whitespace = true;
    this.indention = true;
    this.column = 0;
    this.parts.push(br);
  }

  indent(indent: number): void {
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace)) this.lineBreak();
    if (this.column < indent) {
      this.whitespace = true;
      this.write(' '.repeat(indent - this.column), indent - this.column);
    }
  }

  indicator(indicator: string, needWhitespace: boolean, whitespace = false, indention = false): void {
    const data = this.whitespace || !needWhitespace ? indicator : ` ${indicator}`;
    this.whitespace = whitespace;
    this.indention = this.indention && indention;
    this.write(data);
  }

  /** Writes a string scalar; `indent` is where folded continuation lines start. */
  scalar(text: string, indent: number, simpleKey: boolean): void {
    if (ONE_PLAIN_WORD.test(text) && !text.startsWith('...') && !resolvesAsNonString(text)) {
      // What plain() writes for a word the analysis allows plain (most tags: `name.:3`), without it.
      if (!this.whitespace) this.write(' ', 1);
      this.whitespace = false;
      this.indention = false;
      this.write(text, text.length);
      return;
    }
    const chars = [...text];
    const style = chooseStyle(text, analyze(chars, this.allowUnicode), simpleKey);
    const split = !simpleKey;
    if (style === 'plain') this.plain(chars, indent, split);
    else if (style === 'single') this.singleQuoted(chars, indent, split);
    else this.doubleQuoted(chars, indent, split);
  }

  plain(chars: string[], indent: number, split: boolean): void {
    if (chars.length === 0) return;
    if (!this.whitespace) this.write(' ', 1);
    this.whitespace = false;
    this.indention = false;
    // Plain scalars here have no breaks and no leading/trailing spaces: words and space runs.
    let start = 0;
    let spaces = false;
    for (let end = 0; end <= chars.length; end++) {
      const ch = end < chars.length ? chars[end] : undefined;
      if (spaces) {
        if (ch !== ' ') {
          if (start + 1 === end && this.column > this.width && split) {
            this.indent(indent);
            this.whitespace = false;
            this.indention = false;
          } else {
            this.write(chars.slice(start, end).join(''), end - start);
          }
          start = end;
        }
      } else if (ch === undefined || ch === ' ') {
        this.write(chars.slice(start, end).join(''), end - start);
        start = end;
      }
      spaces = ch === ' ';
    }
  }

  singleQuoted(chars: string[], indent: number, split: boolean): void {
    this.indicator("'", true);
    let spaces = false;
    let breaks = false;
    let start = 0;
    const n = chars.length;
    for (let end = 0; end <= n; end++) {
      const ch = end < n ? chars[end] : undefined;
      if (spaces) {
        if (ch !== ' ') {
          if (start + 1 === end && this.column > this.width && split && start !== 0 && end !== n) {
            this.indent(indent);
          } else {
            this.write(chars.slice(start, end).join(''), end - start);
          }
          start = end;
        }
      } else if (breaks) {
        if (ch === undefined || !BREAKS.includes(ch)) {
          if (chars[start] === '\n') this.lineBreak();
          for (const br of chars.slice(start, end)) this.lineBreak(br);
          this.indent(indent);
          start = end;
        }
      } else if (ch === undefined || ch === ' ' || BREAKS.includes(ch) || ch === "'") {
        if (start < end) {
          this.write(chars.slice(start, end).join(''), end - start);
          start = end;
        }
      }
      if (ch === "'") {
        this.write("''", 2);
        start = end + 1;
      }
      if (ch !== undefined) {
        spaces = ch === ' ';
        breaks = BREAKS.includes(ch);
      }
    }
    this.indicator("'", false);
  }

  doubleQuoted(chars: string[], indent: number, split: boolean): void {
    this.indicator('"', true);
    let start = 0;
    const n = chars.length;
    for (let end = 0; end <= n; end++) {
      const ch = end < n ? chars[end] : undefined;
      if (ch === undefined || '"\\\x85\u2028\u2029\ufeff'.includes(ch) || !this.printableInDouble(ch)) {
        if (start < end) {
          this.write(chars.slice(start, end).join(''), end - start);
          start = end;
        }
        if (ch !== undefined) {
          const cp = ch.codePointAt(0)!;
          const esc = ESCAPES[ch];
          const data = esc !== undefined ? `\\${esc}` : cp <= 0xff ? `\\x${hex(cp, 2)}` : cp <= 0xffff ? `\\u${hex(cp, 4)}` : `\\U${hex(cp, 8)}`;
          this.write(data, data.length);
          start = end + 1;
        }
      }
      if (end > 0 && end < n - 1 && (ch === ' ' || start >= end) && this.column + (end - start) > this.width && split) {
        const data = `${chars.slice(start, end).join('')}\\`;
        if (start < end) start = end;
        this.write(data, [...data].length);
        this.indent(indent);
        this.whitespace = false;
        this.indention = false;
        if (chars[start] === ' ') this.write('\\', 1);
      }
    }
    this.indicator('"', false);
  }

  private printableInDouble(ch: string): boolean {
    if (ch >= '\x20' && ch <= '\x7e') return true;
    if (!this.allowUnicode) return false;
    const cp = ch.codePointAt(0)!;
    return (cp >= 0xa0 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd);
  }

  /** An integer, as PyYAML represents ints (plain decimal). */
  integer(value: number): void {
    this.plain([...String(value)], 0, false);
  }
}

// Python sorts str keys by code point; JavaScript's default sort compares UTF-16 units, which
// differs for characters beyond U+FFFF.
export function comparePython(a: string, b: string): number {
  const ca = [...a];
  const cb = [...b];
  const n = Math.min(ca.length, cb.length);
  for (let i = 0; i < n; i++) {
    const d = ca[i]!.codePointAt(0)! - cb[i]!.codePointAt(0)!;
    if (d !== 0) return d;
  }
  return ca.length - cb.length;
}

/**
 * `yaml.dump(mapping, default_flow_style=False)`: keys sorted; string lists as indentless block
 * sequences; a Map as a nested block mapping (PyYAML sorts its keys too).
 */
export function dumpPyYaml(mapping: Record<string, PyYamlValue>, options: PyYamlOptions = {}): string {
  const w = new Writer(options.width ?? 80, options.allowUnicode ?? false);
  const keys = Object.keys(mapping).sort(comparePython);
  for (const key of keys) {
    const value = mapping[key]!;
    writeKey(w, key, 0);
    if (typeof value === 'string') {
      w.scalar(value, 2, false);
    } else if (typeof value === 'number') {
      w.integer(value);
    } else if (value instanceof Map) {
      if (value.size === 0) {
        w.indicator('{', true, true); // PyYAML writes empty collections in flow style
        w.indicator('}', false);
      }
      const pairs = [...value].sort((a, b) => comparePython(a[0], b[0]));
      for (const [k, v] of pairs) {
        writeKey(w, k, 2);
        w.integer(v);
      }
    } else if (value.length === 0) {
      w.indicator('[', true, true);
      w.indicator(']', false);
    } else {
      for (const item of value) {
        w.indent(0);
        w.indicator('-', true, false, true);
        w.scalar(item, 2, false);
      }
    }
  }
  w.indent(0);
  return w.text();
}

/** A mapping key at `indent`: simple (`key:`) when short and one line, else `? key` / `:`. */
function writeKey(w: Writer, key: string, indent: number): void {
  w.indent(indent);
  const chars = [...key];
  const a = analyze(chars, true);
  if (chars.length < 128 && !a.empty && !a.multiline) {
    w.scalar(key, indent + 2, true);
    w.indicator(':', false);
  } else {
    w.indicator('?', true, false, true);
    w.scalar(key, indent + 2, false);
    w.indent(indent);
    w.indicator(':', true, false, true);
  }
}
