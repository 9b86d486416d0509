// `netpol diff --format json`: {base, head, changes: [...]} (see DiffReport),
// the fields of each change in a fixed order.
import type { DiffReport } from '../diffReport';

export function formatDiffJson(report: DiffReport): string {
  const changes = report.changes.map(({ change, from, to, before, after, widens, narrows, rules, ...extra }) => ({ change, from, to, before, after, widens, narrows, rules, ...extra }));
  const { base, head, ...rest } = report;
  return JSON.stringify({ base, head, ...rest, changes }, null, 2) + '\n';
}
