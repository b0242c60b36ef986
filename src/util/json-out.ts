/**
 * `JSON.stringify(value, null, 2)` written in pieces: a result's top-level arrays (a million-path
 * tag run holds 90,000 tag strings) are serialized one element at a time, so no single text of the
 * whole result is built, widened to UTF-16 by one non-ASCII tag and copied again for the write.
 * The bytes are exactly those of the one-piece form plus a newline.
 */

/** Elements serialized ahead of time (renderAhead). */
const rendered = new WeakMap<object, string>();

/**
 * Serializes `value` now, as `JSON.stringify(value, null, 2)`, for a later writePrettyJson of a
 * result whose top-level array holds it: a command renders each element as it comes, while its
 * other work (tagging on the pool) goes on, instead of all of them at the end. `value` must not
 * change afterwards.
 */
export function renderAhead<T extends object>(value: T): T {
  const text = JSON.stringify(value, null, 2);
  if (text !== undefined) rendered.set(value, text);
  return value;
}

/** Pieces whose concatenation is `JSON.stringify(value, null, 2)`. */
export function* prettyJsonPieces(value: unknown): Generator<string> {
  if (!isPlainObject(value)) {
    const text = JSON.stringify(value, null, 2);
    if (text !== undefined) yield text;
    return;
  }
  // The members JSON.stringify keeps (it leaves out those that serialize to nothing); arrays are
  // kept whole and serialized element by element below.
  const members: Array<{key: string; array?: unknown[]; text?: string}> = [];
  for (const key of Object.keys(value)) {
    const member = value[key];
    if (Array.isArray(member) && member.length > 0 && !hasToJson(member)) {
      members.push({key, array: member});
    } else {
      const text = JSON.stringify(member, null, 2);
      if (text !== undefined) members.push({key, text});
    }
  }
  if (members.length === 0) {
    yield '{}';
    return;
  }
  yield '{\n';
  for (let i = 0; i < members.length; i++) {
    const {key, array, text} = members[i];
    const end = i + 1 < members.length ? ',\n' : '\n';
    // A nested value is its own pretty form with each line indented one level deeper (line breaks
    // inside strings are escaped, so every '\n' starts a line).
    if (array === undefined) {
      yield `  ${JSON.stringify(key)}: ${text!.replaceAll('\n', '\n  ')}${end}`;
      continue;
    }
    yield `  ${JSON.stringify(key)}: [\n`;
    for (let j = 0; j < array.length; j++) {
      const item = array[j];
      const element = (typeof item === 'object' && item !== null ? rendered.get(item) : undefined) ?? JSON.stringify(item, null, 2) ?? 'null';
      yield `    ${element.replaceAll('\n', '\n    ')}${j + 1 < array.length ? ',\n' : '\n'}`;
    }
    yield `  ]${end}`;
  }
  yield '}';
}

/** Writes `JSON.stringify(value, null, 2)` and a newline to `out` in chunks of about 64 KiB. */
export function writePrettyJson(value: unknown, out: {write(chunk: string): unknown}): void {
  let chunk = '';
  for (const piece of prettyJsonPieces(value)) {
    chunk += piece;
    if (chunk.length >= 1 << 16) {
      out.write(chunk);
      chunk = '';
    }
  }
  out.write(`${chunk}\n`);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || hasToJson(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function hasToJson(value: object): boolean {
  return typeof (value as {toJSON?: unknown}).toJSON === 'function';
}
