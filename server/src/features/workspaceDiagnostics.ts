// The diagnostics of the whole workspace, whichever way they reach the
// client: each file's result cached until a change can affect it
// (diagnosticsDependencies.ts), recomputed after index changes in a
// debounced pass that yields to the event loop every few milliseconds (between
// two workspace checks of a file, too: a large file is no single block), and
// announced to the delivery (push or pull) as the set of files whose result
// changed. `netpol.diagnostics.scope` decides which files count.
import { Emitter, Event } from '../lsp/protocol';
import { drain } from '../core/checks';
import { yieldToEventLoop } from '../lsp/yieldToEventLoop';
import { Debouncer } from '../lsp/debouncer';
import type { Session } from '../lsp/session';
import { markPhase, timingStats } from '../lsp/timingStats';
import { toDiagnostics } from '../lsp/toDiagnostic';
import { folderPath, relativeToFolders, wantsFile } from '../lsp/workspaceFiles';
import type { IndexChange, WorkspaceIndexer } from '../lsp/workspaceIndexer';
import { DiagnosticsDependencies } from './diagnosticsDependencies';
import { ExtraFindings, findingsSteps } from './diagnosticsFindings';
import { ComputedDiagnostics, DiagnosticsResults, FileResult } from './diagnosticsResults';

/** Other files are re-checked this long after the last index change. */
export const RECHECK_DELAY_MS = 150;
/**
 * Work per slice of a re-check pass before yielding to the event loop. A
 * request waits for about two slices (plus one step): vscode-jsonrpc handles
 * it in one turn of the loop and writes the answer in the next, and the pass
 * runs a slice in each.
 */
const SLICE_MS = 10;
/** How often one file's re-check starts again in a pass when edits keep invalidating it. */
const MAX_RESTARTS = 2;

/** A stretch of work between yields to the event loop. */
class Slice {
  private started = Date.now();
  private cpuAtStart = process.cpuUsage();

  constructor(private readonly budgetMs: number) {}

  over(): boolean {
    return Date.now() - this.started >= this.budgetMs;
  }

  /** Lets the event loop answer what waits (requests, index changes), then starts a new slice. */
  async yield(): Promise<void> {
    this.record();
    await yieldToEventLoop();
    this.started = Date.now();
    this.cpuAtStart = process.cpuUsage();
  }

  /** For netpol/internal/stats: the longest slice so far, in wall time and in CPU time (a loaded machine stretches the first, not the second). */
  record(): void {
    const d = timingStats.diagnostics;
    d.longestSliceMs = Math.max(d.longestSliceMs, Date.now() - this.started);
    const cpu = process.cpuUsage(this.cpuAtStart);
    d.longestSliceCpuMs = Math.max(d.longestSliceCpuMs, Math.round((cpu.user + cpu.system) / 1000));
  }

  /** Yields if the slice is used up. */
  async check(): Promise<void> {
    if (this.over()) await this.yield();
  }
}

export interface DiagnosticsUpdate {
  /** Files re-checked (their result id may be the same as before), or that left the scope or the index. */
  changed: Set<string>;
}

export class WorkspaceDiagnostics {
  readonly results: DiagnosticsResults;
  private indexer: WorkspaceIndexer | undefined;
  private readonly dependencies = new DiagnosticsDependencies();
  private readonly debouncer = new Debouncer();
  private pass: Promise<void> | undefined;
  private passAgain = false;
  private firstRunEnded!: () => void;
  /** Resolves when the first indexing run has ended (done, or cancelled by the user). */
  readonly firstIndexing: Promise<void> = new Promise((resolve) => (this.firstRunEnded = resolve));
  private readonly updated = new Emitter<DiagnosticsUpdate>();
  /** After a re-check pass, with the files whose results changed. */
  readonly onDidUpdate: Event<DiagnosticsUpdate> = this.updated.event;
  /** `uri|reason` already logged as skipped, to log it once. */
  private readonly skipLogged = new Set<string>();

  constructor(private readonly session: Session) {
    this.results = new DiagnosticsResults(
      (uri) => this.compute(uri),
      () => this.indexer?.current(),
    );
  }

  /** Other analyses' findings, added to every file's (see ExtraFindings). */
  readonly extra: ExtraFindings[] = [];

  /** Something that is not a file changed (the project config, the cluster model): re-check everything. */
  refreshAll(): void {
    this.everythingChanged();
  }

  /** Called once by the workspace index feature. */
  attach(indexer: WorkspaceIndexer): void {
    this.indexer = indexer;
    indexer.onDidChange((change) => this.session.guardVoid('diagnostics: index change', () => this.indexChanged(change))());
    this.session.onDidChangeSettings(() => this.everythingChanged());
    this.session.documents.onDidClose(
      this.session.guardVoid('diagnostics: close', (e) => {
        const uri = e.document.uri;
        this.skipLogged.forEach((k) => k.startsWith(`${uri}|`) && this.skipLogged.delete(k));
        // Back to its disk copy, out of the index, or out of the scope.
        this.touch(uri);
      }),
    );
  }

  get scope(): 'workspace' | 'openFiles' {
    return this.session.settings.diagnostics?.scope ?? 'workspace';
  }

  /** Whether the file's diagnostics are shown at all (open, or indexed with scope `workspace`). */
  inScope(uri: string): boolean {
    if (this.isOpen(uri)) return true;
    return this.scope === 'workspace' && this.indexer?.index.getFile(uri) !== undefined;
  }

  isOpen(uri: string): boolean {
    const doc = this.session.documents.get(uri);
    return doc !== undefined && this.session.isAnalysed(doc);
  }

  /** Whether a closed document goes back to a disk copy in the index (else it leaves the index). */
  willStayIndexed(uri: string): boolean {
    const folders = this.session.workspaceFolders.map((f) => folderPath(f.uri)).filter((p): p is string => p !== undefined);
    const rel = relativeToFolders(uri, folders);
    return rel !== undefined && wantsFile(rel, this.session.settings.exclude);
  }

  /** The files whose diagnostics are shown. */
  candidates(): string[] {
    const open = this.session.openAnalysedDocuments().map((d) => d.uri);
    if (this.scope === 'openFiles' || !this.indexer) return open;
    return [...new Set([...this.indexer.current().uris(), ...open])];
  }

  /** The current result of a file in scope (computed if needed); undefined when it shows nothing. */
  get(uri: string): FileResult | undefined {
    return this.inScope(uri) ? this.results.get(uri) : undefined;
  }

  /** Marks a file to re-check (its document opened or closed) and schedules a pass. */
  touch(uri: string): void {
    this.results.invalidate([uri]);
    this.schedule();
  }

  /** Re-checks every invalidated file in scope now (yielding in between); resolves when done. */
  async settle(): Promise<void> {
    while (this.pass) await this.pass;
    this.debouncer.cancel('pass');
    this.pass = this.runPass().finally(() => (this.pass = undefined));
    this.notePending();
    await this.pass;
    if (this.passAgain) {
      this.passAgain = false;
      this.schedule();
    }
    this.notePending();
  }

  /**
   * Re-checks the given files that are dirty and in scope, in slices like the
   * pass (for a request that needs several: related documents); a file
   * invalidated again meanwhile may stay dirty.
   */
  async refresh(uris: readonly string[]): Promise<void> {
    await this.session.ready;
    const slice = new Slice(SLICE_MS);
    for (const uri of uris) {
      if (this.inScope(uri) && this.results.isDirty(uri)) await this.recheck(uri, slice);
      await slice.check();
    }
    slice.record();
  }

  dispose(): void {
    this.debouncer.dispose();
  }

  private compute(uri: string): ComputedDiagnostics | undefined {
    return drain(this.computeSteps(uri));
  }

  /** A file's diagnostics, one workspace check per step (the pass may yield to the event loop before each). */
  private *computeSteps(uri: string): Generator<string, ComputedDiagnostics | undefined, void> {
    const indexer = this.indexer;
    if (!indexer || !this.inScope(uri)) return undefined;
    const index = indexer.current();
    const workspaceChecks = indexer.hasIndexed && indexer.isInWorkspace(uri);
    // Each step is one block: a long one is named in netpol/internal/stats.
    markPhase(`diagnostics: ${uri}`);
    const steps = findingsSteps(index, uri, { rules: this.session.settings.rules, workspaceChecks, extra: this.extra });
    let step = steps.next();
    while (!step.done) {
      yield step.value;
      markPhase(`diagnostics: ${step.value} ${uri}`);
      step = steps.next();
    }
    const result = step.value;
    if (!result) return undefined;
    // Thousands of findings in a large file: their positions are a step of their own.
    yield 'positions';
    markPhase(`diagnostics: positions ${uri}`);
    if (this.isOpen(uri)) this.logSkipped(uri, result.file.analysis.parsed.skipped);
    const linesOf = (other: string) => index.getFile(other)?.analysis.parsed.lines;
    return { diagnostics: toDiagnostics(result.findings, result.file.analysis.parsed.lines, linesOf), dependsOnOthers: result.fromWorkspaceChecks, text: result.file.text };
  }

  private indexChanged(change: IndexChange): void {
    if (change.origin === 'indexing') {
      // The end of a run (complete, or cancelled by the user): what is known now.
      queueMicrotask(() => this.firstRunEnded());
    }
    const index = this.indexer!.index;
    const affected = this.dependencies.changed(index, change.uris);
    if (affected === 'all') this.results.invalidateAll();
    else {
      this.results.invalidate(affected);
      // "did you mean app=x (Deployment y in namespace z)" may name any workload.
      this.results.invalidateWordedByOthers();
    }
    this.schedule();
  }

  private everythingChanged(): void {
    this.results.invalidateAll();
    this.schedule();
  }

  private schedule(): void {
    if (this.pass) {
      this.passAgain = true;
      return;
    }
    this.debouncer.schedule('pass', RECHECK_DELAY_MS, () => void this.settle().catch((e) => this.session.log.error('re-checking diagnostics failed', e)));
    this.notePending();
  }

  /** For netpol/internal/stats: whether a pass runs or waits (the responsiveness test probes until it is over). */
  private notePending(): void {
    timingStats.diagnostics.pending = this.pass !== undefined || this.debouncer.isPending('pass');
  }

  private async runPass(): Promise<void> {
    await this.session.ready;
    const changed = new Set<string>();
    const slice = new Slice(SLICE_MS);
    const candidates = this.candidates();
    for (const uri of candidates) {
      if (this.results.isDirty(uri) && (await this.recheck(uri, slice))) changed.add(uri);
      await slice.check();
    }
    markPhase('diagnostics: end of pass');
    // Files that left the index or the scope.
    const inScope = new Set(this.candidates());
    for (const uri of [...this.results.uris()]) {
      if (inScope.has(uri)) continue;
      this.results.drop(uri);
      changed.add(uri);
    }
    slice.record();
    timingStats.diagnostics.passes++;
    markPhase(`diagnostics: announcing ${changed.size} files`);
    if (changed.size > 0) this.updated.fire({ changed });
  }

  /**
   * Re-checks a file in steps, yielding when the slice is used up. An
   * invalidation of the file meanwhile (an edit it depends on, settings)
   * starts it again on the current index, at most MAX_RESTARTS times; after
   * that it stays dirty for the next pass (which that change scheduled), so
   * typing without pause cannot hold the pass on one large file. Whether a
   * result was kept.
   */
  private async recheck(uri: string, slice: Slice): Promise<boolean> {
    for (let attempt = 0; attempt <= MAX_RESTARTS; attempt++) {
      const stamp = this.results.begin();
      const steps = this.computeSteps(uri);
      let step = steps.next();
      let stale = false;
      while (!step.done) {
        if (slice.over()) {
          await slice.yield();
          // Someone read it meanwhile (a pull, a hover on its diagnostics): computed on the current index.
          if (!this.results.isDirty(uri)) return true;
          // Edits waiting to be applied are applied now, and invalidate what they affect.
          this.indexer?.current();
          if (this.results.invalidatedSince(uri, stamp)) {
            stale = true;
            break;
          }
        }
        step = steps.next();
      }
      if (!stale && step.done && this.results.store(uri, stamp, step.value)) return true;
    }
    return false;
  }

  private logSkipped(uri: string, skipped: { reason: string; note: string } | undefined): void {
    if (!skipped) return;
    const key = `${uri}|${skipped.reason}`;
    if (this.skipLogged.has(key)) return;
    this.skipLogged.add(key);
    this.session.log.info(`${uri}: ${skipped.note}`);
  }
}
