// Offsets <-> LSP positions for files of the index, always through the
// LineIndex of the text the index holds (the open document's text when open).
import type { Location, Position, Range } from 'vscode-languageserver/node';
import type { OffsetRange } from '../core/findings';
import type { WorkspaceIndex } from '../core/index/workspaceIndex';
import { baseNameOf } from '../core/index/paths';

export function offsetIn(index: WorkspaceIndex, uri: string, position: Position): number | undefined {
  return index.getFile(uri)?.analysis.parsed.lines.offsetAt(position);
}

export function rangeIn(index: WorkspaceIndex, uri: string, range: OffsetRange): Range | undefined {
  return index.getFile(uri)?.analysis.parsed.lines.rangeOf(range);
}

export function locationIn(index: WorkspaceIndex, uri: string, range: OffsetRange): Location | undefined {
  const r = rangeIn(index, uri, range);
  return r && { uri, range: r };
}

/** `[backend.yaml:5](file:///…/backend.yaml#L5)`: a Markdown link VS Code opens at the line. */
export function fileLineLink(index: WorkspaceIndex, uri: string, range: OffsetRange): string {
  const line = (rangeIn(index, uri, range)?.start.line ?? 0) + 1;
  return `[${decodeURIComponent(baseNameOf(uri))}:${line}](${uri}#L${line})`;
}
