// Diagnostics for every open YAML document, published after each change:
// the first analysis of a document runs at once, later ones are debounced
// per document, and a result is published only if its document version is
// still the current one (a newer version supersedes older work).
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { Debouncer } from '../lsp/debouncer';
import type { Feature } from '../lsp/feature';
import type { Session } from '../lsp/session';
import { toDiagnostics } from '../lsp/toDiagnostic';
import { collectFindings, FindingSource } from './diagnosticsFindings';

export const DEBOUNCE_MS = 150;

export class DiagnosticsFeature implements Feature {
  readonly name = 'diagnostics';
  private session!: Session;
  private readonly debouncer = new Debouncer();
  private readonly sources: FindingSource[] = [];
  /** Bumped for every run and on close: a run publishes only if it is still the latest. */
  private readonly generation = new Map<string, number>();
  /** URIs that have diagnostics on the client (to clear them on close). */
  private readonly published = new Set<string>();
  /** `uri|reason` already logged as skipped, to log it once. */
  private readonly skipLogged = new Set<string>();

  constructor(private readonly debounceMs = DEBOUNCE_MS) {}

  register(session: Session): void {
    this.session = session;
    const { documents } = session;
    documents.onDidChangeContent(session.guardVoid('diagnostics: change', (e) => this.schedule(e.document)));
    documents.onDidClose(session.guardVoid('diagnostics: close', (e) => this.clear(e.document.uri)));
    session.onDidChangeSettings(() => this.refreshAll());
  }

  /** Adds findings from another analysis (issue #3: the workspace index). */
  addSource(source: FindingSource): void {
    this.sources.push(source);
  }

  /** Re-analyses every open YAML document, e.g. after the workspace changed. */
  refreshAll(): void {
    for (const doc of this.session.openYamlDocuments()) this.schedule(doc);
  }

  refresh(uri: string): void {
    const doc = this.session.documents.get(uri);
    if (doc) this.schedule(doc);
  }

  dispose(): void {
    this.debouncer.dispose();
  }

  private schedule(doc: TextDocument): void {
    if (!this.session.isYaml(doc)) return;
    const uri = doc.uri;
    // Supersede any run in flight right away, even before the timer fires.
    this.bump(uri);
    const delay = this.published.has(uri) ? this.debounceMs : 0;
    this.debouncer.schedule(uri, delay, () => void this.run(uri));
  }

  private async run(uri: string): Promise<void> {
    await this.session.ready;
    const doc = this.session.documents.get(uri);
    if (!doc) return;
    const token = this.bump(uri);
    const version = doc.version;
    try {
      // A large document is analysed off the main thread: the connection is served meanwhile.
      const analysis = await this.session.analyzeAsync(doc);
      if (!this.isCurrent(uri, token, version)) return;
      this.logSkipped(uri, analysis.parsed.skipped);
      const findings = await collectFindings(doc, analysis, this.sources, this.session.settings);
      if (!this.isCurrent(uri, token, version)) return;
      const diagnostics = toDiagnostics(findings, analysis.parsed.lines);
      this.published.add(uri);
      await this.session.connection.sendDiagnostics({ uri, version, diagnostics });
    } catch (e) {
      this.session.log.error(`diagnostics for ${uri} failed`, e);
    }
  }

  private clear(uri: string): void {
    this.debouncer.cancel(uri);
    this.bump(uri);
    this.skipLogged.forEach((k) => k.startsWith(`${uri}|`) && this.skipLogged.delete(k));
    if (this.published.delete(uri)) void this.session.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  private bump(uri: string): number {
    const next = (this.generation.get(uri) ?? 0) + 1;
    this.generation.set(uri, next);
    return next;
  }

  private isCurrent(uri: string, token: number, version: number): boolean {
    return this.generation.get(uri) === token && this.session.documents.get(uri)?.version === version;
  }

  private logSkipped(uri: string, skipped: { reason: string; note: string } | undefined): void {
    if (!skipped) return;
    const key = `${uri}|${skipped.reason}`;
    if (this.skipLogged.has(key)) return;
    this.skipLogged.add(key);
    this.session.log.info(`${uri}: ${skipped.note}`);
  }
}
