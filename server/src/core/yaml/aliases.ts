// Alias resolution in constant time. `yaml`'s Alias.resolve(doc) walks the
// whole document on every call to find the anchor, so reading a document
// with many aliases costs aliases x nodes: a few thousand `<<: *base` merges
// in a big file, or an alias bomb, kept the server busy for seconds to
// minutes. One iterative walk per document (no recursion: documents can be
// nested 100k deep) finds every alias's anchor, with the parser's own rule:
// the last node with that anchor before the alias, in document order.
// model/node.ts builds the table on the first alias it follows.
import { Alias, Document, isAlias, isCollection, isPair, isScalar, Node } from 'yaml';

export interface AliasTable {
  /** Every alias of the document with the node it stands for (undefined: no such anchor before it). */
  targets: Map<Alias, Node | undefined>;
  /**
   * Aliases inside the node they stand for (`a: &x {<<: *x}`): the anchor is
   * registered before its children, so the alias names its own ancestor and
   * following it never ends. Every alias cycle has one of these in it (any
   * other alias names a node that ended before it), so cutting them is enough.
   */
  cyclic: Set<Alias>;
  /** Nodes of the document (pairs, collections, scalars, aliases), to size budgets by. */
  nodes: number;
}

/** Marks the end of an anchored node on the walk's stack. */
class Exit {
  constructor(readonly node: Node) {}
}

export function aliasTable(doc: Document.Parsed): AliasTable {
  const targets = new Map<Alias, Node | undefined>();
  const cyclic = new Set<Alias>();
  const anchors = new Map<string, Node>();
  /** Anchored nodes whose children are being walked. */
  const open = new Set<Node>();
  let nodes = 0;
  // Pre-order, children left to right: the order `yaml` itself uses.
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node instanceof Exit) {
      open.delete(node.node);
      continue;
    }
    if (node === null || node === undefined) continue;
    nodes++;
    if (isAlias(node)) {
      const target = anchors.get(node.source);
      targets.set(node, target);
      if (target && open.has(target)) cyclic.add(node);
    } else if (isPair(node)) {
      stack.push(node.value, node.key);
    } else if (isScalar(node) || isCollection(node)) {
      if (node.anchor) anchors.set(node.anchor, node);
      if (isCollection(node)) {
        if (node.anchor) {
          open.add(node);
          stack.push(new Exit(node));
        }
        for (let i = node.items.length - 1; i >= 0; i--) stack.push(node.items[i]);
      }
    }
  }
  return { targets, cyclic, nodes };
}

/** Every alias of the document with the node it stands for (undefined: no such anchor before it). */
export function aliasTargets(doc: Document.Parsed): Map<Alias, Node | undefined> {
  return aliasTable(doc).targets;
}
