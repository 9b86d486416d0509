// The LSP server: connection, capabilities, document sync, the feature list.
// Runs over --stdio (any editor) or Node IPC (the VS Code client); the
// transport is picked from the command line by createConnection. Bundled as
// dist/serverMain.js and started by dist/server.js (serverEntry.ts), which
// starts the analysis worker first.
import { createConnection, InitializeResult, ProposedFeatures, ServerCapabilities, TextDocumentSyncKind } from './lsp/protocol';
import { version } from '../../package.json';
import { ConnectivityDiffFeature } from './features/connectivityDiff';
import { DiagnosticsFeature } from './features/diagnostics';
import { workspaceFeatures } from './features/workspaceFeatures';
import type { Feature } from './lsp/feature';
import { mergeCapabilities } from './lsp/feature';
import { describeError } from './lsp/logger';
import { Session } from './lsp/session';
import { watchEventLoop } from './lsp/timingStats';
import type { PrestartedWorker } from './lsp/workerThread';

/** Serves over the connection the command line names; `prestarted`: the analysis worker, if it was started already. */
export function runServer(prestarted?: PrestartedWorker): void {
  // For the responsiveness tests: record where the main thread blocks (netpol/internal/stats).
  if (process.env.NETPOL_WATCH_EVENT_LOOP) watchEventLoop();

  const connection = createConnection(ProposedFeatures.all);
  const session = new Session(connection, prestarted);

  // Issue #3 adds its features here (index, hover, definition, ...).
  const diagnostics = new DiagnosticsFeature();
  const features: Feature[] = [diagnostics, ...workspaceFeatures(diagnostics), new ConnectivityDiffFeature()];

  connection.onInitialize((params): InitializeResult => {
    session.initialize(params);
    // The worker loads and compiles its parser (it warms itself up) while the client is told the
    // capabilities and the workspace is listed: indexing's first files then wait on no cold thread.
    session.pool.prestart();
    let capabilities: ServerCapabilities = {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    };
    for (const feature of features) {
      try {
        if (feature.capabilities) capabilities = mergeCapabilities(capabilities, feature.capabilities(session.clientCapabilities));
      } catch (e) {
        session.log.error(`${feature.name}: capabilities failed`, e);
      }
    }
    return { capabilities, serverInfo: { name: 'netpol-inspector', version } };
  });

  connection.onInitialized(
    session.guardVoid('initialized', async () => {
      session.log.info(`netpol-inspector server started, version ${version} (node ${process.version})`);
      await session.start();
      for (const feature of features) {
        try {
          await feature.initialized?.(session);
        } catch (e) {
          session.log.error(`${feature.name}: start failed`, e);
        }
      }
    }),
  );

  connection.onShutdown(() => {
    for (const feature of features) feature.dispose?.();
  });

  for (const feature of features) feature.register(session);

  // Last line of defence: log, keep serving.
  process.on('uncaughtException', (e) => connection.console.error(`uncaught exception: ${describeError(e)}`));
  process.on('unhandledRejection', (e) => connection.console.error(`unhandled rejection: ${describeError(e)}`));

  session.documents.listen(connection);
  connection.listen();
}
