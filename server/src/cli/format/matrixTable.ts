// The matrix as rows of cell texts, shared by the text, CSV and Markdown
// formats: sources as rows, destinations as columns, in the same order.
// Endpoints of the cluster model carry what they are, and a label for
// people that says so (`kube-system/coredns [cluster]`).
import { ConnectivityMatrix, formatRange, MatrixEndpoint, Protocol, Verdict, verdictAllows } from '../../core/policy/engine';

export interface MatrixProbe {
  protocol: Protocol;
  port: number;
}

/** Workload id -> description (`cluster DNS`) for the cluster model's workloads. */
export type ClusterOf = (workloadId: string) => string | undefined;

export const CLUSTER_MARK = '[cluster]';

export interface TableEndpoint extends MatrixEndpoint {
  /** For people: the key, marked ` [cluster]` for the cluster model's workloads. */
  label: string;
  /** The cluster model's workloads: what they are. */
  cluster?: string;
}

export interface MatrixTable {
  endpoints: TableEndpoint[];
  /** `cells[from][to]`; undefined for outside -> outside, which no policy governs. */
  cells: (string | undefined)[][];
}

/** `all`, `none`, `TCP 3306`, `TCP 80, UDP 53`; with a probe, `allowed` or `denied`. */
export function cellText(v: Verdict, probe?: MatrixProbe): string {
  if (probe) return verdictAllows(v, probe.protocol, probe.port) ? 'allowed' : 'denied';
  return v.kind === 'ports' ? v.ranges.map(formatRange).join(', ') : v.kind;
}

export function matrixTable(m: ConnectivityMatrix, probe?: MatrixProbe, clusterOf: ClusterOf = () => undefined): MatrixTable {
  const cells = m.endpoints.map((from) =>
    m.endpoints.map((to) => (from.kind === 'outside' && to.kind === 'outside' ? undefined : cellText(m.verdict(from.key, to.key), probe))),
  );
  const endpoints = m.endpoints.map((e): TableEndpoint => {
    const cluster = e.workloadId === undefined ? undefined : clusterOf(e.workloadId);
    return cluster === undefined ? { ...e, label: e.key } : { ...e, label: `${e.key} ${CLUSTER_MARK}`, cluster };
  });
  return { endpoints, cells };
}
