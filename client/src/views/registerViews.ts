// Wires the connectivity view into the extension: the experimental client
// capability that tells the server (workload code lenses, change
// notifications), the two commands, the serializer that restores the panel
// after a reload, and the server's "connectivity changed" notification.
import * as vscode from 'vscode';
import type { LanguageClient, StaticFeature } from 'vscode-languageclient/node';
import { CONNECTIVITY_CHANGED_NOTIFICATION } from '../../../server/src/features/connectivityProtocol';
import { ConnectivityPanel, ShowRequest, VIEW_TYPE } from './connectivityPanel';
import { registerExplainCommand } from './explainConnection';

export const SHOW_CONNECTIVITY_COMMAND = 'netpol.showConnectivity';
export const EXPLAIN_CONNECTION_COMMAND = 'netpol.explainConnection';

/** Announces the view to the server; call before the client starts. */
export function announceConnectivityView(client: LanguageClient): void {
  const feature: StaticFeature = {
    fillClientCapabilities: (capabilities) => {
      capabilities.experimental = { ...(capabilities.experimental as object | undefined), netpolConnectivityView: true };
    },
    initialize: () => undefined,
    getState: () => ({ kind: 'static' }),
    clear: () => undefined,
  };
  client.registerFeature(feature);
  client.onNotification(CONNECTIVITY_CHANGED_NOTIFICATION, () => ConnectivityPanel.changed());
}

export function registerConnectivityView(context: vscode.ExtensionContext, client: LanguageClient, output: vscode.OutputChannel): void {
  const show = (request: ShowRequest = {}) => ConnectivityPanel.show(context, client, output, request);
  context.subscriptions.push(
    // From the palette (no argument) or a workload's code lens ({ focus: 'ns/name' }).
    vscode.commands.registerCommand(SHOW_CONNECTIVITY_COMMAND, (arg?: { focus?: unknown }) => show(typeof arg?.focus === 'string' ? { focus: arg.focus } : {})),
    registerExplainCommand(EXPLAIN_CONNECTION_COMMAND, client, (explain) => show({ explain })),
    vscode.window.registerWebviewPanelSerializer(VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state) => ConnectivityPanel.revive(context, panel, client, output, state),
    }),
  );
}
