// The matrix as rows of cell texts, shared by the text, CSV and Markdown
// formats: sources as rows, destinations as columns, in the same order.
import { ConnectivityMatrix, formatRange, MatrixEndpoint, Protocol, Verdict, verdictAllows } from '../../core/policy/engine';

export interface MatrixProbe {
  protocol: Protocol;
  port: number;
}

export interface MatrixTable {
  endpoints: MatrixEndpoint[];
  /** `cells[from][to]`; undefined for outside -> outside, which no policy governs. */
  cells: (string | undefined)[][];
}

/** `all`, `none`, `TCP 3306`, `TCP 80, UDP 53`; with a probe, `allowed` or `denied`. */
export function cellText(v: Verdict, probe?: MatrixProbe): string {
  if (probe) return verdictAllows(v, probe.protocol, probe.port) ? 'allowed' : 'denied';
  return v.kind === 'ports' ? v.ranges.map(formatRange).join(', ') : v.kind;
}

export function matrixTable(m: ConnectivityMatrix, probe?: MatrixProbe): MatrixTable {
  const cells = m.endpoints.map((from) =>
    m.endpoints.map((to) => (from.kind === 'outside' && to.kind === 'outside' ? undefined : cellText(m.verdict(from.key, to.key), probe))),
  );
  return { endpoints: m.endpoints, cells };
}
