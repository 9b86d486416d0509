// Keeps the workspace index in step with the disk and the editor:
// - at start (and after a folder or settings change) it walks every workspace
//   folder and indexes the files in slices of SLICE_MS, yielding to the event
//   loop in between, so requests are answered while it runs; a newer run
//   cancels the older one, and so does the user through the progress UI;
// - large files are analysed in a worker thread (lsp/analysisPool.ts), and so
//   are small ones whose inline analysis would not fit in a slice (the first
//   files of a fresh process, parsed while V8 compiles the parser): a slice
//   cannot be shorter than one file; results are installed without parsing
//   them again; an unchanged file is not parsed again at all, and the open
//   documents share the index's analysis;
// - open documents override their disk copy (applied lazily: `current()`
//   flushes edited documents, so a burst of keystrokes costs one analysis);
// - watched-file events update files that are not open.
import { performance } from 'perf_hooks';
import { Emitter, Event, FileChangeType, FileEvent } from './protocol';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeText, AnalyzeOptions } from '../core/analyze';
import { yieldToEventLoop } from './yieldToEventLoop';
import { analysisStats } from './analysisStats';
import { markPhase, timingStats } from './timingStats';
import { failedAnalysis } from './documents';
import { isKustomizationPath } from '../core/index/paths';
import { WorkspaceIndex } from '../core/index/workspaceIndex';
import { compileExcludes } from '../core/index/excludeGlobs';
import { notAnalysedNotes } from '../core/apiVersionFindings';
import type { Session } from './session';
import type { NetpolSettings } from './settings';
import { DiskFile, folderPath, listIndexedFiles, readIndexedFile, ReadResult, relativeToFolders, wantsFile } from './workspaceFiles';
import { IndexingProgress } from './workspaceProgress';
import { normalizeUri, UriKeys } from './uri';

/** Work per slice before yielding to the event loop. */
export const SLICE_MS = 20;
/** Files read concurrently. */
const READ_BATCH = 16;
/** Files in the worker not yet installed, before the walk waits for the oldest (reads go on meanwhile). */
const MAX_IN_WORKER = 4 * READ_BATCH;
/** Edited open documents are applied to the index this long after the last keystroke (or on demand). */
const FLUSH_DELAY_MS = 100;

export type IndexChangeOrigin = 'editor' | 'disk' | 'indexing';

export interface IndexChange {
  origin: IndexChangeOrigin;
  /** Files set or removed. */
  uris: string[];
}

interface Run {
  cancelled: boolean;
}

/** The settings whose change requires reading every file again. */
function indexingKey(s: NetpolSettings): string {
  return JSON.stringify([s.exclude, s.maxFileSizeKb, s.strictCidr]);
}

export class WorkspaceIndexer {
  readonly index: WorkspaceIndex;
  private run: Run | undefined;
  private runPromise: Promise<void> = Promise.resolve();
  private completed = false;
  private started = false;
  private indexedKey = '';
  /** Open documents edited since they were last applied to the index. */
  private readonly dirty = new Set<string>();
  private flushTimer: NodeJS.Timeout | undefined;
  /** The one key per file in the index, whatever spelling of its uri comes in. */
  private readonly keys = new UriKeys();
  /** Open documents by the normal form of their uri. */
  private readonly openByNormal = new Map<string, string>();
  /** `uri|note` already logged by logNotes. */
  private readonly noted = new Set<string>();
  /** Bumped per file (normal uri) by editor and disk events, so a run never overwrites a newer state with an older read. */
  private readonly touched = new Map<string, number>();
  private touchCounter = 0;
  /** Watched-file events are applied in order, one batch after the other. */
  private eventQueue: Promise<void> = Promise.resolve();
  /** Open documents whose analysis runs in the worker: applied when it lands. */
  private readonly waiting = new Set<string>();
  /** `uri` -> the size last logged as over the limit: said once, not on every event. */
  private readonly tooLargeLogged = new Map<string, number>();
  private readonly changedEmitter = new Emitter<IndexChange>();
  /** Fires after files were set or removed (during a run: once, at its end). */
  readonly onDidChange: Event<IndexChange> = this.changedEmitter.event;
  private readonly finishedEmitter = new Emitter<void>();
  /** Fires when an indexing run completes. */
  readonly onDidFinishIndexing: Event<void> = this.finishedEmitter.event;

  constructor(private readonly session: Session) {
    this.index = new WorkspaceIndex({
      defaultNamespace: session.settings.defaultNamespace,
      analyze: (text: string, options: AnalyzeOptions) => {
        analysisStats.trees++;
        return analyzeText(text, options);
      },
    });
    // An open document the index holds unchanged is not parsed again.
    session.shareAnalyses((uri, text, options) => (this.index.hasFile(uri, text, options) ? this.index.getFile(uri)!.analysis : undefined));
  }

  /** Whether a first indexing run has completed: until then, workspace checks would report half a workspace. */
  get hasIndexed(): boolean {
    return this.completed;
  }

  get isIndexing(): boolean {
    return this.run !== undefined;
  }

  /** Resolves when the run in progress (if any) has ended. */
  whenIdle(): Promise<void> {
    return this.runPromise;
  }

  /** The index, with every edited open document applied. */
  current(): WorkspaceIndex {
    this.flush();
    return this.index;
  }

  /** Whether the file lies inside a workspace folder (the workspace checks run there only). */
  isInWorkspace(uri: string): boolean {
    return relativeToFolders(uri, this.folderPaths()) !== undefined;
  }

  // ---- lifecycle ------------------------------------------------------

  /** After `initialized`: the first run. */
  start(): Promise<void> {
    this.started = true;
    // The analysis worker starts with the first large file: most workspaces have none.
    return this.reindex('start');
  }

  /** Settings changed: re-read everything when file selection or analysis options changed. */
  settingsChanged(settings: NetpolSettings): void {
    if (!this.started) return;
    if (settings.defaultNamespace !== this.index.defaultNamespace) {
      this.index.setDefaultNamespace(settings.defaultNamespace);
      this.changedEmitter.fire({ origin: 'indexing', uris: [] });
    }
    if (indexingKey(settings) !== this.indexedKey) void this.reindex('settings changed');
  }

  foldersChanged(): void {
    if (this.started) void this.reindex('workspace folders changed');
  }

  /** Cancels the run in progress and starts a new one. */
  reindex(reason: string): Promise<void> {
    this.cancelRun();
    const run: Run = { cancelled: false };
    this.run = run;
    const previous = this.runPromise;
    this.runPromise = previous
      .catch(() => undefined)
      .then(() => this.runIndexing(run, reason))
      .catch((e) => this.session.log.error('indexing the workspace failed', e))
      .finally(() => {
        if (this.run === run) this.run = undefined;
      });
    return this.runPromise;
  }

  dispose(): void {
    this.cancelRun();
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.session.pool.dispose();
  }

  private cancelRun(): void {
    if (this.run) this.run.cancelled = true;
    this.run = undefined;
  }

  // ---- editor ---------------------------------------------------------

  documentChanged(doc: TextDocument): void {
    if (!this.session.isAnalysed(doc)) return;
    this.openByNormal.set(normalizeUri(doc.uri), doc.uri);
    this.dirty.add(doc.uri);
    this.touch(doc.uri);
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = setTimeout(() => {
      this.flushTimer = undefined;
      this.flush();
    }, FLUSH_DELAY_MS);
  }

  /** A closed document goes back to its disk copy, or out of the index when it has none. */
  async documentClosed(uri: string): Promise<void> {
    this.dirty.delete(uri);
    if (this.openByNormal.get(normalizeUri(uri)) === uri) this.openByNormal.delete(normalizeUri(uri));
    const stamp = this.touch(uri);
    const rel = relativeToFolders(uri, this.folderPaths());
    const file = rel !== undefined && wantsFile(rel, this.session.settings.exclude) ? folderPath(uri) : undefined;
    const read: ReadResult = file ? await readIndexedFile(file, this.session.settings.maxFileSizeKb) : { kind: 'gone' };
    // Reopened, or changed on disk meanwhile: that newer state wins.
    const isCurrent = () => !this.session.documents.get(uri) && this.stampOf(uri) === stamp;
    if (!isCurrent()) return;
    if (await this.apply(uri, read, isCurrent)) this.changedEmitter.fire({ origin: 'disk', uris: [uri] });
  }

  /** Applies edited open documents now. */
  flush(): void {
    if (this.dirty.size === 0) return;
    const uris = [...this.dirty];
    this.dirty.clear();
    const applied: string[] = [];
    for (const uri of uris) {
      const doc = this.session.documents.get(uri);
      if (doc && this.setOpen(doc)) applied.push(uri);
    }
    if (applied.length > 0) this.changedEmitter.fire({ origin: 'editor', uris: applied });
  }

  /**
   * Applies an open document with the session's analysis of its text (one
   * parse for both). A large one still being analysed off the main thread
   * keeps its previous state in the index until the analysis lands (returns
   * false): requests meanwhile get answers from that state.
   */
  private setOpen(doc: TextDocument): boolean {
    const text = doc.getText();
    const options = this.session.analysisOptions(doc.uri);
    let analysis = this.session.analyzed(doc);
    if (!analysis) {
      if (this.session.pool.wantsWorker(text, options)) {
        this.applyWhenAnalysed(doc);
        return false;
      }
      analysis = this.session.analyze(doc);
    }
    this.setFileAnalysed(doc.uri, text, options, analysis, true);
    return true;
  }

  private applyWhenAnalysed(doc: TextDocument): void {
    const key = `${doc.uri}@${doc.version}`;
    if (this.waiting.has(key)) return;
    this.waiting.add(key);
    void this.session
      .analyzeAsync(doc)
      .then(() => {
        if (this.session.documents.get(doc.uri)?.version !== doc.version) return;
        this.dirty.add(doc.uri);
        this.flush();
      })
      .catch((e) => this.session.log.error(`analysing ${doc.uri} failed`, e))
      .finally(() => this.waiting.delete(key));
  }

  // ---- disk -----------------------------------------------------------

  filesChanged(events: FileEvent[]): Promise<void> {
    const next = this.eventQueue.then(() => this.applyEvents(events));
    this.eventQueue = next.catch((e) => this.session.log.error('applying file changes failed', e));
    return this.eventQueue;
  }

  private async applyEvents(events: FileEvent[]): Promise<void> {
    const changed: string[] = [];
    const { exclude, maxFileSizeKb } = this.session.settings;
    const folders = this.folderPaths();
    for (const e of events) {
      // The open document is what the user sees; its disk copy returns on close.
      if (this.openDocument(e.uri)) continue;
      const stamp = this.touch(e.uri);
      if (e.type === FileChangeType.Deleted) {
        // A deleted folder comes as one event for the folder.
        const gone = normalizeUri(e.uri);
        for (const uri of this.index.uris()) {
          const normal = normalizeUri(uri);
          if ((normal === gone || normal.startsWith(`${gone}/`)) && !this.openDocument(uri)) {
            this.removeFile(uri);
            changed.push(uri);
          }
        }
        continue;
      }
      const rel = relativeToFolders(e.uri, folders);
      if (rel === undefined || !wantsFile(rel, exclude)) continue;
      const read = await readIndexedFile(folderPath(e.uri)!, maxFileSizeKb);
      const isCurrent = () => !this.openDocument(e.uri) && this.stampOf(e.uri) === stamp;
      const key = this.keyFor(e.uri);
      if (isCurrent() && (await this.apply(key, read, isCurrent))) changed.push(key);
    }
    if (changed.length > 0) this.changedEmitter.fire({ origin: 'disk', uris: changed });
  }

  /**
   * Puts what was read into the index: analysed (in the worker when large),
   * unless `isCurrent` says a newer state arrived meanwhile. An unchanged
   * text is not analysed again. Returns whether the index changed.
   */
  private async apply(uri: string, read: ReadResult, isCurrent: () => boolean): Promise<boolean> {
    if (read.kind !== 'tooLarge') this.tooLargeLogged.delete(uri);
    if (read.kind !== 'text') {
      if (read.kind === 'tooLarge') this.logTooLarge(uri, read.bytes);
      const had = this.index.getFile(this.keys.get(uri) ?? uri) !== undefined;
      this.removeFile(uri);
      return had;
    }
    const options = this.session.analysisOptions(uri);
    if (this.index.hasFile(uri, read.text, options)) return false;
    markPhase(`indexing ${uri}`);
    const result = await this.session.pool.analyze(read.text, options, () => !isCurrent(), this.index.compactorFor(uri, read.text, options), false, this.inBackground(uri));
    if (!isCurrent() || result.kind === 'cancelled') return false;
    let analysis = result.kind === 'analysis' ? result.analysis : failedAnalysis(read.text, result.reason);
    if (result.kind === 'failed') this.session.log.warn(`${uri}: ${analysis.parsed.skipped!.note}`);
    // The worker leaves no tree to read a kustomization's namespace from; these files are small.
    if (result.kind === 'analysis' && analysis.parsed.documents.length === 0 && isKustomizationPath(uri)) {
      analysisStats.inline++;
      analysis = analyzeText(read.text, options);
    }
    markPhase(`indexing: setting ${uri}`);
    this.setFileAnalysed(uri, read.text, options, analysis);
    markPhase(`indexing: set ${uri}`);
    return true;
  }

  /** Disk files are analysed in the background, kustomizations excepted (their namespace is read from the tree, which the worker does not send). */
  private inBackground(uri: string): boolean {
    return !isKustomizationPath(uri);
  }

  /** Other products' NetworkPolicies (Calico's...) are left out: said once per file and version. */
  private logNotes(uri: string): void {
    for (const note of notAnalysedNotes(this.index.getFile(uri)?.analysis.objects ?? [])) {
      if (this.noted.has(`${uri}|${note}`)) continue;
      this.noted.add(`${uri}|${note}`);
      this.session.log.info(`${uri}: ${note}`);
    }
  }

  // ---- uris: every spelling of a file meets at one key ----------------

  /** Sets the file under `key`, dropping any entry under another spelling of it. */
  private setFileAnalysed(key: string, text: string, options: AnalyzeOptions, analysis: Parameters<WorkspaceIndex['setFileAnalysed']>[3], open?: boolean): void {
    const former = this.keys.set(key);
    if (former !== undefined) this.index.removeFile(former);
    this.index.setFileAnalysed(key, text, options, analysis, open);
    this.logNotes(key);
  }

  private removeFile(uri: string): void {
    this.index.removeFile(this.keys.get(uri) ?? uri);
    this.keys.delete(uri);
  }

  /** The key for a file named by the disk or a watcher: the open document's spelling, the one in the index, or this one. */
  private keyFor(uri: string): string {
    return this.openDocument(uri)?.uri ?? this.keys.get(uri) ?? uri;
  }

  /** The open document of a file, whichever spelling of its uri. */
  private openDocument(uri: string): TextDocument | undefined {
    const doc = this.session.documents.get(uri);
    if (doc) return doc;
    const open = this.openByNormal.get(normalizeUri(uri));
    return open === undefined ? undefined : this.session.documents.get(open);
  }

  /** Once per file and size: watched-file events and runs repeat it otherwise. */
  private logTooLarge(uri: string, bytes: number): void {
    if (this.tooLargeLogged.get(uri) === bytes) return;
    this.tooLargeLogged.set(uri, bytes);
    this.session.log.info(`${uri}: skipped: ${Math.ceil(bytes / 1024)} KiB is over netpol.maxFileSizeKb (${this.session.settings.maxFileSizeKb})`);
  }

  private touch(uri: string): number {
    const stamp = ++this.touchCounter;
    this.touched.set(normalizeUri(uri), stamp);
    return stamp;
  }

  private stampOf(uri: string): number | undefined {
    return this.touched.get(normalizeUri(uri));
  }

  private folderPaths(): string[] {
    return this.session.workspaceFolders.map((f) => folderPath(f.uri)).filter((p): p is string => p !== undefined);
  }

  // ---- indexing run ---------------------------------------------------

  private async runIndexing(run: Run, reason: string): Promise<void> {
    if (run.cancelled) return;
    const started = Date.now();
    timingStats.indexing = { startedAtMs: Math.round(performance.now()), endedAtMs: 0 };
    const settings = this.session.settings;
    this.indexedKey = indexingKey(settings);
    // Once per settings change: runs start on each.
    for (const { glob, reason } of compileExcludes(settings.exclude).ignored) this.session.log.warn(`netpol.exclude: "${glob}" is ignored: ${reason}`);
    this.index.setDefaultNamespace(settings.defaultNamespace);
    const supportsProgress = this.session.clientCapabilities.window?.workDoneProgress === true;
    let cancelledByUser = false;
    const progress = await IndexingProgress.start(this.session.connection, supportsProgress, () => {
      cancelledByUser = true;
      run.cancelled = true;
    });
    try {
      const files: DiskFile[] = [];
      for (const folder of this.folderPaths()) {
        files.push(...(await listIndexedFiles(folder, settings.exclude, () => run.cancelled, (dir, e) => this.session.log.warn(`cannot read folder ${dir}: ${(e as Error).message}`))));
      }
      if (run.cancelled && !cancelledByUser) return;
      const indexed = await this.indexFiles(run, files, settings, progress);
      if (run.cancelled && !cancelledByUser) return;
      if (!run.cancelled) this.removeVanished(new Set(files.map((f) => normalizeUri(f.uri))));
      // Open documents win over what was just read.
      for (const doc of this.session.openAnalysedDocuments()) this.setOpen(doc);
      this.dirty.clear();
      const ms = Date.now() - started;
      timingStats.indexing.endedAtMs = Math.round(performance.now());
      // The progress ends before the log says so: a client reading the log line sees it ended.
      progress.done();
      this.session.log.info(
        cancelledByUser
          ? `indexing cancelled by the user after ${indexed} of ${files.length} files (${ms} ms)${this.completed ? '' : '; workspace checks stay off until the workspace is indexed again'}`
          : `indexed ${indexed} files in ${ms} ms (${reason}; ${plural(this.index.workloadNamespaces().filter((ns) => this.index.filesDefineWorkloadsIn(ns)).length, 'namespace')} with workloads, ${plural(this.index.allPolicies().length, 'policy', 'policies')})`,
      );
      markPhase('indexing done: change listeners');
      this.changedEmitter.fire({ origin: 'indexing', uris: [] });
      // A partial index would make every selector into the missing part "match nothing".
      if (cancelledByUser) return;
      this.completed = true;
      markPhase('indexing done: finished listeners');
      this.finishedEmitter.fire();
    } finally {
      progress.done();
    }
  }

  /**
   * Reads and indexes the files: most are analysed in the worker, installed
   * as they land (their decoding yields); those analysed inline are applied
   * in slices of SLICE_MS. Returns how many were indexed (JSON that holds no
   * manifest is not).
   */
  private async indexFiles(run: Run, files: DiskFile[], settings: NetpolSettings, progress: IndexingProgress): Promise<number> {
    let done = 0;
    let notManifests = 0;
    let sliceStart = Date.now();
    progress.report(0, files.length, true);
    // Oldest first; the next batch is read while the worker works on these.
    const inWorker: Promise<boolean>[] = [];
    // Large files met while the main thread is cold wait until it is warm (or the worker idle): the cold files
    // the worker takes meanwhile would otherwise queue behind a large one for seconds.
    const deferred: (() => Promise<boolean>)[] = [];
    const release = () => {
      while (deferred.length > 0 && (!this.session.pool.isCold || this.session.pool.isIdle)) inWorker.push(handled(deferred.shift()!()));
    };
    for (let i = 0; i < files.length && !run.cancelled; i += READ_BATCH) {
      const batch = files.slice(i, i + READ_BATCH);
      const stamps = batch.map((f) => this.stampOf(f.uri));
      markPhase('indexing: reading a batch');
      const reads = await Promise.all(batch.map((f) => (this.openDocument(f.uri) ? undefined : readIndexedFile(f.fsPath, settings.maxFileSizeKb))));
      const isCurrent = (j: number) => () => !run.cancelled && !this.openDocument(batch[j].uri) && this.stampOf(batch[j].uri) === stamps[j];
      for (let j = 0; j < batch.length; j++) {
        if (run.cancelled) break;
        const read = reads[j];
        done++;
        // Open, or changed by an event since the read started: leave it to the newer state.
        if (!read || !isCurrent(j)()) continue;
        if (read.kind === 'notManifest') notManifests++;
        const key = this.keyFor(batch[j].uri);
        const options = this.session.analysisOptions(key);
        if (read.kind === 'text' && this.session.pool.wantsWorker(read.text, options, this.inBackground(key))) {
          const start = () => this.apply(key, read, isCurrent(j));
          if (read.text.length >= this.session.pool.minChars && this.session.pool.isCold) deferred.push(start);
          else inWorker.push(handled(start()));
          continue;
        }
        await this.apply(key, read, isCurrent(j));
        if (Date.now() - sliceStart >= SLICE_MS) {
          markPhase('indexing: progress report');
          progress.report(done, files.length);
          markPhase('indexing: yielding');
          await yieldToEventLoop();
          markPhase('indexing: back from yield');
          sliceStart = Date.now();
        }
      }
      release();
      markPhase('indexing: waiting for the worker');
      while (inWorker.length > MAX_IN_WORKER) await inWorker.shift();
      progress.report(done, files.length);
      markPhase('indexing: batch done');
      sliceStart = Date.now();
    }
    while (deferred.length > 0 && !run.cancelled) inWorker.push(handled(deferred.shift()!()));
    await Promise.all(inWorker);
    progress.report(done, files.length, true);
    return done - notManifests;
  }

  /** Files indexed earlier that the walk did not find (deleted, or excluded now), unless open. `found`: normal forms. */
  private removeVanished(found: Set<string>): void {
    for (const uri of this.index.uris()) {
      if (!found.has(normalizeUri(uri)) && !this.openDocument(uri)) this.removeFile(uri);
    }
  }
}

/** The promise, marked handled: awaited later, a failure must not be reported as unhandled meanwhile. */
function handled<T>(p: Promise<T>): Promise<T> {
  p.catch(() => undefined);
  return p;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}


