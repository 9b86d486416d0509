// Pull delivery (LSP 3.17 textDocument/diagnostic and workspace/diagnostic),
// for clients that advertise it (VS Code). Answers from the cached results,
// "unchanged" when the client already has the result id. workspace/diagnostic
// waits for the first indexing run, then reports every closed file in scope
// with findings, and an empty report for files that had some (open documents
// are pulled one by one). A client that polls
// (it sends a partial result token, as vscode-languageclient does, and asks
// again 2 s after each answer) is answered only once something changed, or
// after HOLD_MS: a long poll instead of a list of "unchanged" every 2 s.
// After a re-check pass that changed what the client was last told,
// workspace/diagnostic/refresh asks it to pull again.
import {
  CancellationToken,
  Diagnostic,
  DiagnosticRefreshRequest,
  DocumentDiagnosticParams,
  DocumentDiagnosticReport,
  FullDocumentDiagnosticReport,
  PreviousResultId,
  ServerCapabilities,
  WorkspaceDiagnosticParams,
  WorkspaceDiagnosticReport,
  WorkspaceDocumentDiagnosticReport,
} from '../lsp/protocol';
import type { Session } from '../lsp/session';
import type { WorkspaceDiagnostics } from './workspaceDiagnostics';

/** The longest a workspace pull is held open when nothing changed. */
export const HOLD_MS = 60_000;
/** Related documents are added to a document report only when this few files wait for a re-check. */
const MAX_RELATED = 200;
/** Refresh is decided a moment after a pass, once held workspace pulls have answered. */
const REFRESH_DELAY_MS = 50;

export const DIAGNOSTIC_IDENTIFIER = 'netpol';

export function pullCapabilities(): ServerCapabilities {
  return { diagnosticProvider: { identifier: DIAGNOSTIC_IDENTIFIER, interFileDependencies: true, workspaceDiagnostics: true } };
}

export class PullDiagnostics {
  /** The result id the client was last given per uri. */
  private readonly reported = new Map<string, string>();
  private refreshTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly session: Session,
    private readonly diagnostics: WorkspaceDiagnostics,
    private readonly active: () => boolean,
  ) {}

  register(): void {
    const { languages } = this.session.connection;
    languages.diagnostics.on(this.session.guard('textDocument/diagnostic', { kind: 'full', items: [] } as DocumentDiagnosticReport, (params) => this.document(params)));
    languages.diagnostics.onWorkspace(this.session.guard('workspace/diagnostic', { items: [] } as WorkspaceDiagnosticReport, (params, token, _progress, partialResults) => this.workspace(params, token, partialResults !== undefined)));
    this.diagnostics.onDidUpdate(() => this.scheduleRefresh());
  }

  dispose(): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
  }

  private async document(params: DocumentDiagnosticParams): Promise<DocumentDiagnosticReport> {
    await this.session.ready;
    const uri = params.textDocument.uri;
    const result = this.diagnostics.get(uri);
    if (!result) {
      this.reported.delete(uri);
      return { kind: 'full', items: [] };
    }
    this.reported.set(uri, result.resultId);
    const related = await this.relatedDocuments(uri);
    const extra = related ? { relatedDocuments: related } : {};
    if (params.previousResultId === result.resultId) return { kind: 'unchanged', resultId: result.resultId, ...extra };
    return { kind: 'full', resultId: result.resultId, items: result.diagnostics, ...extra };
  }

  /**
   * For clients with relatedDocumentSupport: the other files an edit of this
   * one changed (the policies that select its workloads), in the same answer.
   * They are re-checked in slices, yielding to the event loop like the pass;
   * one invalidated again meanwhile is left to the pass and the next pull.
   */
  private async relatedDocuments(uri: string): Promise<Record<string, FullDocumentDiagnosticReport> | undefined> {
    if (!this.session.clientCapabilities.textDocument?.diagnostic?.relatedDocumentSupport) return undefined;
    const waiting = this.diagnostics.results.dirtyUris().filter((u) => u !== uri && this.diagnostics.inScope(u));
    if (waiting.length === 0 || waiting.length > MAX_RELATED) return undefined;
    await this.diagnostics.refresh(waiting);
    const related: Record<string, FullDocumentDiagnosticReport> = {};
    let any = false;
    for (const other of waiting) {
      if (this.diagnostics.results.isDirty(other)) continue;
      const result = this.diagnostics.get(other);
      if (!result || this.reported.get(other) === result.resultId) continue;
      if (!this.reported.has(other) && result.diagnostics.length === 0) continue;
      related[other] = { kind: 'full', resultId: result.resultId, items: result.diagnostics };
      this.reported.set(other, result.resultId);
      any = true;
    }
    return any ? related : undefined;
  }

  private async workspace(params: WorkspaceDiagnosticParams, token: CancellationToken, polls: boolean): Promise<WorkspaceDiagnosticReport> {
    await this.session.ready;
    // A half-indexed workspace would make selectors into the missing half "match nothing".
    await untilCancelled(this.diagnostics.firstIndexing, token);
    const deadline = Date.now() + HOLD_MS;
    for (;;) {
      if (token.isCancellationRequested) return { items: [] };
      await this.diagnostics.settle();
      const items = this.workspaceItems(params.previousResultIds ?? []);
      const changed = items.some((i) => i.kind === 'full');
      if (changed || !polls || Date.now() >= deadline) return { items };
      await this.nextUpdate(token, deadline);
    }
  }

  private workspaceItems(previous: readonly PreviousResultId[]): WorkspaceDocumentDiagnosticReport[] {
    const known = new Map(previous.map((p) => [p.uri, p.value]));
    const items: WorkspaceDocumentDiagnosticReport[] = [];
    const seen = new Set<string>();
    for (const uri of this.diagnostics.candidates()) {
      // Open documents are pulled one by one (textDocument/diagnostic): a
      // client keeps those reports over the workspace's, and an edit of the
      // open document must not end a held pull that waits for other files.
      if (this.diagnostics.isOpen(uri)) {
        seen.add(uri);
        continue;
      }
      const result = this.diagnostics.get(uri);
      if (!result) continue;
      seen.add(uri);
      if (known.get(uri) === result.resultId) items.push({ kind: 'unchanged', uri, version: null, resultId: result.resultId });
      else if (result.diagnostics.length > 0 || known.has(uri) || this.reported.has(uri)) items.push({ kind: 'full', uri, version: null, resultId: result.resultId, items: result.diagnostics });
      else continue;
      this.reported.set(uri, result.resultId);
    }
    // Files that had findings and left the index or the scope: cleared.
    for (const uri of new Set([...known.keys(), ...this.reported.keys()])) {
      if (seen.has(uri)) continue;
      items.push({ kind: 'full', uri, version: null, items: [] as Diagnostic[] });
      this.reported.delete(uri);
    }
    return items;
  }

  private nextUpdate(token: CancellationToken, deadline: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        update.dispose();
        cancel.dispose();
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, deadline - Date.now()));
      const update = this.diagnostics.onDidUpdate(done);
      const cancel = token.onCancellationRequested(done);
    });
  }

  private scheduleRefresh(): void {
    if (!this.active() || !this.session.clientCapabilities.workspace?.diagnostics?.refreshSupport) return;
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      if (this.clientIsBehind()) {
        this.session.connection.sendRequest(DiagnosticRefreshRequest.type).catch((e) => this.session.log.warn(`workspace/diagnostic/refresh failed: ${(e as Error).message}`));
      }
    }, REFRESH_DELAY_MS);
  }

  /** Whether the client shows an older result than the current one for some file. */
  private clientIsBehind(): boolean {
    const seen = new Set<string>();
    for (const uri of this.diagnostics.candidates()) {
      seen.add(uri);
      const result = this.diagnostics.results.peek(uri);
      const told = this.reported.get(uri);
      if (result ? told !== result.resultId && (told !== undefined || result.diagnostics.length > 0) : told !== undefined) return true;
    }
    for (const uri of this.reported.keys()) if (!seen.has(uri)) return true;
    return false;
  }
}

/** Resolves when the promise does, or when the request is cancelled. */
function untilCancelled(promise: Promise<void>, token: CancellationToken): Promise<void> {
  if (token.isCancellationRequested) return Promise.resolve();
  return new Promise((resolve) => {
    const cancel = token.onCancellationRequested(() => {
      cancel.dispose();
      resolve();
    });
    void promise.then(() => {
      cancel.dispose();
      resolve();
    });
  });
}
