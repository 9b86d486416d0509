// The connectivity webview's page: a strict CSP (the one stylesheet and the
// one script written into the page with a nonce; nothing else loads), and
// an empty body the script fills with textContent. The two files are read
// from the extension's dist/webview once per extension host.
import { randomBytes } from 'crypto';
import { readFileSync } from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { connectivityPage } from './connectivityPage';

export const WEBVIEW_DIR = ['dist', 'webview'];

const assets = new Map<string, { css: string; js: string }>();

export function connectivityHtml(extensionUri: vscode.Uri): string {
  const dir = path.join(extensionUri.fsPath, ...WEBVIEW_DIR);
  let files = assets.get(dir);
  if (!files) {
    files = { css: readFileSync(path.join(dir, 'connectivity.css'), 'utf8'), js: readFileSync(path.join(dir, 'connectivity.js'), 'utf8') };
    assets.set(dir, files);
  }
  return connectivityPage({ nonce: randomBytes(18).toString('base64'), ...files });
}

/** Options for every connectivity panel: scripts on, no local resource at all (the page carries its own). */
export function webviewOptions(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return { enableScripts: true, localResourceRoots: [], enableFindWidget: true };
}
