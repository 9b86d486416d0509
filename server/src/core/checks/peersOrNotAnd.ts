// netpol/peers-or-not-and: `- namespaceSelector: ...` and `- podSelector: ...`
// written as two items of one from/to list are two peers (OR): every pod of
// the selected namespaces, or the matching pods of the policy's own
// namespace. When the pod-only peer matches nothing in the policy's
// namespace but matches pods in a namespace its sibling selects, one peer
// (AND) was meant (kubernetes #50451). Replaces the two rules that would
// otherwise describe the pod-only peer.
import { finding, Finding } from '../findings';
import type { IndexedPolicy } from '../index/types';
import type { WorkspaceIndex } from '../index/workspaceIndex';
import type { NetworkPolicyPeer } from '../model/types';
import { describeSelector } from '../policy/labelSelector';
import { peerNamespaces } from '../policy/resolve';
import { anyWorkloadMatches } from './anyWorkloadMatches';
import type { IndexCheck } from './check';
import { locatedRequirements } from './locatedRequirements';
import { describeOthers, otherNamespacesMatching } from './otherNamespaces';
import { policiesOfFile } from './selectorScopes';
import { selectorRange } from './selectorRange';

const CHECK_ID = 'netpol/peers-or-not-and';

/** `Finding.data`: the two peers the fix merges. */
export interface OrPeersFindingData {
  policy: { uri: string; name: string; namespace: string };
  /** `spec.ingress[0]`. */
  rulePath: string;
  namespacePeerPath: string;
  podPeerPath: string;
}

export const peersOrNotAnd: IndexCheck = {
  id: CHECK_ID,
  defaultSeverity: 'warning',
  replaces: ['netpol/selector-matches-nothing', 'netpol/peer-selector-wrong-namespace'],
  doc:
    'A namespaceSelector peer and a podSelector peer in one from/to list are OR where AND was meant. ' +
    'Two list items are two peers: ' +
    'every pod of those namespaces or the matching pods of the policy\'s own namespace. The pod-only peer matches nothing ' +
    'in the policy\'s namespace but matches pods in a namespace the other peer selects: one peer with both selectors (AND) was meant. ' +
    'The quick fix merges the two list items into one peer.',
  run(index: WorkspaceIndex, uri: string): Finding[] {
    const out: Finding[] = [];
    for (const p of policiesOfFile(index, uri)) {
      for (const rules of [p.policy.ingress, p.policy.egress]) {
        for (const rule of rules?.items ?? []) {
          const peers = rule.peers?.items ?? [];
          const namespaceOnly = peers.filter((x) => x.namespaceSelector && !x.podSelector && !x.ipBlock);
          if (namespaceOnly.length === 0) continue;
          for (const podPeer of peers) {
            if (!podPeer.podSelector || podPeer.namespaceSelector || podPeer.ipBlock) continue;
            const f = judge(index, p, rule.path, podPeer, namespaceOnly);
            if (f) out.push(f);
          }
        }
      }
    }
    return out;
  },
};

function judge(index: WorkspaceIndex, p: IndexedPolicy, rulePath: string, podPeer: NetworkPolicyPeer, namespaceOnly: NetworkPolicyPeer[]): Finding | undefined {
  const sel = podPeer.podSelector!;
  const reqs = locatedRequirements(sel)?.map((r) => r.requirement);
  if (!reqs || reqs.length === 0 || anyWorkloadMatches(index, [p.namespace], reqs)) return undefined;
  for (const sibling of namespaceOnly) {
    const { namespaces } = peerNamespaces(index, p, sibling);
    const inSibling = otherNamespacesMatching(index, p.namespace, reqs, namespaces);
    if (inSibling.count === 0) continue;
    const nsText = describeSelector(locatedRequirements(sibling.namespaceSelector!)?.map((r) => r.requirement) ?? []);
    const message =
      `namespaceSelector ${nsText} and podSelector ${describeSelector(reqs)} are two peers (OR), not one (AND): the podSelector matches nothing in the policy's namespace ${p.namespace}, ` +
      `its pods are in ${describeOthers(inSibling)}, and the namespaceSelector allows every pod there; merge them into one peer`;
    const data: OrPeersFindingData = { policy: { uri: p.uri, name: p.name, namespace: p.namespace }, rulePath, namespacePeerPath: sibling.path, podPeerPath: podPeer.path };
    const f = finding(CHECK_ID, 'warning', message, selectorRange(sel), data);
    f.related = [{ uri: p.uri, range: selectorRange(sibling.namespaceSelector!), message: `the namespaceSelector peer (${nsText}), a separate peer` }];
    return f;
  }
  return undefined;
}
