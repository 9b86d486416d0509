// Helpers for the e2e suites that run inside code-server's extension host.
// Everything here waits for a condition (with a deadline) instead of sleeping:
// the machine is shared and slow, so fixed delays would be flaky.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as path from 'path';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'netpol-inspector.netpol-inspector';
export const SOURCE = 'netpol';

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Polls `fn` until it returns a truthy value; fails with `what` after `ms`. */
export async function waitFor<T>(what: string | (() => string), fn: () => T | undefined | false | Promise<T | undefined | false>, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  let lastError: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${typeof what === 'string' ? what : what()}${lastError ? `: ${String(lastError)}` : ''}`);
    await sleep(200);
  }
}

export async function activateExtension(): Promise<vscode.Extension<unknown>> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is installed`);
  await ext.activate();
  return ext;
}

export function workspaceRoot(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'a workspace folder is open');
  return folder.uri.fsPath;
}

export const fileUri = (rel: string) => vscode.Uri.file(path.join(workspaceRoot(), rel));

export async function openDoc(rel: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(fileUri(rel));
  return vscode.window.showTextDocument(doc, { preview: false });
}

export const netpolDiagnostics = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);

/** The rule id the server puts in `code` (a string, or {value} with a link). */
export function ruleId(d: vscode.Diagnostic): string {
  const c = d.code;
  return String(typeof c === 'object' && c !== null ? c.value : c);
}

/** `line:rule message` lines (1-based lines, like the CLI), for readable assertion diffs. */
export const summarize = (diags: readonly vscode.Diagnostic[]) =>
  diags.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${ruleId(d)} ${d.message}`);

/** Waits until the netpol diagnostics of `uri` satisfy `pred`, returns them. */
export function waitForDiagnostics(uri: vscode.Uri, pred: (d: vscode.Diagnostic[]) => boolean, what: string, ms = 30_000): Promise<vscode.Diagnostic[]> {
  return waitFor(what, () => {
    const d = netpolDiagnostics(uri);
    return pred(d) && d;
  }, ms).catch((e: Error) => {
    throw new Error(`${e.message}\nlast diagnostics of ${uri.fsPath}:\n  ${summarize(netpolDiagnostics(uri)).join('\n  ')}`);
  });
}

/** Replaces the first occurrence of `from` (after `after`, if given) in an open document. */
export async function replaceText(uri: vscode.Uri, from: string, to: string, after = ''): Promise<void> {
  const doc = await vscode.workspace.openTextDocument(uri);
  const text = doc.getText();
  const start = text.indexOf(from, after ? text.indexOf(after) : 0);
  assert.ok(start >= 0, `${JSON.stringify(from)} in ${uri.fsPath}`);
  const edit = new vscode.WorkspaceEdit();
  edit.replace(uri, new vscode.Range(doc.positionAt(start), doc.positionAt(start + from.length)), to);
  assert.ok(await vscode.workspace.applyEdit(edit), 'edit applied');
}

/** Position of the nth occurrence of `token` in a document (from line `fromLine` on; the start of the token, or one char in if fromLine is unset). */
export async function positionOf(uri: vscode.Uri, token: string, occurrence = 0, fromLine?: number): Promise<vscode.Position> {
  const doc = await vscode.workspace.openTextDocument(uri);
  const text = doc.getText();
  let i = fromLine === undefined ? -1 : doc.offsetAt(new vscode.Position(fromLine, 0)) - 1;
  for (let n = 0; n <= occurrence; n++) {
    i = text.indexOf(token, i + 1);
    assert.ok(i >= 0, `occurrence ${occurrence} of ${JSON.stringify(token)} in ${uri.fsPath}`);
  }
  return doc.positionAt(fromLine === undefined ? i + 1 : i);
}

/** Plain text of the hovers VS Code's providers return at a position. */
export async function hoverTexts(uri: vscode.Uri, pos: vscode.Position): Promise<string> {
  const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, pos)) ?? [];
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .join('\n---\n');
}

/**
 * Pids of the language servers (dist/server.js) this extension host started:
 * node children of this process. The other window's extension host (the UI
 * tests) has its own servers, which are not our children.
 */
export function serverPids(): number[] {
  const out = execFileSync('ps', ['-eo', 'pid=,ppid=,args='], { encoding: 'utf8' });
  return out
    .split('\n')
    .map((l) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(l))
    .filter((m): m is RegExpExecArray => !!m && Number(m[2]) === process.pid && /dist[/\\]server\.js/.test(m[3]))
    .map((m) => Number(m[1]));
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
