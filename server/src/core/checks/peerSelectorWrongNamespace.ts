// netpol/peer-selector-wrong-namespace: a peer's podSelector without a
// namespaceSelector picks pods of the policy's own namespace only; when it
// matches none there but matches workloads (or cluster-model pods, such as
// the DNS pods) of other namespaces, a namespaceSelector was forgotten.
// More specific than selector-matches-nothing on the same selector.
import { finding, Finding } from '../findings';
import type { WorkspaceIndex } from '../index/workspaceIndex';
import { describeSelector } from '../policy/labelSelector';
import { anyWorkloadMatches } from './anyWorkloadMatches';
import type { IndexCheck } from './check';
import { locatedRequirements } from './locatedRequirements';
import { describeOthers, otherNamespacesMatching } from './otherNamespaces';
import { podSelectorScopes } from './selectorScopes';
import { selectorRange } from './selectorRange';

const CHECK_ID = 'netpol/peer-selector-wrong-namespace';

/** `Finding.data`: the peer and the namespaces where its pods are (the fix adds a namespaceSelector for one). */
export interface PeerNamespaceFindingData {
  policy: { uri: string; name: string; namespace: string };
  /** `spec.ingress[0].from[1]`. */
  peerPath: string;
  namespaces: string[];
}

export const peerSelectorWrongNamespace: IndexCheck = {
  id: CHECK_ID,
  defaultSeverity: 'warning',
  replaces: ['netpol/selector-matches-nothing'],
  doc:
    'A peer podSelector without a namespaceSelector matches no workload of the policy\'s namespace but matches workloads in others. ' +
    'Without a namespaceSelector a peer selects pods of the policy\'s own namespace only; the pods it names (workloads, or cluster-model pods like the DNS pods) ' +
    'live in another namespace: the namespaceSelector was forgotten. The quick fix adds one on kubernetes.io/metadata.name for the namespace where the pods are.',
  run(index: WorkspaceIndex, uri: string): Finding[] {
    const out: Finding[] = [];
    for (const scope of podSelectorScopes(index, uri)) {
      const peer = scope.site.peer;
      if (scope.site.role !== 'peerPod' || !peer || peer.namespaceSelector || peer.ipBlock) continue;
      const reqs = locatedRequirements(scope.site.selector)?.map((r) => r.requirement);
      // `podSelector: {}` matches every pod of the namespace: never "nothing".
      if (!reqs || reqs.length === 0) continue;
      const own = scope.policy.namespace;
      if (anyWorkloadMatches(index, [own], reqs)) continue;
      const others = otherNamespacesMatching(index, own, reqs);
      if (others.count === 0) continue;
      // Pods of the files' own namespace may be defined elsewhere: then it is only a hint.
      const severity = index.filesDefineWorkloadsIn(own) ? 'warning' : 'information';
      const message =
        `podSelector ${describeSelector(reqs)} has no namespaceSelector, so it selects pods in the policy's namespace ${own}, where no workload matches; ` +
        `it matches workloads in ${describeOthers(others)}: add a namespaceSelector on kubernetes.io/metadata.name`;
      const data: PeerNamespaceFindingData = { policy: { uri: scope.policy.uri, name: scope.policy.name, namespace: own }, peerPath: peer.path, namespaces: others.names };
      out.push(finding(CHECK_ID, severity, message, selectorRange(scope.site.selector), data));
    }
    return out;
  },
};
