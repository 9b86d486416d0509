// netpol/host-network-pod: a policy or a peer selects a workload whose pods
// run with `hostNetwork: true`. Most network plugins do not apply
// NetworkPolicies to host-network pods (their traffic is the node's;
// semantics 3.11), so the rules neither protect nor restrict them. Once per
// workload, on its `hostNetwork: true`, with the selecting policies as
// related information; information when only selectors that pick every pod
// (`{}`, a namespaceSelector alone) select it. Host-network workloads are
// few: each is matched against its namespace's policies and a list of every
// peer compiled once per index version.
import { finding, Finding, RelatedInfo } from '../findings';
import type { IndexedPolicy, IndexedWorkload } from '../index/types';
import type { WorkspaceIndex } from '../index/workspaceIndex';
import type { NetworkPolicyPeer } from '../model/types';
import { CompiledSelector, compileSelector, matches } from '../policy/labelSelector';
import { byPolicyOrder } from '../policy/resolve';
import type { IndexCheck } from './check';

const ID = 'netpol/host-network-pod';
const NAMED = 3;
const RELATED = 5;

interface CompiledPeerSite {
  policy: IndexedPolicy;
  peer: NetworkPolicyPeer;
  direction: 'Ingress' | 'Egress';
  /** undefined: the policy's own namespace. */
  namespaces?: CompiledSelector;
  pods: CompiledSelector;
}

const peerCache = new WeakMap<WorkspaceIndex, { version: number; peers: CompiledPeerSite[] }>();

/** Forgets the index's compiled peers (benchmarks and ratio tests measure cold work). */
export function clearHostNetworkPeers(index: WorkspaceIndex): void {
  peerCache.delete(index);
}

function allPeers(index: WorkspaceIndex): CompiledPeerSite[] {
  const cached = peerCache.get(index);
  if (cached?.version === index.version) return cached.peers;
  const peers: CompiledPeerSite[] = [];
  for (const policy of index.allPolicies().sort(byPolicyOrder)) {
    for (const rules of [policy.policy.ingress, policy.policy.egress]) {
      for (const rule of rules?.items ?? []) {
        for (const peer of rule.peers?.items ?? []) {
          if (peer.ipBlock || (!peer.podSelector && !peer.namespaceSelector)) continue;
          peers.push({ policy, peer, direction: rule.direction, namespaces: peer.namespaceSelector && compileSelector(peer.namespaceSelector), pods: compileSelector(peer.podSelector) });
        }
      }
    }
  }
  peerCache.set(index, { version: index.version, peers });
  return peers;
}

interface Selection {
  policy: IndexedPolicy;
  what: string;
  range: RelatedInfo['range'];
  /** A selector that names the workload's labels (not `{}`). */
  specific: boolean;
}

function selectionsOf(index: WorkspaceIndex, w: IndexedWorkload): Selection[] {
  const out: Selection[] = [];
  for (const p of [...index.policiesIn(w.namespace).values()].sort(byPolicyOrder)) {
    const sel = compileSelector(p.policy.podSelector);
    if (p.policy.podSelector && matches(sel, w.labels)) out.push({ policy: p, what: `policy ${p.name}`, range: p.policy.podSelector.keyRange, specific: (sel?.length ?? 0) > 0 });
  }
  const nsLabels = index.namespace(w.namespace)?.labels;
  for (const site of allPeers(index)) {
    const nsOk = site.namespaces === undefined ? site.policy.namespace === w.namespace : !!nsLabels && matches(site.namespaces, nsLabels);
    if (!nsOk || !matches(site.pods, w.labels)) continue;
    out.push({ policy: site.policy, what: `a ${site.direction === 'Ingress' ? 'from' : 'to'} peer of ${site.policy.namespace}/${site.policy.name}`, range: site.peer.range, specific: (site.pods?.length ?? 0) > 0 });
  }
  return out;
}

export const hostNetworkPod: IndexCheck = {
  id: ID,
  defaultSeverity: 'warning',
  doc: 'A policy or peer selects a workload with hostNetwork: true: most network plugins do not apply NetworkPolicies to host-network pods, so the rules neither protect nor restrict it.',
  run(index, uri) {
    const out: Finding[] = [];
    for (const w of index.getFile(uri)?.workloads ?? []) {
      const hn = w.workload.hostNetwork;
      if (!hn) continue;
      const selections = selectionsOf(index, w);
      if (selections.length === 0) continue;
      const specific = selections.filter((s) => s.specific);
      const shown = (specific.length > 0 ? specific : selections).slice(0, NAMED).map((s) => s.what);
      const more = (specific.length > 0 ? specific : selections).length > NAMED ? ' and more' : '';
      const who = specific.length > 0 ? `${shown.join(', ')}${more} select${specific.length === 1 ? 's' : ''} it` : `only selectors that pick every pod select it (${shown.join(', ')}${more})`;
      const message = `${w.workload.kind} ${w.namespace}/${w.name} runs with hostNetwork: true, and ${who}: most network plugins do not apply NetworkPolicies to host-network pods (their traffic is the node's), so these rules neither protect nor restrict it. Use the plugin's host policies or node firewall rules, or drop hostNetwork if the pod does not need it.`;
      const f = finding(ID, specific.length > 0 ? 'warning' : 'information', message, { start: hn.keyRange.start, end: hn.range.end });
      f.related = (specific.length > 0 ? specific : selections).slice(0, RELATED).map((s) => ({ uri: s.policy.uri, range: s.range, message: `${s.what} selects ${w.name}` }));
      out.push(f);
    }
    return out;
  },
};
