// The union filesystem a stack of layers makes (OCI image spec, "Applying changesets"): each layer
// first removes what its whiteouts name from the layers below it (`.wh.x` removes x and everything
// under it; `.wh..wh..opq` empties the directory of lower content), then adds its own entries; a
// non-directory replaces whatever was at its path, a directory replaces a non-directory.
// Iterative throughout (no recursion), so deep trees cannot overflow the stack.
import type {LayerEvent} from './layer.js';

interface Node {
  dir: boolean;
  /** 1-based index of the layer that last wrote this path. */
  layer: number;
  children?: Map<string, Node>;
}

export class OverlayTree {
  private readonly root: Node = {dir: true, layer: 0, children: new Map()};

  /** Applies one layer's events (all of them: whiteouts act before additions, as the spec says). */
  apply(layer: number, events: readonly LayerEvent[]): void {
    for (const e of events) {
      if (e.kind === 'whiteout') this.remove(e.path);
      else if (e.kind === 'opaque') this.empty(e.path);
    }
    for (const e of events) if (e.kind === 'entry') this.add(e.path, e.type === 'dir', layer);
  }

  private lookup(path: string): {parent: Node; name: string} | undefined {
    const parts = path.split('/');
    let node = this.root;
    for (let i = 0; i < parts.length - 1; i++) {
      const next = node.children?.get(parts[i]!);
      if (!next || !next.dir) return undefined;
      node = next;
    }
    return {parent: node, name: parts[parts.length - 1]!};
  }

  private remove(path: string): void {
    const at = this.lookup(path);
    at?.parent.children?.delete(at.name);
  }

  private empty(path: string): void {
    if (path === '') {
      this.root.children = new Map();
      return;
    }
    const at = this.lookup(path);
    const node = at?.parent.children?.get(at.name);
    if (node?.dir) node.children = new Map();
  }

  private add(path: string, dir: boolean, layer: number): void {
    const parts = path.split('/');
    let node = this.root;
    for (let i = 0; i < parts.length; i++) {
      const name = parts[i]!;
      const last = i === parts.length - 1;
      let child = node.children!.get(name);
      if (last) {
        if (dir && child?.dir) {
          child.layer = layer; // same directory, new metadata: lower content stays
        } else {
          child = dir ? {dir, layer, children: new Map()} : {dir, layer};
          node.children!.set(name, child);
        }
        return;
      }
      if (!child || !child.dir) {
        // A parent implied by a deeper entry (tars need not list directories).
        child = {dir: true, layer, children: new Map()};
        node.children!.set(name, child);
      }
      node = child;
    }
  }

  /** Every non-directory as `/path` with the layer that wrote it, sorted in plain string order. */
  files(): Array<{path: string; layer: number}> {
    const out: Array<{path: string; layer: number}> = [];
    const stack: Array<[string, Node]> = [['', this.root]];
    while (stack.length > 0) {
      const [prefix, node] = stack.pop()!;
      for (const [name, child] of node.children!) {
        const p = `${prefix}/${name}`;
        if (child.dir) stack.push([p, child]);
        else out.push({path: p, layer: child.layer});
      }
    }
    return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  /** True when `/path` is a non-directory in the tree. */
  hasFile(path: string): boolean {
    const at = this.lookup(path.slice(1));
    const node = at?.parent.children?.get(at.name);
    return node !== undefined && !node.dir;
  }
}
