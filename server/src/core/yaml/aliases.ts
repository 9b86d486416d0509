// Alias resolution in constant time. `yaml`'s Alias.resolve(doc) walks the
// whole document on every call to find the anchor, so reading a document
// with many aliases costs aliases x nodes: a few thousand `<<: *base` merges
// in a big file, or an alias bomb, kept the server busy for seconds to
// minutes. One iterative walk per document (no recursion: documents can be
// nested 100k deep) finds every alias's anchor, with the parser's own rule:
// the last node with that anchor before the alias, in document order.
// model/node.ts builds the table on the first alias it follows.
import { Alias, Document, isAlias, isCollection, isPair, isScalar, Node } from 'yaml';

/** Every alias of the document with the node it stands for (undefined: no such anchor before it). */
export function aliasTargets(doc: Document.Parsed): Map<Alias, Node | undefined> {
  const targets = new Map<Alias, Node | undefined>();
  const anchors = new Map<string, Node>();
  // Pre-order, children left to right: the order `yaml` itself uses.
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isAlias(node)) {
      targets.set(node, anchors.get(node.source));
    } else if (isPair(node)) {
      stack.push(node.value, node.key);
    } else if (isScalar(node) || isCollection(node)) {
      if (node.anchor) anchors.set(node.anchor, node);
      if (isCollection(node)) for (let i = node.items.length - 1; i >= 0; i--) stack.push(node.items[i]);
    }
  }
  return targets;
}
