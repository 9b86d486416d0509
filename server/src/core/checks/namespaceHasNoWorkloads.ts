// netpol/namespace-has-no-workloads: the policy's namespace has no workloads
// in the workspace, so its selectors cannot be checked. Said once per policy
// (information) instead of a warning on every selector.
import { finding, Finding } from '../findings';
import type { WorkspaceIndex } from '../index/workspaceIndex';
import type { IndexCheck } from './check';
import { policiesOfFile } from './selectorScopes';

const CHECK_ID = 'netpol/namespace-has-no-workloads';
const SEVERITY = 'information' as const;

export const namespaceHasNoWorkloads: IndexCheck = {
  id: CHECK_ID,
  defaultSeverity: SEVERITY,
  doc:
    'The policy\'s namespace has no workloads (Pods, Deployments, ...) in the workspace, so its podSelectors ' +
    'are not checked. Reported once per policy, on its metadata.namespace (or its kind when the namespace is implicit).',
  run(index: WorkspaceIndex, uri: string): Finding[] {
    const out: Finding[] = [];
    for (const p of policiesOfFile(index, uri)) {
      if (!p.policy.podSelector || index.workloadCountIn(p.namespace) > 0) continue;
      const range = p.policy.metadata.namespace?.range ?? p.policy.kindRange;
      out.push(
        finding(CHECK_ID, SEVERITY, `namespace ${p.namespace} has no workloads in the workspace; selectors in it are not checked`, range, {
          namespace: p.namespace,
          policy: { uri: p.uri, name: p.name, namespace: p.namespace },
        }),
      );
    }
    return out;
  },
};
