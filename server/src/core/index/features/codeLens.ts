// One lens per policy: how many workloads its podSelector selects. Workloads,
// not pods: replica counts are often absent or managed elsewhere (HPA), so
// the title says "workloads" rather than guess a pod count.
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
  /** `selects 3 workloads`, `selects 1 workload`, `selects no workloads`. */
  title: string;
}

export function policyLenses(index: WorkspaceIndex, uri: string): PolicyLens[] {
  return (index.getFile(uri)?.policies ?? []).map((p) => {
    const count = workloadsSelectedBy(index, p).length;
    const lens: PolicyLens = { range: p.policy.range, policyId: p.id, count, title: count === 0 ? 'selects no workloads' : `selects ${count} workload${count === 1 ? '' : 's'}` };
    if (p.policy.podSelector) lens.selectorRange = { start: p.policy.podSelector.keyRange.start, end: p.policy.podSelector.range.end };
    return lens;
  });
}
