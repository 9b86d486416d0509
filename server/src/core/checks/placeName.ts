// How a finding names a place in another file: the path relative to the
// reporting file's folder and a 1-based line, e.g. `../base/policy.yaml:12`,
// or `line 12` in the same file.
// Index keys are relative paths in the CLI and `file:` URIs in the editor;
// both read the same way here.
import * as path from 'path';
import type { WorkspaceIndex } from '../index/workspaceIndex';

export function placeName(index: WorkspaceIndex, fromUri: string, uri: string, offset: number): string {
  const line = index.getFile(uri)?.analysis.parsed.lines.positionAt(offset).line;
  if (uri === fromUri) return line === undefined ? 'this file' : `line ${line + 1}`;
  const where = path.posix.relative(path.posix.dirname(pathOf(fromUri)), pathOf(uri)) || pathOf(uri);
  return line === undefined ? where : `${where}:${line + 1}`;
}

function pathOf(uri: string): string {
  if (!uri.startsWith('file:')) return uri;
  try {
    return decodeURIComponent(new URL(uri).pathname);
  } catch {
    return uri;
  }
}
