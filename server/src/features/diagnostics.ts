// Diagnostics for the workspace (or only the open documents, with
// `netpol.diagnostics.scope: openFiles`): pulled by clients that support LSP
// 3.17 pull diagnostics, pushed to the others, never both. What a file shows
// is decided in diagnosticsFindings.ts and cached in workspaceDiagnostics.ts.
import type { ClientCapabilities, ServerCapabilities } from 'vscode-languageserver/node';
import type { Feature } from '../lsp/feature';
import type { Session } from '../lsp/session';
import type { WorkspaceIndexer } from '../lsp/workspaceIndexer';
import { pullCapabilities, PullDiagnostics } from './diagnosticsPull';
import { PushDiagnostics } from './diagnosticsPush';
import { WorkspaceDiagnostics } from './workspaceDiagnostics';
import type { ExtraFindings } from './diagnosticsFindings';

export const DEBOUNCE_MS = 150;

export function supportsPullDiagnostics(client: ClientCapabilities): boolean {
  return client.textDocument?.diagnostic !== undefined;
}

export class DiagnosticsFeature implements Feature {
  readonly name = 'diagnostics';
  private workspace: WorkspaceDiagnostics | undefined;
  private push: PushDiagnostics | undefined;
  private pull: PullDiagnostics | undefined;
  /** Decided from the client's capabilities during `initialize`. */
  private mode: 'push' | 'pull' = 'push';

  constructor(private readonly debounceMs = DEBOUNCE_MS) {}

  capabilities(client: ClientCapabilities): ServerCapabilities {
    this.mode = supportsPullDiagnostics(client) ? 'pull' : 'push';
    return this.mode === 'pull' ? pullCapabilities() : {};
  }

  register(session: Session): void {
    const workspace = (this.workspace = new WorkspaceDiagnostics(session));
    // Handlers are registered before `initialize`: each delivery asks whether it is the one in use.
    this.push = new PushDiagnostics(session, workspace, this.debounceMs, () => this.mode === 'push');
    this.pull = new PullDiagnostics(session, workspace, () => this.mode === 'pull');
    this.push.register();
    this.pull.register();
  }

  /** Adds findings from another analysis of each file's text (the project config's checks). */
  addFileFindings(source: ExtraFindings): void {
    this.workspace?.extra.push(source);
  }

  /** Re-checks every file, e.g. after the project config or the cluster model changed. */
  refreshAll(): void {
    this.workspace?.refreshAll();
  }

  /** Called by the workspace index feature: the diagnostics follow its index. */
  attachIndex(indexer: WorkspaceIndexer): void {
    this.workspace?.attach(indexer);
  }

  dispose(): void {
    this.push?.dispose();
    this.pull?.dispose();
    this.workspace?.dispose();
  }
}
