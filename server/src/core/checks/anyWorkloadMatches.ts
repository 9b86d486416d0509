// Whether a selector matches at least one workload of some namespaces,
// stopping at the first: checks only need yes or no (or a few names for a
// message), and resolving every match (and sorting them) per policy would
// cost policies x workloads.
import type { IndexedWorkload } from '../index/types';
import type { WorkspaceIndex } from '../index/workspaceIndex';
import { matches, Requirement } from '../policy/labelSelector';

export function anyWorkloadMatches(index: WorkspaceIndex, namespaces: Iterable<string>, reqs: Requirement[]): boolean {
  return someMatching(index, namespaces, reqs, 1).length > 0;
}

/** Up to `limit` workloads of the namespaces that the requirements match, found through the label tables. */
export function someMatching(index: WorkspaceIndex, namespaces: Iterable<string>, reqs: Requirement[], limit: number): IndexedWorkload[] {
  const out: IndexedWorkload[] = [];
  for (const ns of namespaces) {
    for (const w of candidates(index, ns, reqs)) {
      if (!matches(reqs, w.labels)) continue;
      out.push(w);
      if (out.length >= limit) return out;
    }
  }
  return out;
}

/** The smallest posting list of an In requirement, else the workloads having an Exists key, else all. */
function* candidates(index: WorkspaceIndex, ns: string, reqs: Requirement[]): Iterable<IndexedWorkload> {
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
