// Plain references to objects and selectors, as features hand them to the
// LSP layer: a file, a range to reveal (the whole object or selector) and a
// range to select (its name or key).
import { configEntryLocation } from '../../cluster/configLocation';
import { CLUSTER_MODEL_URI } from '../../cluster/types';
import type { OffsetRange } from '../../findings';
import type { ObjectBase } from '../../model/types';
import type { SelectorSite } from '../../policy/resolve';
import type { IndexedPolicy, IndexedWorkload } from '../types';
import type { WorkspaceIndex } from '../workspaceIndex';

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
  /**
   * Set for the cluster model's workloads: what they are (`cluster DNS`).
   * Their uri is CLUSTER_MODEL_URI (no file: nothing to link to), or the
   * config file's, with the ranges of the entry when it could be found.
   */
  cluster?: string;
}

/** Whether a reference leads to a place in a file (cluster-model workloads may not). */
export function hasLocation(ref: { uri: string }): boolean {
  return ref.uri !== CLUSTER_MODEL_URI;
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

export function workloadRef(index: WorkspaceIndex, w: IndexedWorkload): ObjectRef {
  const ref = objectRef(w.uri, w.workload, w.name, w.namespace);
  if (!w.cluster) return ref;
  ref.cluster = w.cluster.description;
  const at = w.cluster.configPath && hasLocation(w) ? configEntryLocation(index.treeOf(w.uri), w.cluster.configPath) : undefined;
  if (at) {
    ref.range = at.range;
    ref.selectionRange = at.selectionRange;
  }
  return ref;
}

export function siteRange(site: SelectorSite): OffsetRange {
  return { start: site.selector.keyRange.start, end: Math.max(site.selector.keyRange.end, site.selector.range.end) };
}

export function selectorRef(p: IndexedPolicy, site: SelectorSite): SelectorRef {
  const ref: SelectorRef = { uri: p.uri, policy: { name: p.name, namespace: p.namespace }, role: site.role, path: site.selector.path, range: siteRange(site), selectionRange: site.selector.keyRange };
  if (site.direction) ref.direction = site.direction;
  return ref;
}
