// `netpol diff --format md`: a pull-request comment. A hidden marker lets CI
// find and update its own comment; counts, one table, then the rules per
// namespace. GitHub refuses comments over 65,536 characters: rows that do
// not fit are left out with a pointer to the full report.
import type { DiffChangeView, DiffReport } from '../diffReport';
import { sideName, summaryLine, verdictText } from './diffText';

export const DIFF_MARKER = '<!-- netpol-diff -->';
export const GITHUB_COMMENT_LIMIT = 65536;

export interface MarkdownOptions {
  /** Characters at most (default GitHub's comment limit). */
  limit?: number;
}

export function formatDiffMarkdown(report: DiffReport, options: MarkdownOptions = {}): string {
  const limit = options.limit ?? GITHUB_COMMENT_LIMIT;
  const head = [DIFF_MARKER, `### Connectivity changes: ${code(sideName(report.base, report.baseCommit))} → ${code(sideName(report.head, report.headCommit))}`, ''];
  const notes = [...report.workloadsAdded.map((k) => `- workload added: ${code(k)}`), ...report.workloadsRemoved.map((k) => `- workload removed: ${code(k)}`)];
  if (report.changes.length === 0) return [...head, 'no connectivity changes', ...(notes.length ? ['', ...notes] : []), ''].join('\n');
  head.push(`**${summaryLine(report)}**`, '');
  if (notes.length) head.push(...notes, '');
  const table = ['| change | from | to | before | after | delta |', '| --- | --- | --- | --- | --- | --- |'];
  const tableRows = report.changes.map(tableRow);
  const details = detailsByNamespace(report.changes);
  // Keep the comment whole when it fits; else as many table rows as fit, and no details.
  const full = [...head, ...table, ...tableRows, '', ...details, ''].join('\n');
  if (full.length <= limit) return full;
  const pointer = (shown: number) =>
    `\n_${report.changes.length - shown} more change${report.changes.length - shown === 1 ? '' : 's'} not shown (GitHub limits a comment to ${GITHUB_COMMENT_LIMIT} characters): the full report is in the workflow run's summary, or run \`netpol diff --base ${report.baseCommit ?? report.base}\` locally._\n`;
  let text = [...head, ...table].join('\n') + '\n';
  let shown = 0;
  for (const row of tableRows) {
    if (text.length + row.length + 1 + pointer(shown + 1).length > limit) break;
    text += row + '\n';
    shown++;
  }
  return text + pointer(shown);
}

function tableRow(c: DiffChangeView): string {
  const end = (key: string, note?: string) => `${code(key)}${note ? ` (${note})` : ''}`;
  const sign = c.widens && c.narrows ? '±' : c.widens ? '➕' : '➖';
  return `| ${sign} ${c.change} | ${end(c.from, c.fromNote)} | ${end(c.to, c.toNote)} | ${cell(verdictText(c.before))} | ${cell(verdictText(c.after))} | ${cell(c.delta)} |`;
}

function detailsByNamespace(changes: readonly DiffChangeView[]): string[] {
  const byNamespace = new Map<string, DiffChangeView[]>();
  for (const c of changes) byNamespace.set(c.namespace, [...(byNamespace.get(c.namespace) ?? []), c]);
  const out: string[] = [];
  for (const ns of [...byNamespace.keys()].sort()) {
    const list = byNamespace.get(ns)!;
    out.push(`<details><summary>namespace ${escapeHtml(ns || '(none)')}: ${list.length} change${list.length === 1 ? '' : 's'}</summary>`, '');
    for (const c of list) {
      out.push(`- ${c.change} ${code(c.from)} → ${code(c.to)}: ${cell(c.delta)}`);
      for (const r of c.rules) out.push(`  - ${r.side}: ${r.file ? `${code(`${r.file}:${r.line}`)} ` : ''}${code(r.rule)} of ${code(`${r.namespace}/${r.policy}`)} (${r.direction}, ${cell(verdictText(r.ports))})`);
      for (const u of c.unrestricted ?? []) out.push(`  - ${u}: not isolated (no policy selects it)`);
    }
    out.push('', '</details>', '');
  }
  return out;
}

/** Inline code that survives any content: a fence longer than any backtick run inside. */
function code(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((m) => m.length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text.replace(/\|/g, '\\|').replace(/\n/g, ' ')}${pad}${fence}`;
}

function cell(text: string): string {
  return escapeHtml(text).replace(/\|/g, '\\|');
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
