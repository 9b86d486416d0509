// netpol/policy-selects-other-namespace: a policy selects pods of its own
// namespace only. A non-empty spec.podSelector that matches none there but
// matches workloads of other namespaces usually means the policy is in the
// wrong namespace, most often because metadata.namespace is missing and it
// lands in `default`. More specific than selector-matches-nothing.
import { finding, Finding } from '../findings';
import type { WorkspaceIndex } from '../index/workspaceIndex';
import { describeSelector } from '../policy/labelSelector';
import { anyWorkloadMatches } from './anyWorkloadMatches';
import type { IndexCheck } from './check';
import { locatedRequirements } from './locatedRequirements';
import { describeOthers, otherNamespacesMatching } from './otherNamespaces';
import { podSelectorScopes } from './selectorScopes';
import { selectorRange } from './selectorRange';

const CHECK_ID = 'netpol/policy-selects-other-namespace';

/** `Finding.data`: the namespaces the fix may set. */
export interface PolicyNamespaceFindingData {
  policy: { uri: string; name: string; namespace: string };
  namespaces: string[];
}

export const policySelectsOtherNamespace: IndexCheck = {
  id: CHECK_ID,
  defaultSeverity: 'warning',
  replaces: ['netpol/selector-matches-nothing'],
  doc:
    'The policy\'s podSelector matches no workload of its namespace but matches workloads in others. ' +
    'A policy selects pods of its own namespace only: it is in the wrong namespace, often because metadata.namespace is missing. ' +
    'The quick fix sets metadata.namespace to a namespace where the pods are.',
  run(index: WorkspaceIndex, uri: string): Finding[] {
    const out: Finding[] = [];
    for (const scope of podSelectorScopes(index, uri)) {
      if (scope.site.role !== 'policy' || scope.site.selector.omitted) continue;
      const reqs = locatedRequirements(scope.site.selector)?.map((r) => r.requirement);
      if (!reqs || reqs.length === 0) continue;
      const p = scope.policy;
      if (anyWorkloadMatches(index, [p.namespace], reqs)) continue;
      const others = otherNamespacesMatching(index, p.namespace, reqs);
      if (others.count === 0) continue;
      const written = p.policy.metadata.namespace !== undefined;
      // A namespace written on purpose whose workloads live in another repository: only a hint.
      const severity = written && !index.filesDefineWorkloadsIn(p.namespace) ? 'information' : 'warning';
      const why = written ? '' : ' (metadata.namespace is not set)';
      const fix = others.count === 1 ? `set metadata.namespace: ${others.names[0]}` : 'set metadata.namespace';
      const message = `podSelector ${describeSelector(reqs)} matches no workload in the policy's namespace ${p.namespace}${why}, but matches workloads in ${describeOthers(others)}: ${fix}`;
      const data: PolicyNamespaceFindingData = { policy: { uri: p.uri, name: p.name, namespace: p.namespace }, namespaces: others.names };
      out.push(finding(CHECK_ID, severity, message, selectorRange(scope.site.selector), data));
    }
    return out;
  },
};
