// The connectivity engine's input (policy/engine/input.ts) from the index:
// namespaces with labels, workloads and policies with their resolved
// namespaces. Sorted, so engine output is deterministic. Ids are the index's
// (`${uri}#${position among the file's objects}`), as the engine expects.
import type { EngineInput } from '../policy/engine/input';
import { byPolicyOrder, byWorkloadOrder } from '../policy/resolve';
import type { WorkspaceIndex } from './workspaceIndex';

export type { EngineInput };

export function engineInputFrom(index: WorkspaceIndex): EngineInput {
  return {
    namespaces: index.namespaces().map((n) => ({ name: n.name, labels: n.labels })),
    workloads: index
      .allWorkloads()
      .sort(byWorkloadOrder)
      .map((w) => ({ id: w.id, kind: w.workload.kind, name: w.name, namespace: w.namespace, labels: w.labels, ports: w.workload.ports, podIPs: w.workload.podIPs, uri: w.uri, range: w.workload.range })),
    policies: index
      .allPolicies()
      .sort(byPolicyOrder)
      .map((p) => ({ policy: p.policy, namespace: p.namespace, uri: p.uri })),
  };
}
