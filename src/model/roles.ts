/**
 * What was installed on purpose: among the labels judged present, a label that another present
 * label depends on (Depends/Pre-Depends, or Recommends, which apt installs by default) was pulled
 * in — a `dependency`, with the labels that pulled it; the others are `requested`. Requested labels
 * come first, those that pulled in more of what is present before the others (the package a person
 * asked for brings its dependency closure), then by score; dependencies follow by score.
 *
 * Dependency cycles (perl ↔ perl-modules) are taken as one unit: a cycle that nothing outside it
 * pulls in has one requested member: the one the others Depend on least, then the one with the
 * most present direct dependencies.
 * Metapackages (LABEL_REQUESTED_ONLY) are named only when requested: pulled in by another package
 * they add nothing a person would look for.
 */
import {LABEL_REQUESTED_ONLY, RECOMMENDS_EDGE, type ProfileExtras} from './profile.js';

export type Role = 'requested' | 'dependency';

export interface RoleInput {
  /** Label index in the model. */
  index: number;
  score: number;
}

export interface RoleOutput {
  index: number;
  role: Role;
  /** Present labels that depend on (or recommend) this one. */
  pulledBy: number[];
  /** Present labels this one pulls in, directly or through others. */
  pulls: number;
}

/**
 * Present labels each present label pulls in directly (indexes into `present`), and for each the
 * ones it pulls by Depends/Pre-Depends rather than Recommends alone.
 */
function presentEdges(present: readonly RoleInput[], graph: ProfileExtras): {all: number[][]; hard: number[][]} {
  const at = new Map(present.map((p, i) => [p.index, i]));
  const all: number[][] = [];
  const hard: number[][] = [];
  present.forEach((p, i) => {
    const out: number[] = [];
    const firm: number[] = [];
    for (let e = graph.depStart[p.index]; e < graph.depStart[p.index + 1]; e++) {
      const j = at.get((graph.deps[e] & ~RECOMMENDS_EDGE) >>> 0);
      if (j === undefined || j === i) continue;
      if (!out.includes(j)) out.push(j);
      if (!(graph.deps[e] & RECOMMENDS_EDGE) && !firm.includes(j)) firm.push(j);
    }
    all.push(out);
    hard.push(firm);
  });
  return {all, hard};
}

/** Tarjan's strongly connected components, iteratively (no recursion depth limit). */
function components(edges: readonly number[][]): number[] {
  const n = edges.length;
  const index = new Array<number>(n).fill(-1);
  const low = new Array<number>(n).fill(0);
  const onStack = new Array<boolean>(n).fill(false);
  const comp = new Array<number>(n).fill(-1);
  const stack: number[] = [];
  let counter = 0;
  let comps = 0;
  for (let s = 0; s < n; s++) {
    if (index[s] >= 0) continue;
    const work: [number, number][] = [[s, 0]];
    index[s] = low[s] = counter++;
    stack.push(s);
    onStack[s] = true;
    while (work.length) {
      const top = work[work.length - 1];
      const [v, k] = top;
      if (k < edges[v].length) {
        top[1]++;
        const w = edges[v][k];
        if (index[w] < 0) {
          index[w] = low[w] = counter++;
          stack.push(w);
          onStack[w] = true;
          work.push([w, 0]);
        } else if (onStack[w]) {
          low[v] = Math.min(low[v], index[w]);
        }
        continue;
      }
      work.pop();
      if (work.length) low[work[work.length - 1][0]] = Math.min(low[work[work.length - 1][0]], low[v]);
      if (low[v] === index[v]) {
        let w: number;
        do {
          w = stack.pop()!;
          onStack[w] = false;
          comp[w] = comps;
        } while (w !== v);
        comps++;
      }
    }
  }
  return comp;
}

/** Roles of the present labels, in report order (requested first). */
export function assignRoles(present: readonly RoleInput[], graph: ProfileExtras): RoleOutput[] {
  const {all: edges, hard} = presentEdges(present, graph);
  const comp = components(edges);
  const pulledBy: number[][] = present.map(() => []);
  edges.forEach((out, i) => out.forEach((j) => pulledBy[j].push(i)));
  // Reachable counts (small sets: the labels present in one changeset).
  const reachable = (graph: readonly number[][]) =>
    graph.map((_, s) => {
      const seen = new Set<number>([s]);
      const queue = [s];
      while (queue.length) for (const w of graph[queue.pop()!]) if (!seen.has(w)) seen.add(w), queue.push(w);
      return seen.size - 1;
    });
  const reach = reachable(edges);
  const hardReach = reachable(hard);
  const role: Role[] = present.map(() => 'dependency');
  const byComp = new Map<number, number[]>();
  comp.forEach((c, i) => byComp.set(c, [...(byComp.get(c) ?? []), i]));
  for (const members of byComp.values()) {
    const pulledFromOutside = members.some((m) => pulledBy[m].some((p) => comp[p] !== comp[m]));
    if (pulledFromOutside) continue;
    // The member whose own Depends bring in most of what is present (automake Depends on autoconf,
    // which only Recommends automake), then the one the others Depend on least, then the one with
    // the most present direct dependencies, then score.
    const needed = (m: number) => members.filter((o) => o !== m && hard[o].includes(m)).length;
    const key = (m: number) => [hardReach[m], -needed(m), edges[m].length, present[m].score];
    const head = members.reduce((best, m) => {
      const [a, b] = [key(m), key(best)];
      for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return a[k] > b[k] ? m : best;
      return best;
    });
    role[head] = 'requested';
  }
  const order = present.map((_, i) => i);
  order.sort((x, y) => {
    if (role[x] !== role[y]) return role[x] === 'requested' ? -1 : 1;
    if (role[x] === 'requested' && reach[x] !== reach[y]) return reach[y] - reach[x];
    return present[y].score - present[x].score || present[x].index - present[y].index;
  });
  return order
    .filter((i) => role[i] === 'requested' || !(graph.flags[present[i].index] & LABEL_REQUESTED_ONLY))
    .map((i) => ({
    index: present[i].index,
    role: role[i],
    pulledBy: role[i] === 'requested' ? [] : pulledBy[i].map((p) => present[p].index),
    pulls: reach[i],
  }));
}
