// The VS Code extension: starts the NetworkPolicy Inspector server, offers
// "Restart server", the connectivity view (client/src/views/) and "Compare
// Connectivity with Branch...". Everything else happens in the server.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { registerCompareWithBranch } from './compareWithBranch';
import { CrashHandler } from './crashHandler';
import { CLIENT_NAME, createLanguageClient } from './languageClient';
import { announceConnectivityView, registerConnectivityView } from './views/registerViews';

export const RESTART_COMMAND = 'netpol.restartServer';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel(CLIENT_NAME);
  context.subscriptions.push(output);
  const crashHandler = new CrashHandler(output, RESTART_COMMAND);
  const languageClient = createLanguageClient(context, output, crashHandler);
  client = languageClient;
  announceConnectivityView(languageClient);
  registerConnectivityView(context, languageClient, output);

  context.subscriptions.push(
    vscode.commands.registerCommand(RESTART_COMMAND, async () => {
      crashHandler.reset();
      output.appendLine(`[${new Date().toLocaleTimeString()}] restarting the server`);
      try {
        if (languageClient.isRunning()) await languageClient.restart();
        else await languageClient.start();
      } catch (e) {
        reportStartFailure(output, e);
      }
    }),
  );

  context.subscriptions.push(registerCompareWithBranch(context, languageClient));

  try {
    await languageClient.start();
  } catch (e) {
    reportStartFailure(output, e);
  }
}

export async function deactivate(): Promise<void> {
  if (client?.isRunning()) await client.stop();
  client = undefined;
}

function reportStartFailure(output: vscode.OutputChannel, e: unknown): void {
  const message = e instanceof Error ? e.message : String(e);
  output.appendLine(`[${new Date().toLocaleTimeString()}] the server could not start: ${message}`);
  void vscode.window.showErrorMessage(`NetworkPolicy Inspector: the server could not start (${message}).`, 'Show Output').then((choice) => {
    if (choice === 'Show Output') output.show(true);
  });
}
