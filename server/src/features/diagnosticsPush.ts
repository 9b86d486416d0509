// Push delivery (textDocument/publishDiagnostics), for clients without pull
// diagnostics (Neovim 0.7, Helix...). An open document is published after
// each change: the first time at once, later debounced, always with the
// version it was computed from (a newer version supersedes older work).
// Closed files are published without a version after the re-check passes,
// only when their diagnostics changed; a file whose findings went away, or
// that left the scope, is cleared once. What a pass announced is sent file
// by file between turns of the event loop (publishQueue.ts).
import type { Diagnostic } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { Debouncer } from '../lsp/debouncer';
import type { Session } from '../lsp/session';
import { markPhase } from '../lsp/timingStats';
import { PublishQueue } from './publishQueue';
import type { DiagnosticsUpdate, WorkspaceDiagnostics } from './workspaceDiagnostics';

interface Published {
  resultId: string | undefined;
  version: number | undefined;
  empty: boolean;
}

export class PushDiagnostics {
  private readonly debouncer = new Debouncer();
  /** What the client shows, per uri. */
  private readonly published = new Map<string, Published>();
  /** Bumped for every run and on close: a run publishes only if it is still the latest. */
  private readonly generation = new Map<string, number>();
  private readonly queue = new PublishQueue((uri) => this.publishQueued(uri));

  constructor(
    private readonly session: Session,
    private readonly diagnostics: WorkspaceDiagnostics,
    private readonly debounceMs: number,
    private readonly active: () => boolean,
  ) {}

  register(): void {
    const { documents } = this.session;
    documents.onDidChangeContent(this.session.guardVoid('diagnostics: change', (e) => this.schedule(e.document)));
    documents.onDidClose(this.session.guardVoid('diagnostics: close', (e) => this.closed(e.document.uri)));
    this.diagnostics.onDidUpdate((update) => this.session.guardVoid('diagnostics: publish', () => this.publishUpdate(update))());
  }

  dispose(): void {
    this.debouncer.dispose();
    this.queue.clear();
  }

  private schedule(doc: TextDocument): void {
    if (!this.active() || !this.session.isAnalysed(doc)) return;
    const uri = doc.uri;
    // Supersede any run in flight right away, even before the timer fires.
    this.bump(uri);
    const delay = this.published.get(uri)?.version !== undefined ? this.debounceMs : 0;
    this.debouncer.schedule(uri, delay, () => void this.run(uri));
  }

  private async run(uri: string): Promise<void> {
    await this.session.ready;
    const token = this.bump(uri);
    if (!this.session.documents.get(uri)) return;
    try {
      this.diagnostics.results.invalidate([uri]);
      this.publish(uri, true, token);
    } catch (e) {
      this.session.log.error(`diagnostics for ${uri} failed`, e);
    }
  }

  /**
   * An open document always gets its current version published (a client
   * waits for it); a closed file only when its list changed, or when the
   * client still shows the open document's version.
   */
  private publish(uri: string, force: boolean, token?: number): Promise<void> | undefined {
    const doc = this.session.documents.get(uri);
    const open = doc !== undefined && this.session.isAnalysed(doc);
    const result = this.diagnostics.get(uri);
    if (token !== undefined && this.generation.get(uri) !== token) return;
    // A large open document still being analysed: publish when its analysis lands (the index change re-runs this).
    if (open && result && result.text !== undefined && result.text !== doc.getText()) return;
    const version = open ? doc.version : undefined;
    const before = this.published.get(uri);
    if (!result) {
      const sent = before && (!before.empty || before.version !== undefined) ? this.send(uri, undefined, [], undefined) : undefined;
      this.published.delete(uri);
      return sent;
    }
    const same = before !== undefined && before.resultId === result.resultId && before.version === version;
    if (same && !force) return;
    // Nothing to say about a closed file the client shows nothing for.
    if (!open && !before && result.diagnostics.length === 0) return;
    return this.send(uri, result.resultId, result.diagnostics, version);
  }

  /** Resolves once written (vscode-jsonrpc writes one message per turn of the event loop). */
  private send(uri: string, resultId: string | undefined, diagnostics: Diagnostic[], version: number | undefined): Promise<void> {
    this.published.set(uri, { resultId, version, empty: diagnostics.length === 0 });
    return this.session.connection.sendDiagnostics(version === undefined ? { uri, diagnostics } : { uri, version, diagnostics });
  }

  private publishUpdate(update: DiagnosticsUpdate): void {
    if (!this.active()) return;
    // An open document's own run publishes its edits; here, what other files changed in it.
    this.queue.add(update.changed);
  }

  /**
   * A file's turn in the queue: its current result, unless it was
   * invalidated since the pass (computing it here would be one block, and the
   * pass that invalidation scheduled announces it again).
   */
  private publishQueued(uri: string): Promise<void> | undefined {
    try {
      if (!this.active()) return undefined;
      if (this.diagnostics.inScope(uri) && this.diagnostics.results.isDirty(uri)) return undefined;
      // An open document whose own run is due publishes its version then: sent here too, the client would get that version twice.
      if (this.debouncer.isPending(uri)) return undefined;
      // The writer serialises the message in a later turn: a block there is named after this file.
      markPhase(`diagnostics: publishing ${uri}`);
      return this.publish(uri, false)?.catch((e) => this.session.log.warn(`publishing diagnostics for ${uri} failed: ${(e as Error).message}`));
    } catch (e) {
      this.session.log.error(`diagnostics for ${uri} failed`, e);
      return undefined;
    }
  }

  private closed(uri: string): void {
    if (!this.active()) return;
    this.debouncer.cancel(uri);
    this.queue.remove(uri);
    this.bump(uri);
    if (this.diagnostics.scope === 'workspace' && this.diagnostics.willStayIndexed(uri)) {
      // Back to its disk copy: published without a version after the re-check.
      this.diagnostics.touch(uri);
      return;
    }
    if (this.published.delete(uri)) void this.session.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  private bump(uri: string): number {
    const next = (this.generation.get(uri) ?? 0) + 1;
    this.generation.set(uri, next);
    return next;
  }
}
