// netpol/selector-matches-nothing: a policy's podSelector, or a peer's
// podSelector, selects no workload of the workspace, usually a typo or a
// label renamed on the workload's side.
import type { Finding } from '../findings';
import type { IndexedWorkload } from '../index/types';
import type { WorkspaceIndex } from '../index/workspaceIndex';
import { compileSelector } from '../policy/labelSelector';
import { selectWorkloads } from '../policy/resolve';
import type { IndexCheck } from './check';
import { describeNamespaces, podSelectorScopes } from './selectorScopes';
import { SelectorPool, unmatchedSelectorFindings } from './unmatchedSelector';

const CHECK_ID = 'netpol/selector-matches-nothing';
const SEVERITY = 'warning' as const;

export const selectorMatchesNothing: IndexCheck = {
  id: CHECK_ID,
  defaultSeverity: SEVERITY,
  doc:
    'A podSelector (of the policy, or of a peer) selects no workload defined in the workspace. ' +
    'The policy then protects or allows nothing, which is usually a typo or a label renamed on the workload. ' +
    'The message names the nearest existing label; quick fixes add the label to a workload or change the selector. ' +
    'Selectors are only checked in namespaces that have workloads in the workspace.',
  run(index: WorkspaceIndex, uri: string): Finding[] {
    const text = index.getFile(uri)?.text ?? '';
    const out: Finding[] = [];
    for (const scope of podSelectorScopes(index, uri)) {
      const withWorkloads = scope.namespaces.filter((ns) => index.workloadCountIn(ns) > 0);
      if (withWorkloads.length === 0) continue;
      const compiled = compileSelector(scope.site.selector);
      if (compiled === null || selectWorkloads(index, withWorkloads, compiled).length > 0) continue;
      const inScope = new Set(scope.namespaces);
      const pool: SelectorPool<IndexedWorkload> = {
        target: 'pod',
        where: describeNamespaces(scope.namespaces, scope.allNamespaces),
        scopes: withWorkloads.map((ns) => ({ name: ns, table: index.podLabels(ns) })),
        others: index
          .workloadNamespaces()
          .filter((ns) => !inScope.has(ns))
          .sort()
          .map((ns) => ({ name: ns, table: index.podLabels(ns) })),
        *members() {
          for (const ns of withWorkloads) yield* index.workloadsIn(ns).values();
        },
        labelsOf: (w) => w.labels,
        describe: (w) => `${w.workload.kind} ${w.name}`,
        ref: (w) => ({ uri: w.uri, kind: w.workload.kind, name: w.name, namespace: w.namespace }),
        rank: (w) => (w.namespace === scope.policy.namespace ? 0 : 1),
      };
      out.push(...unmatchedSelectorFindings(CHECK_ID, SEVERITY, scope.policy, text, scope.site.selector, pool));
    }
    return out;
  },
};
