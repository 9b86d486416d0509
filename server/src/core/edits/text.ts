// Text positions for edits: offsets only, line breaks as the file has them.
import type { OffsetRange } from '../findings';

/** A pure text edit: replace `range` (offsets into the file's text) by `newText`. */
export interface TextEdit {
  range: OffsetRange;
  newText: string;
}

/** The file's line ending: that of its first line break, `\n` when it has none. */
export function eolOf(text: string): string {
  const i = text.search(/\r\n|\r|\n/);
  if (i < 0) return '\n';
  return text.startsWith('\r\n', i) ? '\r\n' : text[i];
}

/**
 * The line ending of the line holding `offset` (files that mix LF and CRLF
 * get new lines like their neighbours); the file's own when that line has none.
 */
export function eolAt(text: string, offset: number): string {
  const end = lineEndAt(text, offset);
  if (end >= text.length) return eolOf(text);
  return text.startsWith('\r\n', end) ? '\r\n' : text[end];
}

export function lineStartAt(text: string, offset: number): number {
  let i = offset;
  while (i > 0 && text[i - 1] !== '\n' && text[i - 1] !== '\r') i--;
  return i;
}

/** Offset of the line break ending the line that holds `offset` (or the text's end). */
export function lineEndAt(text: string, offset: number): number {
  let i = offset;
  while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
  return i;
}

export function columnOf(text: string, offset: number): number {
  return offset - lineStartAt(text, offset);
}

/** Applies non-overlapping edits (any order) to a text. */
export function applyEdits(text: string, edits: TextEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.range.start - a.range.start)) out = out.slice(0, e.range.start) + e.newText + out.slice(e.range.end);
  return out;
}
