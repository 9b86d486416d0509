// The connectivity engine's input (policy/engine/input.ts) from the index:
// namespaces with labels, workloads and policies with their resolved
// namespaces. Sorted, so engine output is deterministic. Ids are the index's
// (`${uri}#${position among the file's objects}`), as the engine expects.
// The cluster model's workloads are workloads like the others (their uri is
// CLUSTER_MODEL_URI or the config's); a view may keep only those worth
// showing (see clusterReferences.ts).
import type { EngineInput, EngineWorkload } from '../policy/engine/input';
import type { IndexedWorkload } from './types';
import { byPolicyOrder, byWorkloadOrder } from '../policy/resolve';
import { referencedClusterWorkloads } from './clusterReferences';
import type { WorkspaceIndex } from './workspaceIndex';
import { groupByOwner } from '../policy/engine/owners';
import type { LabelSelector, NetworkPolicy } from '../model/types';

export type { EngineInput };

export interface EngineInputOptions {
  /**
   * `all` (default): every cluster-model workload, so any of them can be
   * asked about. `referenced`: declared ones, and the DNS pods only when a
   * selector picks them out (a matrix does not grow with pods no rule names).
   */
  clusterWorkloads?: 'all' | 'referenced';
}

export function engineInputFrom(index: WorkspaceIndex, options: EngineInputOptions = {}): EngineInput {
  let workloads = index.allWorkloads();
  if (options.clusterWorkloads === 'referenced') {
    const keep = new Set(referencedClusterWorkloads(index));
    workloads = workloads.filter((w) => !w.cluster || keep.has(w));
  }
  const policies = index
    .allPolicies()
    .sort(byPolicyOrder)
    .map((p) => ({ policy: p.policy, namespace: p.namespace, uri: p.uri }));
  const engineWorkloads = workloads.sort(byWorkloadOrder).map(engineWorkloadOf);
  return {
    namespaces: index.namespaces().map((n) => ({ name: n.name, labels: n.labels })),
    // Cluster dumps: one endpoint per controller (owners.ts); manifests as they are.
    workloads: engineWorkloads.some((w) => w.owner) ? groupByOwner(engineWorkloads, selectedLabelKeys(policies.map((p) => p.policy))) : engineWorkloads,
    policies,
  };
}

/** One indexed workload as the engine reads it. */
export function engineWorkloadOf(w: IndexedWorkload): EngineWorkload {
  return { id: w.id, kind: w.workload.kind, name: w.name, namespace: w.namespace, labels: w.labels, ports: w.workload.ports, podIPs: w.workload.podIPs, uri: w.uri, range: w.workload.range, ...(w.workload.owner ? { owner: w.workload.owner } : {}) };
}

/** Label keys the pod selectors name (a policy picking one pod by its per-pod label keeps it apart). */
function selectedLabelKeys(policies: readonly NetworkPolicy[]): Set<string> {
  const keys = new Set<string>();
  const add = (s: LabelSelector | undefined) => {
    for (const e of s?.matchLabels?.items ?? []) keys.add(e.key.value);
    for (const r of s?.matchExpressions?.items ?? []) if (r.key) keys.add(r.key.value);
  };
  for (const p of policies) {
    add(p.podSelector);
    for (const rules of [p.ingress, p.egress]) for (const rule of rules?.items ?? []) for (const peer of rule.peers?.items ?? []) add(peer.podSelector);
  }
  return keys;
}
