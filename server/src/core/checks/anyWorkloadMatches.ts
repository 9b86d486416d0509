// Whether a selector matches at least one workload of some namespaces,
// stopping at the first: checks only need yes or no (or a few names for a
// message), and resolving every match (and sorting them) per policy would
// cost policies x workloads.
import type { IndexedWorkload } from '../index/types';
import type { WorkspaceIndex } from '../index/workspaceIndex';
import { matches, Requirement } from '../policy/labelSelector';

export function anyWorkloadMatches(index: WorkspaceIndex, namespaces: Iterable<string>, reqs: readonly Requirement[]): boolean {
  return someMatching(index, namespaces, reqs, 1).length > 0;
}

/**
 * Up to `limit` workloads of the namespaces that the requirements match,
 * found through the label tables. `among`: only these workloads (a set
 * from another table, e.g. those naming a port), walked instead of the
 * label candidates when it is the smaller.
 */
export function someMatching(index: WorkspaceIndex, namespaces: Iterable<string>, reqs: readonly Requirement[], limit: number, among?: (ns: string) => ReadonlySet<IndexedWorkload>): IndexedWorkload[] {
  const out: IndexedWorkload[] = [];
  if (limit <= 0) return out;
  for (const w of matching(index, namespaces, reqs, among)) {
    out.push(w);
    if (out.length >= limit) break;
  }
  return out;
}

/** The workloads `someMatching` finds, lazily. */
export function* matching(index: WorkspaceIndex, namespaces: Iterable<string>, reqs: readonly Requirement[], among?: (ns: string) => ReadonlySet<IndexedWorkload>): Iterable<IndexedWorkload> {
  for (const ns of namespaces) {
    const only = among?.(ns);
    if (only?.size === 0) continue;
    const { list, size } = candidates(index, ns, reqs);
    const walk = only && only.size < size ? only : list;
    for (const w of walk) {
      if (only && walk !== only && !only.has(w)) continue;
      if (matches(reqs, w.labels)) yield w;
    }
  }
}

/** The smallest posting list of an In requirement, else the workloads having an Exists key, else all; with an upper bound of its size. */
function candidates(index: WorkspaceIndex, ns: string, reqs: readonly Requirement[]): { list: Iterable<IndexedWorkload>; size: number } {
  const table = index.podLabels(ns);
  let size = index.workloadCountIn(ns);
  for (const r of reqs) {
    if (r.op !== 'In') continue;
    let n = 0;
    for (const v of r.values) n += table.members(r.key, v).size;
    size = Math.min(size, n);
  }
  return { list: candidateList(index, ns, reqs), size };
}

function* candidateList(index: WorkspaceIndex, ns: string, reqs: readonly Requirement[]): Iterable<IndexedWorkload> {
  const table = index.podLabels(ns);
  let smallest: Requirement | undefined;
  let size = Infinity;
  for (const r of reqs) {
    if (r.op !== 'In') continue;
    let n = 0;
    for (const v of r.values) n += table.members(r.key, v).size;
    if (n < size) {
      size = n;
      smallest = r;
    }
  }
  if (smallest && smallest.op === 'In') {
    for (const v of smallest.values) yield* table.members(smallest.key, v);
    return;
  }
  const exists = reqs.find((r) => r.op === 'Exists');
  if (exists) {
    for (const set of table.values(exists.key).values()) yield* set;
    return;
  }
  yield* index.workloadsIn(ns).values();
}
