// One lens per policy: how many workloads its podSelector selects. Workloads,
// not pods: replica counts are often absent or managed elsewhere (HPA), so
// the title says "workloads" rather than guess a pod count. Workloads of the
// cluster model count, and the title says how many of them there are.
import type { OffsetRange } from '../../findings';
import { workloadsSelectedBy } from '../../policy/resolve';
import type { WorkspaceIndex } from '../workspaceIndex';

export interface PolicyLens {
  /** The policy object's range; the lens sits on its first line. */
  range: OffsetRange;
  policyId: string;
  /** podSelector range, for a "reveal" command. */
  selectorRange?: OffsetRange;
  count: number;
  /** How many of `count` are the cluster model's. */
  clusterCount: number;
  /** `selects 3 workloads`, `selects 1 workload`, `selects no workloads`, `selects 2 workloads (1 in the cluster model)`. */
  title: string;
}

export function policyLenses(index: WorkspaceIndex, uri: string): PolicyLens[] {
  return (index.getFile(uri)?.policies ?? []).map((p) => {
    const selected = workloadsSelectedBy(index, p);
    const count = selected.length;
    const clusterCount = selected.filter((w) => w.cluster).length;
    const model = clusterCount > 0 ? ` (${clusterCount} in the cluster model)` : '';
    const title = count === 0 ? 'selects no workloads' : `selects ${count} workload${count === 1 ? '' : 's'}${model}`;
    const lens: PolicyLens = { range: p.policy.range, policyId: p.id, count, clusterCount, title };
    if (p.policy.podSelector) lens.selectorRange = { start: p.policy.podSelector.keyRange.start, end: p.policy.podSelector.range.end };
    return lens;
  });
}
