// The matrix in a form small enough to send to the connectivity view: the
// endpoints once, each distinct verdict once, and every row as runs of
// indexes into those verdicts. `matrixToJson` repeats a verdict per cell
// (300 workloads: 2.4 MB, 3,000: 229 MB); here a row of one verdict is two
// numbers. Decoding gives back exactly `matrixToJson`'s shape. No imports
// but types: the webview bundle decodes with this file.
import type { ConnectivityMatrix, MatrixEndpoint, MatrixJson, VerdictJson } from './matrix';
import type { PortSet } from './portSet';

export interface CompactMatrix {
  /** `any`, an IP address, or false. */
  outside: string | false;
  endpoints: MatrixEndpoint[];
  /** The distinct verdicts, in the order they were first met (row by row). */
  verdicts: VerdictJson[];
  /**
   * Per source endpoint (in `endpoints` order), the destinations in order as
   * run-length pairs `[verdict, count, verdict, count, ...]`; verdict -1 is an
   * absent cell (outside to outside).
   */
  rows: number[][];
}

/** The verdict index of an absent cell. */
export const ABSENT = -1;

/**
 * Encodes a matrix, formatting each verdict once: the engine hands out the
 * same PortSet for every pair of workloads of the same two classes, so
 * formatting goes by PortSet identity first and by text second.
 */
export function encodeMatrix(m: ConnectivityMatrix, format: (ports: PortSet) => VerdictJson): CompactMatrix {
  const verdicts: VerdictJson[] = [];
  const byText = new Map<string, number>();
  const byPorts = new Map<PortSet, number>();
  const indexOf = (ports: PortSet): number => {
    let i = byPorts.get(ports);
    if (i !== undefined) return i;
    const v = format(ports);
    const text = JSON.stringify(v);
    i = byText.get(text);
    if (i === undefined) {
      i = verdicts.length;
      verdicts.push(v);
      byText.set(text, i);
    }
    byPorts.set(ports, i);
    return i;
  };
  const rows = m.endpoints.map((from) => {
    const row: number[] = [];
    let last = NaN;
    for (const to of m.endpoints) {
      const v = from.kind === 'outside' && to.kind === 'outside' ? ABSENT : indexOf(m.ports(from.key, to.key));
      if (v === last) row[row.length - 1]++;
      else row.push((last = v), 1);
    }
    return row;
  });
  return { outside: m.outside, endpoints: m.endpoints, verdicts, rows };
}

/**
 * `matrixToJson`'s shape. A row is decoded when first read (a 3,000-workload
 * matrix has 9 million cells, and a view reads a few rows), then kept; the
 * verdict arrays are shared between cells: read them, don't change them.
 */
export function decodeMatrix(c: CompactMatrix): MatrixJson {
  const keys = c.endpoints.map((e) => e.key);
  const matrix: Record<string, Record<string, VerdictJson>> = {};
  c.rows.forEach((runs, r) => {
    const key = keys[r];
    if (key === undefined) return;
    Object.defineProperty(matrix, key, {
      enumerable: true,
      configurable: true,
      get() {
        const row = decodeRow(runs, keys, c.verdicts);
        Object.defineProperty(matrix, key, { value: row, enumerable: true, configurable: true, writable: true });
        return row;
      },
    });
  });
  return { outside: c.outside, endpoints: c.endpoints, matrix };
}

function decodeRow(runs: readonly number[], keys: readonly string[], verdicts: readonly VerdictJson[]): Record<string, VerdictJson> {
  const row: Record<string, VerdictJson> = {};
  let col = 0;
  for (let i = 0; i + 1 < runs.length; i += 2) {
    const v = runs[i] === ABSENT ? undefined : verdicts[runs[i]];
    for (const end = Math.min(col + runs[i + 1], keys.length); col < end; col++) if (v !== undefined) row[keys[col]] = v;
  }
  return row;
}
