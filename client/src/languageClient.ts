// The LanguageClient for the bundled server (dist/server.js) over Node IPC.
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, RevealOutputChannelOn, ServerOptions, TransportKind } from 'vscode-languageclient/node';
import type { CrashHandler } from './crashHandler';
import { explicitSettingsMiddleware } from './explicitSettings';

/** Also the settings prefix: the client reads `netpol.trace.server`. */
export const CLIENT_ID = 'netpol';
export const CLIENT_NAME = 'NetworkPolicy Inspector';

export function createLanguageClient(context: vscode.ExtensionContext, output: vscode.OutputChannel, crashHandler: CrashHandler): LanguageClient {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'yaml' },
      { scheme: 'untitled', language: 'yaml' },
      // JSON manifests (`kubectl get -o json`); the server leaves other JSON (package.json...) alone after a glance.
      { scheme: 'file', language: 'json' },
      { scheme: 'untitled', language: 'json' },
    ],
    synchronize: {
      // The workspace index (issue #3) follows YAML and JSON files that are not open.
      fileEvents: vscode.workspace.createFileSystemWatcher('**/{*.yaml,*.yml,*.json,Kustomization}'),
    },
    // Pull diagnostics (LSP 3.17): the open documents as they are typed; the
    // workspace pull (closed files in the Problems panel) starts because the
    // server announces workspaceDiagnostics.
    diagnosticPullOptions: { onChange: true, onSave: true },
    outputChannel: output,
    traceOutputChannel: output,
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    errorHandler: crashHandler,
    // Only the settings the user set: the project config (.netpol.yaml) sits between them and the defaults.
    middleware: { workspace: explicitSettingsMiddleware },
  };
  return new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions);
}
