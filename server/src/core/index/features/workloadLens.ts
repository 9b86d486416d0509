// One lens per workload: how many endpoints of the matrix (other workloads,
// and `outside`) may reach it on some port, and how many it may reach. The
// counts come from the connectivity engine's matrix, the same one the view
// draws, so the lens and the picture never disagree.
import type { OffsetRange } from '../../findings';
import { ConnectivityMatrix, isEmpty, MatrixEndpoint } from '../../policy/engine';
import type { WorkspaceIndex } from '../workspaceIndex';

export interface WorkloadLens {
  /** The workload object's range; the lens sits on its first line. */
  range: OffsetRange;
  workloadId: string;
  /** The matrix key (`ns/name`), what the view names the node. */
  key: string;
  reachableFrom: number;
  reaches: number;
  /** Whether `outside` is among them. */
  fromOutside: boolean;
  toOutside: boolean;
  /** `reachable from 2 · reaches 3`. */
  title: string;
  /** `shop/db is reachable from 1 workload (shop/backend); it reaches 2 workloads and outside the cluster.` */
  tooltip: string;
}

/** Names listed in the tooltip before "and N more". */
const NAMED = 3;

export function workloadLenses(index: WorkspaceIndex, uri: string, matrix: ConnectivityMatrix): WorkloadLens[] {
  const workloads = index.getFile(uri)?.workloads ?? [];
  if (workloads.length === 0) return [];
  const byId = new Map(matrix.endpoints.filter((e) => e.workloadId !== undefined).map((e) => [e.workloadId!, e]));
  const out: WorkloadLens[] = [];
  for (const w of workloads) {
    const self = byId.get(w.id);
    // Pods grouped under a controller (cluster dumps) have no endpoint of their own.
    if (!self) continue;
    const from: MatrixEndpoint[] = [];
    const to: MatrixEndpoint[] = [];
    for (const other of matrix.endpoints) {
      if (other === self) continue;
      if (!isEmpty(matrix.ports(other.key, self.key))) from.push(other);
      if (!isEmpty(matrix.ports(self.key, other.key))) to.push(other);
    }
    out.push({
      range: w.workload.range,
      workloadId: w.id,
      key: self.key,
      reachableFrom: from.length,
      reaches: to.length,
      fromOutside: from.some((e) => e.kind === 'outside'),
      toOutside: to.some((e) => e.kind === 'outside'),
      title: `reachable from ${from.length} · reaches ${to.length}`,
      tooltip: `${self.key} is reachable from ${phrase(from)}; it reaches ${phrase(to)}. Click to show the connectivity view.`,
    });
  }
  return out;
}

/** `nothing`, `1 workload (shop/backend)`, `4 workloads (a, b, c and 1 more) and outside the cluster`. */
function phrase(endpoints: MatrixEndpoint[]): string {
  const workloads = endpoints.filter((e) => e.kind === 'workload').map((e) => e.key);
  const outside = endpoints.some((e) => e.kind === 'outside');
  if (workloads.length === 0) return outside ? 'outside the cluster only' : 'nothing';
  const named = workloads.slice(0, NAMED).join(', ') + (workloads.length > NAMED ? ` and ${workloads.length - NAMED} more` : '');
  const text = `${workloads.length} workload${workloads.length === 1 ? '' : 's'} (${named})`;
  return outside ? `${text} and outside the cluster` : text;
}
