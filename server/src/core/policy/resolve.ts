// Selector and peer resolution against the workspace index, exactly as
// networkpolicy-semantics.md section 3 says:
// - the policy's podSelector selects pods in the policy's namespace;
// - a peer's podSelector alone: pods of the policy's namespace;
// - a peer's namespaceSelector alone: every pod of the matching namespaces
//   (`{}` = all namespaces);
// - both in one peer: matching pods in matching namespaces (AND);
// - an ipBlock peer selects addresses, never workloads (here).
import type { WorkspaceIndex } from '../index/workspaceIndex';
import type { IndexedPolicy, IndexedWorkload, NamespaceInfo } from '../index/types';
import type { Direction, LabelSelector, NetworkPolicy, NetworkPolicyPeer, NetworkPolicyRule } from '../model/types';
import { CompiledSelector, compileSelector, matches } from './labelSelector';

/** Where a selector sits in a policy. */
export type SelectorRole = 'policy' | 'peerPod' | 'peerNamespace';

export interface SelectorSite {
  role: SelectorRole;
  selector: LabelSelector;
  /** For peer selectors: the rule and peer that hold it. */
  direction?: Direction;
  rule?: NetworkPolicyRule;
  peer?: NetworkPolicyPeer;
}

/** Every selector of a policy, in source order of the spec: podSelector, then ingress peers, then egress peers. */
export function selectorSitesOf(policy: NetworkPolicy): SelectorSite[] {
  const out: SelectorSite[] = [];
  if (policy.podSelector) out.push({ role: 'policy', selector: policy.podSelector });
  for (const rules of [policy.ingress, policy.egress]) {
    for (const rule of rules?.items ?? []) {
      for (const peer of rule.peers?.items ?? []) {
        if (peer.namespaceSelector) out.push({ role: 'peerNamespace', selector: peer.namespaceSelector, direction: rule.direction, rule, peer });
        if (peer.podSelector) out.push({ role: 'peerPod', selector: peer.podSelector, direction: rule.direction, rule, peer });
      }
    }
  }
  return out.sort((a, b) => a.selector.keyRange.start - b.selector.keyRange.start);
}

/**
 * Workloads of the given namespaces matched by a compiled selector. Uses the
 * label inverted index when the selector has an `In` requirement (the
 * smallest posting list), else scans the namespaces' workloads.
 */
export function selectWorkloads(index: WorkspaceIndex, namespaces: Iterable<string>, selector: CompiledSelector): IndexedWorkload[] {
  if (selector === null) return [];
  const out: IndexedWorkload[] = [];
  for (const ns of namespaces) {
    const table = index.podLabels(ns);
    let candidates: Iterable<IndexedWorkload> | undefined;
    let best = Infinity;
    for (const r of selector) {
      if (r.op !== 'In') continue;
      let size = 0;
      for (const v of r.values) size += table.members(r.key, v).size;
      if (size < best) {
        best = size;
        candidates = [...r.values].flatMap((v) => [...table.members(r.key, v)]);
      }
    }
    for (const w of candidates ?? index.workloadsIn(ns).values()) if (matches(selector, w.labels)) out.push(w);
  }
  return out.sort(byWorkloadOrder);
}

/** The workloads a policy's `spec.podSelector` selects (its own namespace only). */
export function workloadsSelectedBy(index: WorkspaceIndex, policy: IndexedPolicy): IndexedWorkload[] {
  if (!policy.policy.podSelector) return [];
  return selectWorkloads(index, [policy.namespace], compileSelector(policy.policy.podSelector));
}

/** Namespaces whose labels (automatic name label included) match a selector; `undefined` or `{}` = all. */
export function namespacesMatching(index: WorkspaceIndex, selector: LabelSelector | CompiledSelector | undefined): NamespaceInfo[] {
  const compiled = selector === null || Array.isArray(selector) ? selector : compileSelector(selector as LabelSelector | undefined);
  if (compiled === null) return [];
  return index.namespaces().filter((ns) => matches(compiled, ns.labels));
}

/** Whether some namespace matches the selector: stops at the first (`{}`, every policy's DNS peer, matches at once). */
export function anyNamespaceMatches(index: WorkspaceIndex, compiled: CompiledSelector): boolean {
  return compiled !== null && index.namespaces().some((ns) => matches(compiled, ns.labels));
}

export interface PeerResolution {
  /** Names of the namespaces the peer's pods are taken from, sorted. */
  namespaces: string[];
  /** The peer has `namespaceSelector: {}`: every namespace, including ones the workspace does not know. */
  allNamespaces: boolean;
  workloads: IndexedWorkload[];
  /** The peer is an ipBlock: addresses, no workloads. */
  ipBlock: boolean;
}

/** The namespaces a peer's pods come from (before its podSelector applies). */
export function peerNamespaces(index: WorkspaceIndex, policy: IndexedPolicy, peer: NetworkPolicyPeer): { namespaces: string[]; allNamespaces: boolean } {
  if (peer.ipBlock || (!peer.podSelector && !peer.namespaceSelector)) return { namespaces: [], allNamespaces: false };
  if (!peer.namespaceSelector) return { namespaces: [policy.namespace], allNamespaces: false };
  const compiled = compileSelector(peer.namespaceSelector);
  return { namespaces: namespacesMatching(index, compiled).map((n) => n.name), allNamespaces: compiled !== null && compiled.length === 0 };
}

export function resolvePeer(index: WorkspaceIndex, policy: IndexedPolicy, peer: NetworkPolicyPeer): PeerResolution {
  const ipBlock = !!peer.ipBlock;
  const { namespaces, allNamespaces } = peerNamespaces(index, policy, peer);
  // ipBlock with another field is invalid (validation says so); it selects no workloads.
  if (ipBlock) return { namespaces: [], allNamespaces: false, workloads: [], ipBlock };
  // No podSelector next to a namespaceSelector = every pod of those namespaces.
  const pods = compileSelector(peer.podSelector);
  return { namespaces, allNamespaces, workloads: selectWorkloads(index, namespaces, pods), ipBlock };
}

/** Whether one peer covers one workload, without resolving the peer in full. */
export function peerSelectsWorkload(index: WorkspaceIndex, policy: IndexedPolicy, peer: NetworkPolicyPeer, workload: IndexedWorkload): boolean {
  if (peer.ipBlock || (!peer.podSelector && !peer.namespaceSelector)) return false;
  if (peer.namespaceSelector) {
    const ns = index.namespace(workload.namespace);
    if (!ns || !matches(compileSelector(peer.namespaceSelector), ns.labels)) return false;
  } else if (workload.namespace !== policy.namespace) return false;
  return matches(compileSelector(peer.podSelector), workload.labels);
}

/** Policies whose `spec.podSelector` selects the workload (policies of its namespace only). */
export function policiesSelecting(index: WorkspaceIndex, workload: IndexedWorkload): IndexedPolicy[] {
  const out: IndexedPolicy[] = [];
  for (const p of index.policiesIn(workload.namespace).values()) {
    if (p.policy.podSelector && matches(compileSelector(p.policy.podSelector), workload.labels)) out.push(p);
  }
  return out.sort(byPolicyOrder);
}

export interface PeerMatch {
  policy: IndexedPolicy;
  direction: Direction;
  rule: NetworkPolicyRule;
  peer: NetworkPolicyPeer;
}

/** Peers (of any policy, any namespace) that select the workload as a source or destination. */
export function peersSelecting(index: WorkspaceIndex, workload: IndexedWorkload): PeerMatch[] {
  const out: PeerMatch[] = [];
  for (const p of index.allPolicies().sort(byPolicyOrder)) {
    for (const rules of [p.policy.ingress, p.policy.egress]) {
      for (const rule of rules?.items ?? []) {
        for (const peer of rule.peers?.items ?? []) {
          if (peerSelectsWorkload(index, p, peer, workload)) out.push({ policy: p, direction: rule.direction, rule, peer });
        }
      }
    }
  }
  return out;
}

/** Deterministic order for lists shown to users: namespace, name, kind, file. */
export function byWorkloadOrder(a: IndexedWorkload, b: IndexedWorkload): number {
  return cmp(a.namespace, b.namespace) || cmp(a.name, b.name) || cmp(a.workload.kind, b.workload.kind) || cmp(a.uri, b.uri) || a.workload.range.start - b.workload.range.start;
}

export function byPolicyOrder(a: IndexedPolicy, b: IndexedPolicy): number {
  return cmp(a.namespace, b.namespace) || cmp(a.name, b.name) || cmp(a.uri, b.uri) || a.policy.range.start - b.policy.range.start;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
