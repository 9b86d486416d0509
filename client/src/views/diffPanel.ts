// The connectivity-diff panel: a webview with a strict CSP (nonce script, the
// graph's stylesheet under the same nonce, the page's from dist/webview) that renders the server's report as a table
// (textContent only). Its rule links come back as messages, checked against
// the report's own files before a document is opened at the rule's line:
// head rules in the working tree, base rules at the base revision (through
// the Git extension's git: uris, else the working tree copy).
import { randomBytes } from 'crypto';
import * as vscode from 'vscode';
import { GRAPH_CSS } from '../../../server/src/core/graph/css';
import type { GitApi } from '../gitRefs';
import type { DiffHostMessage, DiffViewData, DiffWebviewMessage } from './diffMessages';

const WEBVIEW_DIR = ['dist', 'webview'];
export const DIFF_VIEW_TYPE = 'netpol.connectivityDiff';

export interface DiffPanelInput {
  data: DiffViewData;
  /** Report file name -> working tree uri. */
  uris: Record<string, string>;
  /** Revision the base-side files are read at. */
  baseRef: string;
  git?: GitApi;
}

let current: { panel: vscode.WebviewPanel; input: DiffPanelInput } | undefined;

export function showDiffPanel(extensionUri: vscode.Uri, input: DiffPanelInput): vscode.WebviewPanel {
  const title = `Connectivity: ${input.data.base} → ${input.data.head}`;
  if (current) {
    current.input = input;
    current.panel.title = title;
    current.panel.reveal();
    void post(current.panel, { type: 'show', data: input.data });
    return current.panel;
  }
  const panel = vscode.window.createWebviewPanel(DIFF_VIEW_TYPE, title, vscode.ViewColumn.Active, {
    enableScripts: true,
    enableFindWidget: true,
    retainContextWhenHidden: true,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, ...WEBVIEW_DIR)],
  });
  const state = { panel, input };
  current = state;
  panel.webview.html = diffHtml(panel.webview, extensionUri);
  panel.onDidDispose(() => {
    if (current === state) current = undefined;
  });
  panel.webview.onDidReceiveMessage((m: DiffWebviewMessage) => {
    if (m?.type === 'ready') void post(panel, { type: 'show', data: state.input.data });
    else if (m?.type === 'open') void openLocation(state.input, m);
  });
  return panel;
}

/** The open panel, for tests. */
export function currentDiffPanel(): vscode.WebviewPanel | undefined {
  return current?.panel;
}

function post(panel: vscode.WebviewPanel, message: DiffHostMessage): Thenable<boolean> {
  return panel.webview.postMessage(message);
}

async function openLocation(input: DiffPanelInput, m: Extract<DiffWebviewMessage, { type: 'open' }>): Promise<void> {
  // Only files the report names: the webview's messages are not trusted further.
  const known = typeof m.file === 'string' ? input.uris[m.file] : undefined;
  if (!known || !Number.isInteger(m.line) || !Number.isInteger(m.character)) return;
  let uri = vscode.Uri.parse(known);
  if (m.side === 'base' && input.git) uri = input.git.toGitUri(uri, input.baseRef);
  const position = new vscode.Position(Math.max(0, m.line), Math.max(0, m.character));
  try {
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc, { selection: new vscode.Range(position, position), viewColumn: vscode.ViewColumn.Beside, preview: true });
  } catch (e) {
    void vscode.window.showWarningMessage(`NetworkPolicy Inspector: cannot open ${m.file}${m.side === 'base' ? ` at ${input.baseRef}` : ''} (${e instanceof Error ? e.message : String(e)}).`);
  }
}

function diffHtml(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  const nonce = randomBytes(18).toString('base64');
  const asset = (file: string) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...WEBVIEW_DIR, file)).toString();
  const csp = ["default-src 'none'", `style-src ${webview.cspSource} 'nonce-${nonce}'`, `script-src 'nonce-${nonce}'`, `font-src ${webview.cspSource}`].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${asset('diff.css')}">
<style nonce="${nonce}">${GRAPH_CSS}</style>
<title>Connectivity diff</title>
</head>
<body>
<div id="app" aria-live="polite">Computing the connectivity diff…</div>
<script nonce="${nonce}" src="${asset('diff.js')}"></script>
</body>
</html>`;
}
