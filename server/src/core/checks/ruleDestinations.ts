// The pods a rule's ports are resolved against (networkpolicy-semantics.md
// 3.9: named ports are the destination's): for ingress, the pods the policy
// selects; for egress, the pods of the rule's peers. Each part is a scope
// (namespaces and a pod selector), so a check asks the index's tables about
// it instead of listing pods. ipBlock peers hold addresses, never pods.
import type { IndexedPolicy, IndexedWorkload } from '../index/types';
import type { WorkspaceIndex } from '../index/workspaceIndex';
import type { Direction, NetworkPolicyPort, NetworkPolicyRule } from '../model/types';
import { compilePort, PortMatcher } from '../policy/engine/compile';
import { compileSelector, matches, Requirement } from '../policy/labelSelector';
import { peerNamespaces } from '../policy/resolve';
import { effectivePolicyTypes } from '../policy/engine/compile';
import { isOpenScope, policiesOfFile } from './selectorScopes';
import { matching } from './anyWorkloadMatches';

export interface DestinationScope {
  namespaces: string[];
  allNamespaces: boolean;
  pods: Requirement[];
}

export interface RuleDestinations {
  direction: Direction;
  scopes: DestinationScope[];
  /** An egress rule without `to`: every destination, in the cluster and outside. */
  everything: boolean;
  /** An egress rule whose `to` are all ipBlocks: addresses only. */
  onlyIpBlocks: boolean;
  /** Pods we cannot see may be among the destinations (see isOpenScope). */
  open: boolean;
}

/** The rules of a policy that enforcement reads (those of a direction missing from `policyTypes` are ignored). */
export function effectiveRules(policy: IndexedPolicy): NetworkPolicyRule[] {
  const affects = effectivePolicyTypes({ policy: policy.policy, namespace: policy.namespace });
  return [...(affects.Ingress ? (policy.policy.ingress?.items ?? []) : []), ...(affects.Egress ? (policy.policy.egress?.items ?? []) : [])];
}

export function ruleDestinations(index: WorkspaceIndex, policy: IndexedPolicy, rule: NetworkPolicyRule): RuleDestinations {
  if (rule.direction === 'Ingress') {
    const pods = compileSelector(policy.policy.podSelector);
    const scope = { namespaces: [policy.namespace], allNamespaces: false, pods: pods ?? [] };
    return { direction: 'Ingress', scopes: pods ? [scope] : [], everything: false, onlyIpBlocks: false, open: isOpenScope(index, scope) };
  }
  const peers = rule.peers?.items ?? [];
  if (peers.length === 0) return { direction: 'Egress', scopes: [], everything: true, onlyIpBlocks: false, open: true };
  const scopes: DestinationScope[] = [];
  let ipBlocks = 0;
  for (const peer of peers) {
    if (peer.ipBlock) {
      ipBlocks++;
      continue;
    }
    if (!peer.podSelector && !peer.namespaceSelector) continue;
    const pods = compileSelector(peer.podSelector);
    if (pods === null) continue;
    scopes.push({ ...peerNamespaces(index, policy, peer), pods });
  }
  return { direction: 'Egress', scopes, everything: false, onlyIpBlocks: ipBlocks === peers.length, open: scopes.some((s) => isOpenScope(index, s)) };
}

/** Whether a workload is one of the destinations' pods. */
export function isDestination(dest: RuleDestinations, w: IndexedWorkload): boolean {
  return dest.scopes.some((s) => (s.allNamespaces || s.namespaces.includes(w.namespace)) && matches(s.pods, w.labels));
}

/** Up to `limit` destination pods the workspace (or the cluster model) has. */
export function someDestinations(index: WorkspaceIndex, dest: RuleDestinations, limit: number): IndexedWorkload[] {
  const out: IndexedWorkload[] = [];
  for (const w of destinations(index, dest)) {
    out.push(w);
    if (out.length >= limit) break;
  }
  return out;
}

/** The destination pods, lazily, each once; `among` as in `matching`. */
export function* destinations(index: WorkspaceIndex, dest: RuleDestinations, among?: (ns: string) => ReadonlySet<IndexedWorkload>): Iterable<IndexedWorkload> {
  const seen = new Set<IndexedWorkload>();
  for (const s of dest.scopes) {
    for (const w of matching(index, s.namespaces, s.pods, among)) {
      if (seen.has(w)) continue;
      seen.add(w);
      yield w;
    }
  }
}

/** `Deployment api, Deployment web and 3 more`: a few names, for messages. */
export function describeWorkloads(ws: readonly IndexedWorkload[], more = false): string {
  const names = ws.map((w) => w.cluster?.description ?? `${w.workload.kind} ${w.namespace}/${w.name}`);
  return more ? `${names.join(', ')} and more` : names.join(', ');
}

/** One port entry of an enforced rule of the file's policies, with the rule's destinations computed on first use. */
export interface RulePortSite {
  policy: IndexedPolicy;
  rule: NetworkPolicyRule;
  port: NetworkPolicyPort;
  matcher: PortMatcher;
  destinations(): RuleDestinations;
}

/** Every port entry of the enforced rules of a file's policies. */
export function* rulePortsOfFile(index: WorkspaceIndex, uri: string): Iterable<RulePortSite> {
  for (const policy of policiesOfFile(index, uri)) {
    for (const rule of effectiveRules(policy)) {
      let dest: RuleDestinations | undefined;
      const destinations = () => (dest ??= ruleDestinations(index, policy, rule));
      for (const port of rule.ports?.items ?? []) yield { policy, rule, port, matcher: compilePort(port), destinations };
    }
  }
}
