// What the connectivity engine (issue #4) needs from the index, as plain
// data: namespaces with labels, workloads and policies with their resolved
// namespaces. Sorted, so engine output is deterministic.
import type { Labels } from '../policy/labelSelector';
import { byPolicyOrder, byWorkloadOrder } from '../policy/resolve';
import type { IndexedPolicy, IndexedWorkload } from './types';
import type { WorkspaceIndex } from './workspaceIndex';

export interface EngineInput {
  /** Every namespace (defined, named, or the default), labels include `kubernetes.io/metadata.name`. */
  namespaces: { name: string; labels: Labels }[];
  /** `namespace` resolved; `labels` = pod labels; `workload.ports` / `workload.podIPs` for ports and ipBlocks. */
  workloads: IndexedWorkload[];
  /** `namespace` resolved; `policy` is the typed NetworkPolicy. */
  policies: IndexedPolicy[];
}

export function engineInputFrom(index: WorkspaceIndex): EngineInput {
  return {
    namespaces: index.namespaces().map((n) => ({ name: n.name, labels: n.labels })),
    workloads: index.allWorkloads().sort(byWorkloadOrder),
    policies: index.allPolicies().sort(byPolicyOrder),
  };
}
