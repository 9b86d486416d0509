// The matrix as a Markdown table (GitHub flavoured), for pull request
// comments and docs: sources in bold as rows, destinations as columns.
import type { MatrixTable } from './matrixTable';

export function formatMatrixMarkdown(t: MatrixTable): string {
  const header = ['from \\ to', ...t.endpoints.map((e) => mdCell(e.label))];
  const lines = [row(header), row(header.map(() => '---'))];
  t.endpoints.forEach((from, i) => lines.push(row([`**${mdCell(from.label)}**`, ...t.cells[i].map((c) => (c === undefined ? '' : mdCell(c)))])));
  return lines.join('\n') + '\n';
}

function row(cells: string[]): string {
  return `| ${cells.join(' | ')} |`;
}

function mdCell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/([*`])/g, '\\$1');
}
