// Applying a WorkspaceEdit in memory the way an editor would, and the
// line-level comparisons the code action safety test makes: which lines an
// edit may touch, and that everything else is byte-identical.
import * as assert from 'assert';
import type { TextEdit, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';

/** The text edits of a WorkspaceEdit per uri (`changes` or `documentChanges`); file operations fail the test. */
export function editsByUri(edit: WorkspaceEdit): Map<string, TextEdit[]> {
  const out = new Map<string, TextEdit[]>();
  for (const [uri, edits] of Object.entries(edit.changes ?? {})) out.set(uri, [...(out.get(uri) ?? []), ...edits]);
  for (const change of edit.documentChanges ?? []) {
    assert.ok('textDocument' in change, `a code action must not create, rename or delete files: ${JSON.stringify(change)}`);
    const uri = change.textDocument.uri;
    out.set(uri, [...(out.get(uri) ?? []), ...(change.edits as TextEdit[])]);
  }
  return out;
}

/** `texts` with the edits applied (a new map; files the edit does not name keep their text). */
export function applyWorkspaceEdit(texts: ReadonlyMap<string, string>, edit: WorkspaceEdit): Map<string, string> {
  const out = new Map(texts);
  for (const [uri, edits] of editsByUri(edit)) {
    const text = texts.get(uri);
    assert.ok(text !== undefined, `the edit names ${uri}, which is not a file of the workspace`);
    out.set(uri, TextDocument.applyEdits(TextDocument.create(uri, 'yaml', 1, text), edits));
  }
  return out;
}

/** Lines with their line break (`\r\n`, `\n` or `\r`) kept; the last one may have none. */
export function linesWithEol(text: string): string[] {
  return text.match(/[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$/g) ?? [];
}

/** First and last line (0-based, original text) that the edits touch. */
export function editedLineSpan(edits: TextEdit[]): { first: number; last: number } {
  return {
    first: Math.min(...edits.map((e) => e.range.start.line)),
    last: Math.max(...edits.map((e) => e.range.end.line)),
  };
}

/**
 * Asserts that the lines before the first edited line and after the last one
 * are byte-identical (line breaks included), and that inserted line breaks
 * are the file's own.
 */
export function assertOutsideLinesKept(original: string, edited: string, edits: TextEdit[], what: string): void {
  const before = linesWithEol(original);
  const after = linesWithEol(edited);
  const { first, last } = editedLineSpan(edits);
  assert.deepStrictEqual(after.slice(0, first), before.slice(0, first), `${what}: lines before line ${first} changed`);
  const tail = before.slice(last + 1);
  assert.deepStrictEqual(after.slice(after.length - tail.length), tail, `${what}: lines after line ${last} changed`);
  assert.ok(after.length >= tail.length + first, `${what}: the edited text lost lines`);
  const eol = (original.match(/\r\n|\r|\n/) ?? ['\n'])[0];
  for (const e of edits) {
    for (const brk of e.newText.match(/\r\n|\r|\n/g) ?? []) assert.strictEqual(JSON.stringify(brk), JSON.stringify(eol), `${what}: inserted line break differs from the file's`);
  }
}

/** `#` characters in a text: comments (and the rare `#` in a value) must not go away. */
export function hashCount(text: string): number {
  return text.split('#').length - 1;
}
