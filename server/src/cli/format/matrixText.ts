// The matrix as an aligned table for a terminal. When it fits the width it
// has full labels on both axes. When it does not, it turns compact: rows
// grouped under their namespace and numbered, columns headed by those
// numbers, long cells replaced by footnotes ([a] ...), and the columns split
// into blocks that fit the width.
import type { MatrixTable } from './matrixTable';

export interface TextOptions {
  /** Maximum line width; 0 or undefined: no limit. */
  width?: number;
}

const CORNER = 'from \\ to';
const GAP = 2;
/** Cells longer than this become footnotes in compact mode. */
const MAX_COMPACT_CELL = 12;
/** Outside to outside: no policy governs it. */
const NOT_APPLICABLE = '-';

export function formatMatrixText(t: MatrixTable, options: TextOptions = {}): string {
  const width = options.width ?? 0;
  const cells = t.cells.map((row) => row.map((c) => c ?? NOT_APPLICABLE));
  const full = renderTable(
    [CORNER, ...t.endpoints.map((e) => e.label)],
    t.endpoints.map((e, i) => [e.label, ...cells[i]]),
  );
  if (width <= 0 || full.every((line) => line.length <= width)) return full.join('\n') + '\n';
  return compact(t, cells, width);
}

/** Left-aligned columns separated by GAP spaces, trailing spaces trimmed. */
function renderTable(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, j) => Math.max(h.length, ...rows.map((r) => r[j].length)));
  const line = (r: string[]) => r.map((c, j) => (j === r.length - 1 ? c : c.padEnd(widths[j] + GAP))).join('').trimEnd();
  return [line(header), ...rows.map(line)];
}

function compact(t: MatrixTable, cells: string[][], width: number): string {
  const footnotes = new Map<string, string>();
  const shortCells = cells.map((row) =>
    row.map((c) => {
      if (c.length <= MAX_COMPACT_CELL) return c;
      let mark = footnotes.get(c);
      if (!mark) footnotes.set(c, (mark = `[${footnoteName(footnotes.size)}]`));
      return mark;
    }),
  );
  // Row labels: `  3 backend` under a `shop` heading; `outside` on its own.
  const numbers = t.endpoints.map((_, i) => String(i + 1));
  const numberWidth = numbers[numbers.length - 1]?.length ?? 1;
  const rowLabels = t.endpoints.map((e, i) => {
    const number = numbers[i].padStart(numberWidth);
    return e.namespace === undefined ? `${number} ${e.label}` : `  ${number} ${e.label.slice(e.namespace.length + 1)}`;
  });
  const labelWidth = Math.max(CORNER.length, ...rowLabels.map((l) => l.length)) + GAP;
  const columnWidths = t.endpoints.map((_, j) => Math.max(numbers[j].length, ...shortCells.map((r) => r[j].length)));

  const blocks = columnBlocks(columnWidths, labelWidth, width);
  const out: string[] = [];
  for (const block of blocks) {
    if (out.length > 0) out.push('');
    if (blocks.length > 1) out.push(`columns ${numbers[block[0]]}-${numbers[block[block.length - 1]]} of ${numbers.length}:`);
    const line = (label: string, values: string[]) => (label.padEnd(labelWidth) + values.map((v, k) => (k === values.length - 1 ? v : v.padEnd(columnWidths[block[k]] + GAP))).join('')).trimEnd();
    out.push(line(CORNER, block.map((j) => numbers[j])));
    let namespace: string | undefined;
    t.endpoints.forEach((e, i) => {
      if (e.namespace !== namespace) {
        namespace = e.namespace;
        out.push(namespace === undefined ? '' : `namespace ${namespace}`);
      }
      out.push(line(rowLabels[i], block.map((j) => shortCells[i][j])));
    });
  }
  if (footnotes.size > 0) {
    out.push('');
    for (const [text, mark] of footnotes) out.push(`${mark} ${text}`);
  }
  return out.join('\n') + '\n';
}

/**
 * Columns in blocks that fit `width` (the row labels repeat in every block):
 * as few blocks as greedy filling needs, with the columns spread evenly over
 * them when that fits too, so the last block is not a lone column.
 */
function columnBlocks(columnWidths: number[], labelWidth: number, width: number): number[][] {
  const greedy: number[][] = [];
  let current: number[] = [];
  let used = labelWidth;
  columnWidths.forEach((w, j) => {
    if (current.length > 0 && used + w + GAP > width) {
      greedy.push(current);
      current = [];
      used = labelWidth;
    }
    current.push(j);
    used += w + GAP;
  });
  if (current.length > 0) greedy.push(current);
  if (greedy.length <= 1) return greedy;
  const per = Math.ceil(columnWidths.length / greedy.length);
  const even: number[][] = [];
  for (let j = 0; j < columnWidths.length; j += per) even.push(columnWidths.slice(j, j + per).map((_, k) => j + k));
  const fits = (block: number[]) => labelWidth + block.reduce((sum, j) => sum + columnWidths[j] + GAP, 0) - GAP <= width;
  return even.length === greedy.length && even.every(fits) ? even : greedy;
}

/** a, b, ..., z, aa, ab, ... */
function footnoteName(n: number): string {
  let s = '';
  let k = n;
  do {
    s = String.fromCharCode(97 + (k % 26)) + s;
    k = Math.floor(k / 26) - 1;
  } while (k >= 0);
  return s;
}
