// Plain references to objects and selectors, as features hand them to the
// LSP layer: a file, a range to reveal (the whole object or selector) and a
// range to select (its name or key).
import type { OffsetRange } from '../../findings';
import type { ObjectBase } from '../../model/types';
import type { SelectorSite } from '../../policy/resolve';
import type { IndexedPolicy, IndexedWorkload } from '../types';

export interface ObjectRef {
  uri: string;
  kind: string;
  name: string;
  /** `''` for Namespace objects. */
  namespace: string;
  /** The whole object. */
  range: OffsetRange;
  /** Its `metadata.name` value, else its `kind` value. */
  selectionRange: OffsetRange;
}

export interface SelectorRef {
  uri: string;
  policy: { name: string; namespace: string };
  role: SelectorSite['role'];
  direction?: 'Ingress' | 'Egress';
  /** API path of the selector, e.g. `spec.ingress[0].from[0].podSelector`. */
  path: string;
  /** From the selector's key to the end of its value. */
  range: OffsetRange;
  /** The selector's key (`podSelector`). */
  selectionRange: OffsetRange;
}

export function objectRef(uri: string, o: ObjectBase, name: string, namespace: string): ObjectRef {
  return { uri, kind: o.kind, name, namespace, range: o.range, selectionRange: o.metadata.name?.range ?? o.kindRange };
}

export function workloadRef(w: IndexedWorkload): ObjectRef {
  return objectRef(w.uri, w.workload, w.name, w.namespace);
}

export function siteRange(site: SelectorSite): OffsetRange {
  return { start: site.selector.keyRange.start, end: Math.max(site.selector.keyRange.end, site.selector.range.end) };
}

export function selectorRef(p: IndexedPolicy, site: SelectorSite): SelectorRef {
  const ref: SelectorRef = { uri: p.uri, policy: { name: p.name, namespace: p.namespace }, role: site.role, path: site.selector.path, range: siteRange(site), selectionRange: site.selector.keyRange };
  if (site.direction) ref.direction = site.direction;
  return ref;
}
