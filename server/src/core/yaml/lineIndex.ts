// Offsets <-> LSP positions. The only place that knows about line breaks.
// LSP lines end at "\n", "\r\n" or "\r"; characters are UTF-16 code units,
// which is exactly how JS strings index, so a column is `offset - lineStart`.
import type { OffsetRange } from '../findings';

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export class LineIndex {
  /**
   * Offset of the first character of each line, packed (4 bytes a line: the
   * index keeps one per file); computed on first use (a skipped 50 MB file
   * never needs it).
   */
  private lineStarts: Uint32Array | undefined;

  constructor(private readonly text: string) {}

  private get starts(): Uint32Array {
    if (this.lineStarts) return this.lineStarts;
    const text = this.text;
    const starts = new Uint32Array(countLines(text));
    let line = 1;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 13 /* \r */) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts[line++] = i + 1;
      } else if (c === 10 /* \n */) {
        starts[line++] = i + 1;
      }
    }
    this.lineStarts = starts;
    return starts;
  }

  get lineCount(): number {
    return this.starts.length;
  }

  positionAt(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    // An offset between "\r" and "\n" belongs to the end of the line.
    const character = Math.min(o - this.starts[lo], this.lineLength(lo));
    return { line: lo, character };
  }

  offsetAt(pos: Position): number {
    if (pos.line < 0) return 0;
    if (pos.line >= this.starts.length) return this.text.length;
    const start = this.starts[pos.line];
    return start + Math.max(0, Math.min(pos.character, this.lineLength(pos.line)));
  }

  rangeOf(r: OffsetRange): Range {
    return { start: this.positionAt(r.start), end: this.positionAt(r.end) };
  }

  /** Length of a line without its line break. */
  lineLength(line: number): number {
    const start = this.starts[line];
    let end = line + 1 < this.starts.length ? this.starts[line + 1] : this.text.length;
    while (end > start && (this.text.charCodeAt(end - 1) === 10 || this.text.charCodeAt(end - 1) === 13)) end--;
    return end - start;
  }

  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(line, this.starts.length - 1))];
  }
}

/** Lines of a text: one more than its line breaks ("\r\n" counts once). */
function countLines(text: string): number {
  let n = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13 /* \r */) {
      if (text.charCodeAt(i + 1) === 10) i++;
      n++;
    } else if (c === 10 /* \n */) n++;
  }
  return n;
}

/**
 * YAML ends lines at LF, CRLF and a lone CR; the `yaml` package knows only
 * the first two. The parser and the prechecks read a copy with each lone CR
 * as LF: one character for one, so every offset means the same in both, and
 * the file's own text (kept for ranges and edits) is never changed.
 */
export function yamlLineBreaks(text: string): string {
  return text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
}
