// The workspace index as a feature: feeds the indexer with editor, disk,
// folder and settings events, watches YAML files when the client lets the
// server register watchers, and adds the workspace checks to the
// diagnostics of open documents (re-run, debounced, when other files change).
import { DidChangeWatchedFilesNotification } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { FileAnalysis } from '../core/analyze';
import { runIndexChecks } from '../core/checks';
import type { Finding } from '../core/findings';
import { Debouncer } from '../lsp/debouncer';
import type { Feature } from '../lsp/feature';
import type { Session } from '../lsp/session';
import type { IndexChange } from '../lsp/workspaceIndexer';
import type { DiagnosticsFeature } from './diagnostics';
import type { Workspace } from './workspace';

/** Other files' diagnostics are re-run this long after the last index change. */
const REFRESH_DELAY_MS = 150;
const WATCH_GLOBS = ['**/*.{yaml,yml}', '**/Kustomization', '**/.netpol.{yaml,yml}'];

export class WorkspaceIndexFeature implements Feature {
  readonly name = 'workspace index';
  private session!: Session;
  private readonly debouncer = new Debouncer();
  /** Files changed since the last refresh; `all` after a run or a disk change of unknown reach. */
  private pending: { uris: Set<string>; all: boolean } = { uris: new Set(), all: false };

  constructor(
    private readonly workspace: Workspace,
    private readonly diagnostics: DiagnosticsFeature,
  ) {}

  register(session: Session): void {
    this.session = session;
    this.workspace.attach(session);
    const indexer = this.workspace.indexer;
    const { documents } = session;
    documents.onDidChangeContent(session.guardVoid('index: change', (e) => indexer.documentChanged(e.document)));
    documents.onDidClose(session.guardVoid('index: close', (e) => indexer.documentClosed(e.document.uri)));
    session.onDidChangeWatchedFiles(session.guardVoid('index: watched files', (events) => indexer.filesChanged(events)));
    session.onDidChangeSettings(session.guardVoid('index: settings', (s) => indexer.settingsChanged(s)));
    session.onDidChangeWorkspaceFolders(session.guardVoid('index: folders', () => indexer.foldersChanged()));
    indexer.onDidChange((change) => this.indexChanged(change));
    indexer.onDidFinishIndexing(() => this.diagnostics.refreshAll());
    this.diagnostics.addSource((doc, analysis) => this.findings(doc, analysis));
  }

  async initialized(session: Session): Promise<void> {
    await this.watchFiles(session);
    // Not awaited: indexing runs in the background while requests are answered.
    void this.workspace.indexer.start();
  }

  dispose(): void {
    this.debouncer.dispose();
    this.workspace.indexer.dispose();
  }

  /** The workspace checks of one open document, against the index holding its current text. */
  private findings(doc: TextDocument, analysis: FileAnalysis): Finding[] {
    const indexer = this.workspace.indexer;
    // Before the first full run the index holds half a workspace: every selector would "match nothing".
    if (!indexer.hasIndexed || !indexer.isInWorkspace(doc.uri)) return [];
    const index = indexer.current();
    const file = index.getFile(doc.uri);
    if (!file || file.text !== analysis.parsed.text || file.policies.length === 0) return [];
    const rules = this.session.settings.rules;
    return runIndexChecks(index, doc.uri, (id) => rules[id] !== 'off');
  }

  private indexChanged(change: IndexChange): void {
    change.uris.forEach((u) => this.pending.uris.add(u));
    if (change.uris.length === 0) this.pending.all = true;
    this.debouncer.schedule('refresh', REFRESH_DELAY_MS, () => {
      const pending = this.pending;
      this.pending = { uris: new Set(), all: false };
      this.refreshPolicyDocuments(pending);
    });
  }

  /**
   * Only documents with policies have workspace findings; the others keep
   * theirs. A document whose own edit is the only change is skipped: the
   * diagnostics feature re-runs it already.
   */
  private refreshPolicyDocuments(pending: { uris: Set<string>; all: boolean }): void {
    const indexer = this.workspace.indexer;
    if (!indexer.hasIndexed) return;
    const index = indexer.current();
    for (const doc of this.session.openYamlDocuments()) {
      const onlyItself = !pending.all && pending.uris.size === 1 && pending.uris.has(doc.uri);
      if (onlyItself) continue;
      if ((index.getFile(doc.uri)?.policies.length ?? 0) > 0) this.diagnostics.refresh(doc.uri);
    }
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
