// Where else a pod selector matches: the namespaces (other than the policy's
// own) with a workload, of the files or of the cluster model, that it
// selects. For the rules that tell "right selector, wrong namespace" apart
// from a typo. Cached per selector until a workload it matches, anywhere,
// comes, goes or changes.
import type { WorkspaceIndex } from '../index/workspaceIndex';
import type { Requirement } from '../policy/labelSelector';
import { anyWorkloadMatches } from './anyWorkloadMatches';
import { selectorSignature, VerdictCache } from './verdictCache';

/** Namespaces named in messages and offered as fixes. */
export const MAX_NAMESPACES = 3;

export interface OtherNamespaces {
  /** Sorted, at most MAX_NAMESPACES. */
  names: string[];
  count: number;
}

const cache = new VerdictCache<OtherNamespaces>();

/** Forgets the index's answers (benchmarks and ratio tests measure cold work). */
export function clearOtherNamespaces(index: WorkspaceIndex): void {
  cache.clear(index);
}

/** The namespaces among `candidates` (default: every namespace with workloads) where the selector matches, `own` left out. */
export function otherNamespacesMatching(index: WorkspaceIndex, own: string, reqs: Requirement[], candidates?: readonly string[]): OtherNamespaces {
  const key = `${own}\u0000${candidates ? candidates.join(',') : '*'}\u0000${selectorSignature(reqs)}`;
  return cache.get(index, key, () => {
    const names = (candidates ?? index.workloadNamespaces()).filter((ns) => ns !== own && anyWorkloadMatches(index, [ns], reqs)).sort();
    // Which namespaces hold a member it matches: the same until such a member comes, goes or is edited.
    return { value: { names: names.slice(0, MAX_NAMESPACES), count: names.length }, deps: { namespaces: [], anyTable: true, matchedBy: reqs } };
  });
}

/** `namespace data`, `namespaces a, b`, `namespaces a, b, c and 2 more`. */
export function describeOthers(o: OtherNamespaces): string {
  const more = o.count > o.names.length ? ` and ${o.count - o.names.length} more` : '';
  return `${o.count === 1 ? 'namespace' : 'namespaces'} ${o.names.join(', ')}${more}`;
}
