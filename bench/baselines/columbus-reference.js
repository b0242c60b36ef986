// A straightforward JavaScript Columbus, written from shared/spec/columbus.md: the oracle the
// property tests compare the native engine with, and the baseline the benchmark reports ratios
// against. Deliberately simple: Map lookups per prefix, code points via Array.from.

const SKIP = new Set(['usr', 'bin', 'proc', 'sys', 'etc', 'local', 'src', 'dev', 'home', 'root', 'lib', 'pkg', 'sbin', 'share', 'cache']);

/**
 * @param {string[]} changes
 * @param {{threshold: number, filter?: Set<string>}} options
 * @returns {string[]} `"tag:count"` in Columbus order
 */
export function columbusReference(changes, {threshold, filter}) {
  /** @type {Map<string, {count: number, children: Set<string>}>} */
  const entries = new Map();
  for (const change of changes) {
    for (const raw of change.split('/')) {
      if (raw === '' || SKIP.has(raw)) continue;
      let cps = Array.from(raw.replace(/[:|]/g, ''));
      let child = null;
      while (cps.length >= 3) {
        const key = cps.join('');
        let e = entries.get(key);
        if (!e) {
          e = {count: 0, children: new Set()};
          entries.set(key, e);
        }
        e.count++;
        if (child !== null) e.children.add(child);
        child = key;
        cps = cps.slice(0, -1);
      }
    }
  }
  const out = [];
  for (const [key, e] of entries) {
    if (e.children.size >= threshold && !(filter && filter.has(key))) out.push(`${key}:${e.count}`);
  }
  return out;
}
