// Whether a selector matches at least one workload of some namespaces,
// stopping at the first: checks only need yes or no, and resolving every
// match (and sorting them) per policy would cost policies x workloads.
import type { WorkspaceIndex } from '../index/workspaceIndex';
import { matches, Requirement } from '../policy/labelSelector';

export function anyWorkloadMatches(index: WorkspaceIndex, namespaces: Iterable<string>, reqs: Requirement[]): boolean {
  for (const ns of namespaces) {
    const table = index.podLabels(ns);
    // The smallest posting list of an In requirement, else the workloads having an Exists key, else all.
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
      for (const v of smallest.values) for (const w of table.members(smallest.key, v)) if (matches(reqs, w.labels)) return true;
      continue;
    }
    const exists = reqs.find((r) => r.op === 'Exists');
    if (exists) {
      for (const set of table.values(exists.key).values()) for (const w of set) if (matches(reqs, w.labels)) return true;
      continue;
    }
    for (const w of index.workloadsIn(ns).values()) if (matches(reqs, w.labels)) return true;
  }
  return false;
}
