// The connectivity webview's page: a strict CSP (nonce script, styles and
// images only from the extension's dist/webview), the bundled script and
// stylesheet, and an empty body the script fills with textContent.
import { randomBytes } from 'crypto';
import * as vscode from 'vscode';

export const WEBVIEW_DIR = ['dist', 'webview'];

export function connectivityHtml(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  const nonce = randomBytes(18).toString('base64');
  const asset = (file: string) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...WEBVIEW_DIR, file)).toString();
  const csp = [
    "default-src 'none'",
    `img-src ${webview.cspSource} data:`,
    `style-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
    `font-src ${webview.cspSource}`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${asset('connectivity.css')}">
<title>Connectivity</title>
</head>
<body>
<div id="app" aria-live="polite">Loading the connectivity of the workspace…</div>
<script nonce="${nonce}" src="${asset('connectivity.js')}"></script>
</body>
</html>`;
}

/** Options for every connectivity panel: scripts on, resources only from dist/webview. */
export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(extensionUri, ...WEBVIEW_DIR)], enableFindWidget: true };
}
