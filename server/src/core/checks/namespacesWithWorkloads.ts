// The namespaces of a selector's scope in which the workspace has workloads
// (only those are judged). A `namespaceSelector: {}` scope lists every
// namespace, and every policy's DNS rule has one: its answer is kept per
// list (the scopes share one list per namespace list) and index version,
// not worked out again for each policy. Kept until a namespace gains its
// first workload or loses its last (not every edit: a keystroke in a
// policy would filter the whole namespace list again).
import type { WorkspaceIndex } from '../index/workspaceIndex';

/** Lists this short are filtered on each call: a lookup would cost as much. */
const SHORT = 4;

const caches = new WeakMap<WorkspaceIndex, { version: number; byList: WeakMap<readonly string[], readonly string[]> }>();

/** Forgets the index's answers (benchmarks and ratio tests measure cold work). */
export function clearNamespacesWithWorkloads(index: WorkspaceIndex): void {
  caches.delete(index);
}

/** The namespaces of the list with at least one workload, in list order; shared, do not modify. */
export function namespacesWithWorkloads(index: WorkspaceIndex, namespaces: readonly string[]): readonly string[] {
  if (namespaces.length <= SHORT) return namespaces.filter((ns) => index.workloadCountIn(ns) > 0);
  let cache = caches.get(index);
  if (cache?.version !== index.workloadNamespacesVersion) caches.set(index, (cache = { version: index.workloadNamespacesVersion, byList: new WeakMap() }));
  let hit = cache.byList.get(namespaces);
  if (!hit) cache.byList.set(namespaces, (hit = namespaces.filter((ns) => index.workloadCountIn(ns) > 0)));
  return hit;
}
