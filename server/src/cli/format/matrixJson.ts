// The matrix as JSON. Without a probe: the engine's `MatrixJson`
// (`{outside, endpoints, matrix: {from: {to: "all" | "none" | ["TCP 3306"]}}}`).
// With --port: the same, plus `probe`, and each cell a boolean. Endpoints of
// the cluster model have `cluster`: what they are (`cluster DNS`).
import { ConnectivityMatrix, MatrixEndpoint, matrixToJson, MatrixJson, verdictAllows } from '../../core/policy/engine';
import type { ClusterOf, MatrixProbe } from './matrixTable';

export type JsonEndpoint = MatrixEndpoint & { cluster?: string };

export interface ProbeMatrixJson extends Omit<MatrixJson, 'matrix'> {
  probe: MatrixProbe;
  matrix: Record<string, Record<string, boolean>>;
}

export function formatMatrixJson(m: ConnectivityMatrix, probe?: MatrixProbe, clusterOf: ClusterOf = () => undefined): string {
  const json = matrixToJson(m);
  json.endpoints = json.endpoints.map((e): JsonEndpoint => {
    const cluster = e.workloadId === undefined ? undefined : clusterOf(e.workloadId);
    return cluster === undefined ? e : { ...e, cluster };
  });
  if (!probe) return JSON.stringify(json, null, 2) + '\n';
  const matrix: ProbeMatrixJson['matrix'] = {};
  for (const [from, row] of Object.entries(json.matrix)) {
    matrix[from] = {};
    for (const [to, v] of Object.entries(row)) matrix[from][to] = verdictAllows(v, probe.protocol, probe.port);
  }
  const out: ProbeMatrixJson = { outside: json.outside, probe, endpoints: json.endpoints, matrix };
  return JSON.stringify(out, null, 2) + '\n';
}
