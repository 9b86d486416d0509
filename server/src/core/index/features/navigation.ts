// Go to definition (selector -> the workloads or Namespaces it selects) and
// find references (workload or Namespace -> the selectors that select it).
// Cluster-model workloads have no file: definitions leave them out, unless
// the config file declares them (then the entry there is the definition, and
// references work from it too).
import { namespacesMatching, peersSelecting, policiesSelecting, resolvePeer, selectorSitesOf, workloadsSelectedBy } from '../../policy/resolve';
import { compileSelector, matches } from '../../policy/labelSelector';
import type { WorkspaceIndex } from '../workspaceIndex';
import { clusterWorkloadAt, namespaceObjectAt, selectorAt, workloadAt } from './locate';
import { hasLocation, ObjectRef, objectRef, SelectorRef, selectorRef, workloadRef } from './refs';

export function definitionsAt(index: WorkspaceIndex, uri: string, offset: number): ObjectRef[] {
  const at = selectorAt(index, uri, offset);
  if (!at) return [];
  const { policy, site } = at;
  if (site.role === 'peerNamespace') {
    return namespacesMatching(index, site.selector).flatMap((n) => n.definitions.map((d) => objectRef(d.uri, d.object, d.name, '')));
  }
  const workloads = site.role === 'policy' ? workloadsSelectedBy(index, policy) : resolvePeer(index, policy, site.peer!).workloads;
  return workloads.map((w) => workloadRef(index, w)).filter(hasLocation);
}

/** Selectors that select the workload (or Namespace) at the offset: policy podSelectors first, then peers. */
export function referencesAt(index: WorkspaceIndex, uri: string, offset: number): SelectorRef[] {
  const w = workloadAt(index, uri, offset) ?? clusterWorkloadAt(index, uri, offset);
  if (w) {
    const own = policiesSelecting(index, w).map((p) => selectorRef(p, { role: 'policy', selector: p.policy.podSelector! }));
    const peers = peersSelecting(index, w).map((m) =>
      selectorRef(m.policy, { role: m.peer.podSelector ? 'peerPod' : 'peerNamespace', selector: m.peer.podSelector ?? m.peer.namespaceSelector!, direction: m.direction, rule: m.rule, peer: m.peer }),
    );
    return [...own, ...peers];
  }
  const n = namespaceObjectAt(index, uri, offset);
  const ns = n && index.namespace(n.name);
  if (!ns) return [];
  const out: SelectorRef[] = [];
  for (const p of index.allPolicies()) {
    for (const site of selectorSitesOf(p.policy)) {
      if (site.role === 'peerNamespace' && matches(compileSelector(site.selector), ns.labels)) out.push(selectorRef(p, site));
    }
  }
  return out.sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : a.range.start - b.range.start));
}
