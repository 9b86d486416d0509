// The matrix as a Markdown table (GitHub flavoured), for pull request
// comments and docs: sources in bold as rows, destinations as columns. A
// cluster dump's controller rows say how many pods they stand for.
import type { MatrixTable } from './matrixTable';

export function formatMatrixMarkdown(t: MatrixTable): string {
  const header = ['from \\ to', ...t.endpoints.map((e) => mdCell(e.label))];
  const lines = [row(header), row(header.map(() => '---'))];
  t.endpoints.forEach((from, i) => lines.push(row([`**${mdCell(from.label)}**${podCount(from.pods)}`, ...t.cells[i].map((c) => (c === undefined ? '' : mdCell(c)))])));
  return lines.join('\n') + '\n';
}

function podCount(pods: number | undefined): string {
  return pods === undefined ? '' : ` (${pods} ${pods === 1 ? 'pod' : 'pods'})`;
}

function row(cells: string[]): string {
  return `| ${cells.join(' | ')} |`;
}

function mdCell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/([*`])/g, '\\$1');
}
