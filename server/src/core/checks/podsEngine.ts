// The connectivity engine over a few pods of one namespace and that
// namespace's policies: enough to answer what reaches those pods from
// outside the cluster (ingress is decided by the destination's namespace
// alone; the outside is no pod, so no egress policy applies). Compiling the
// whole workspace for such a question would cost every workload per check.
import { engineWorkloadOf } from '../index/engineInput';
import type { IndexedWorkload } from '../index/types';
import type { WorkspaceIndex } from '../index/workspaceIndex';
import { allowedPorts, compileEngine, outsideEndpoint, workloadEndpoint } from '../policy/engine/engine';
import type { CompiledPolicy } from '../policy/engine/compile';
import { contains, Protocol } from '../policy/engine/portSet';
import { byPolicyOrder } from '../policy/resolve';

export interface OutsideReach {
  workload: IndexedWorkload;
  allowed: boolean;
  /** The policies that isolate the pod for ingress (empty: not isolated). */
  isolatedBy: CompiledPolicy[];
}

/** Per pod: whether an address outside the cluster reaches `port(pod)` (undefined: the pod has no such port, left out). */
export function outsideReaches(index: WorkspaceIndex, namespace: string, pods: readonly IndexedWorkload[], protocol: Protocol, port: (w: IndexedWorkload) => number | undefined): OutsideReach[] {
  const engine = compileEngine({
    namespaces: [{ name: namespace, labels: index.namespace(namespace)?.labels ?? new Map() }],
    workloads: pods.map(engineWorkloadOf),
    policies: [...index.policiesIn(namespace).values()].sort(byPolicyOrder).map((p) => ({ policy: p.policy, namespace: p.namespace, uri: p.uri })),
  });
  const outside = outsideEndpoint(engine);
  const out: OutsideReach[] = [];
  pods.forEach((w, i) => {
    const n = port(w);
    if (n === undefined) return;
    const dest = workloadEndpoint(engine, engine.input.workloads[i]);
    const isolatedBy = dest.kind === 'workload' ? dest.cls.selection.Ingress.policies : [];
    out.push({ workload: w, allowed: contains(allowedPorts(engine, outside, dest), protocol, n), isolatedBy });
  });
  return out;
}
