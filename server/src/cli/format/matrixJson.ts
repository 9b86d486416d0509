// The matrix as JSON. Without a probe: the engine's `MatrixJson`
// (`{outside, endpoints, matrix: {from: {to: "all" | "none" | ["TCP 3306"]}}}`).
// With --port: the same, plus `probe`, and each cell a boolean.
import { ConnectivityMatrix, matrixToJson, MatrixJson, verdictAllows } from '../../core/policy/engine';
import type { MatrixProbe } from './matrixTable';

export interface ProbeMatrixJson extends Omit<MatrixJson, 'matrix'> {
  probe: MatrixProbe;
  matrix: Record<string, Record<string, boolean>>;
}

export function formatMatrixJson(m: ConnectivityMatrix, probe?: MatrixProbe): string {
  const json = matrixToJson(m);
  if (!probe) return JSON.stringify(json, null, 2) + '\n';
  const matrix: ProbeMatrixJson['matrix'] = {};
  for (const [from, row] of Object.entries(json.matrix)) {
    matrix[from] = {};
    for (const [to, v] of Object.entries(row)) matrix[from][to] = verdictAllows(v, probe.protocol, probe.port);
  }
  const out: ProbeMatrixJson = { outside: json.outside, probe, endpoints: json.endpoints, matrix };
  return JSON.stringify(out, null, 2) + '\n';
}
