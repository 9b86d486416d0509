// netpol/selector-matches-nothing: a policy's podSelector, or a peer's
// podSelector, selects no workload of the workspace (nor of the cluster
// model), usually a typo or a label renamed on the workload's side. Where
// pods we cannot see may match (an open scope: `namespaceSelector: {}`, or a
// namespace without workloads of the workspace), it is information only.
import type { Finding } from '../findings';
import type { WorkspaceIndex } from '../index/workspaceIndex';
import type { Requirement } from '../policy/labelSelector';
import { someMatching } from './anyWorkloadMatches';
import type { IndexCheck } from './check';
import { locatedRequirements, requirementsOf } from './locatedRequirements';
import { namespacesWithWorkloads } from './namespacesWithWorkloads';
import { podPool } from './podPool';
import { describeNamespaces, isOpenScope, podSelectorScopes, PodSelectorScope } from './selectorScopes';
import { judgeUnmatched, renderUnmatched, UnmatchedVerdict } from './unmatchedSelector';
import { selectorSignature, VerdictCache } from './verdictCache';

const CHECK_ID = 'netpol/selector-matches-nothing';
const SEVERITY = 'warning' as const;
/** Where pods outside the workspace may match. */
const OPEN_SEVERITY = 'information' as const;

/** `undefined`: the selector matches something. `scoped`: read only the scope's namespaces (Finding.scoped). */
type Judged = { verdict: UnmatchedVerdict; open: boolean; scoped: boolean } | undefined;

const verdicts = new VerdictCache<Judged>();

function judge(index: WorkspaceIndex, scope: PodSelectorScope, withWorkloads: readonly string[], reqs: readonly Requirement[]): Judged {
  const key = `${scope.policy.namespace}\u0000${scope.allNamespaces ? '*' : scope.namespaces.join(',')}\u0000${selectorSignature(reqs)}`;
  return verdicts.get(index, key, () => {
    const deps = { namespaces: scope.namespaces, anyTable: false, namespaceList: scope.allNamespaces ? index.namespaces() : undefined };
    // It matches: true while the member it matched is there, and until every member it matches leaves (or is edited); an unmatched verdict's hints read every label.
    const [witness] = someMatching(index, withWorkloads, reqs, 1);
    if (witness) return { value: undefined, deps: { ...deps, matchedBy: reqs, holds: () => index.workloadsIn(witness.namespace).get(witness.id) === witness } };
    const { pool, readOthers } = podPool(index, scope.policy.namespace, withWorkloads, scope.namespaces, '');
    const verdict = judgeUnmatched(reqs, pool);
    const anyTable = readOthers();
    return { value: { verdict, open: isOpenScope(index, scope), scoped: !anyTable && !scope.allNamespaces }, deps: { ...deps, anyTable } };
  });
}

/** Forgets the cached verdicts of an index: for measuring the cold work. */
export function clearSelectorVerdicts(index: WorkspaceIndex): void {
  verdicts.clear(index);
}

export const selectorMatchesNothing: IndexCheck = {
  id: CHECK_ID,
  defaultSeverity: SEVERITY,
  doc:
    'A podSelector (of the policy, or of a peer) selects no workload defined in the workspace. ' +
    'The policy then protects or allows nothing, which is usually a typo or a label renamed on the workload. ' +
    'The message names the nearest existing label; quick fixes add the label to a workload or change the selector. ' +
    'Workloads of the cluster model (the cluster DNS) count as defined. ' +
    'Selectors are only checked in namespaces that have workloads; where pods outside the workspace may match ' +
    '(namespaceSelector: {}, or a namespace in which the workspace defines no workload) the finding is information, not a warning.',
  run(index: WorkspaceIndex, uri: string): Finding[] {
    const text = index.getFile(uri)?.text ?? '';
    const out: Finding[] = [];
    for (const scope of podSelectorScopes(index, uri)) {
      const withWorkloads = namespacesWithWorkloads(index, scope.namespaces);
      if (withWorkloads.length === 0) continue;
      const reqs = locatedRequirements(scope.site.selector);
      if (!reqs) continue;
      const judged = judge(index, scope, withWorkloads, requirementsOf(reqs));
      if (!judged) continue;
      const where = describeNamespaces(scope.namespaces, scope.allNamespaces);
      const found = renderUnmatched(CHECK_ID, judged.open ? OPEN_SEVERITY : SEVERITY, { target: 'pod', where }, scope.policy, text, scope.site.selector, reqs, judged.verdict);
      if (judged.scoped) for (const f of found) f.scoped = true;
      out.push(...found);
    }
    return out;
  },
};
