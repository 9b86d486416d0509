// The matrix as CSV (RFC 4180): a header row `from,<destinations...>`, then
// one row per source; the outside-to-outside cell is empty. Keys stay bare
// (no `[cluster]` mark): they are data, as in the JSON. A cluster dump's
// matrix has a `pods` column after `from`: how many pods each controller's
// row stands for (empty for outside and for workloads of manifests).
import type { MatrixTable } from './matrixTable';

export function formatMatrixCsv(t: MatrixTable): string {
  const grouped = t.endpoints.some((e) => e.pods !== undefined);
  const pods = (n: number | undefined): string[] => (grouped ? [n === undefined ? '' : String(n)] : []);
  const rows = [['from', ...(grouped ? ['pods'] : []), ...t.endpoints.map((e) => e.key)]];
  t.endpoints.forEach((from, i) => rows.push([from.key, ...pods(from.pods), ...t.cells[i].map((c) => c ?? '')]));
  return rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}

function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
