// The matrix as CSV (RFC 4180): a header row `from,<destinations...>`, then
// one row per source; the outside-to-outside cell is empty. Keys stay bare
// (no `[cluster]` mark): they are data, as in the JSON.
import type { MatrixTable } from './matrixTable';

export function formatMatrixCsv(t: MatrixTable): string {
  const rows = [['from', ...t.endpoints.map((e) => e.key)]];
  t.endpoints.forEach((from, i) => rows.push([from.key, ...t.cells[i].map((c) => c ?? '')]));
  return rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}

function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
