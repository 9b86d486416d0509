// The workspace index as a feature: feeds the indexer with editor, disk,
// folder and settings events, watches YAML files when the client lets the
// server register watchers, and hands the index to the diagnostics, which
// follow its changes.
import { DidChangeWatchedFilesNotification } from '../lsp/protocol';
import type { Feature } from '../lsp/feature';
import type { Session } from '../lsp/session';
import type { DiagnosticsFeature } from './diagnostics';
import type { Workspace } from './workspace';

const WATCH_GLOBS = ['**/*.{yaml,yml,json}', '**/Kustomization', '**/.netpol.{yaml,yml}'];

export class WorkspaceIndexFeature implements Feature {
  readonly name = 'workspace index';

  constructor(
    private readonly workspace: Workspace,
    private readonly diagnostics: DiagnosticsFeature,
  ) {}

  register(session: Session): void {
    this.workspace.attach(session);
    const indexer = this.workspace.indexer;
    const { documents } = session;
    documents.onDidChangeContent(session.guardVoid('index: change', (e) => indexer.documentChanged(e.document)));
    documents.onDidClose(session.guardVoid('index: close', (e) => indexer.documentClosed(e.document.uri)));
    session.onDidChangeWatchedFiles(session.guardVoid('index: watched files', (events) => indexer.filesChanged(events)));
    session.onDidChangeSettings(session.guardVoid('index: settings', (s) => indexer.settingsChanged(s)));
    session.onDidChangeWorkspaceFolders(session.guardVoid('index: folders', () => indexer.foldersChanged()));
    this.diagnostics.attachIndex(indexer);
  }

  async initialized(session: Session): Promise<void> {
    await this.watchFiles(session);
    // Not awaited: indexing runs in the background while requests are answered.
    void this.workspace.indexer.start();
  }

  dispose(): void {
    this.workspace.indexer.dispose();
  }

  /** Clients that cannot take a dynamic registration send events anyway if they watch (VS Code: synchronize.fileEvents). */
  private async watchFiles(session: Session): Promise<void> {
    if (!session.clientCapabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration) return;
    // Plain globs cover every folder, including folders added later.
    const watchers = WATCH_GLOBS.map((globPattern) => ({ globPattern }));
    try {
      await session.connection.client.register(DidChangeWatchedFilesNotification.type, { watchers });
    } catch (e) {
      session.log.warn(`registering file watchers failed; files changed outside the editor are picked up on the next restart: ${(e as Error).message}`);
    }
  }
}
