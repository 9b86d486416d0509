// `netpol diff` as text: one line per changed connection, the rules below it,
// then the counts. An empty diff says so.
import type { DiffChangeView, DiffReport, DiffRuleView } from '../diffReport';
import type { VerdictJson } from '../../core/policy/engine';

export function formatDiffText(report: DiffReport): string {
  const lines: string[] = [`base: ${sideName(report.base, report.baseCommit)}`, `head: ${sideName(report.head, report.headCommit)}`, ''];
  for (const key of report.workloadsAdded) lines.push(`workload added: ${key}`);
  for (const key of report.workloadsRemoved) lines.push(`workload removed: ${key}`);
  if (report.workloadsAdded.length + report.workloadsRemoved.length > 0) lines.push('');
  if (report.changes.length === 0) return [...lines, 'no connectivity changes', ''].join('\n');
  for (const c of report.changes) {
    lines.push(`${c.change.padEnd(8)} ${endpoint(c.from, c.fromNote)} -> ${endpoint(c.to, c.toNote)}: ${verdictText(c.before)} => ${verdictText(c.after)} (${c.delta})`);
    for (const r of c.rules) lines.push(`         ${ruleText(r)}`);
    for (const u of c.unrestricted ?? []) lines.push(`         ${u}: not isolated (no policy selects it)`);
  }
  lines.push('', summaryLine(report), '');
  return lines.join('\n');
}

export function sideName(name: string, commit: string | undefined): string {
  return commit ? `${name} (${commit.slice(0, 12)})` : name;
}

export function verdictText(v: VerdictJson): string {
  return Array.isArray(v) ? v.join(', ') : v;
}

function endpoint(key: string, note: string | undefined): string {
  return note ? `${key} [${note}]` : key;
}

/** `head: k8s/db.yaml:12 spec.ingress[0] of allow-frontend (ingress, TCP 3306)`. */
export function ruleText(r: DiffRuleView): string {
  const where = r.file ? `${r.file}:${r.line} ` : '';
  return `${r.side}: ${where}${r.rule} of ${r.namespace}/${r.policy} (${r.direction}, ${verdictText(r.ports)})`;
}

/** `3 changes: 1 added, 1 removed, 1 changed; 2 widening, 1 narrowing`. */
export function summaryLine(report: DiffReport): string {
  const n = report.changes.length;
  const count = (pred: (c: DiffChangeView) => boolean) => report.changes.filter(pred).length;
  const widen = count((c) => c.widens);
  const narrow = count((c) => c.narrows);
  return `${n} change${n === 1 ? '' : 's'}: ${count((c) => c.change === 'added')} added, ${count((c) => c.change === 'removed')} removed, ${count((c) => c.change === 'changed')} changed; ${widen} widening, ${narrow} narrowing`;
}
