// The server's state, shared by every feature: the connection, the open
// documents (incremental sync), the client's capabilities and workspace
// folders, the settings, and the cached analysis of each open document.
import {
  ClientCapabilities,
  Connection,
  Emitter,
  Event,
  FileEvent,
  InitializeParams,
  TextDocuments,
  WorkspaceFolder,
} from './protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { AnalyzeOptions, FileAnalysis } from '../core/analyze';
import { AnalysisCache, AnalysisLookup, isAnalysedDocument, pathOf } from './documents';
import { isJsonPath } from '../core/json';
import { AnalysisPool } from './analysisPool';
import type { PrestartedWorker } from './workerThread';
import { consoleLogger, Logger } from './logger';
import { guard, guardVoid } from './guard';
import { timed } from './timingStats';
import { DEFAULT_SETTINGS, mergeSettings, NetpolSettings } from './settings';
import { pullSettings, registerForChanges, settingsFromPush, supportsPull } from './configuration';

const SETTINGS_TIMEOUT_MS = 3000;

export class Session {
  readonly documents = new TextDocuments(TextDocument);
  readonly log: Logger;
  clientCapabilities: ClientCapabilities = {};
  workspaceFolders: WorkspaceFolder[] = [];
  private current: NetpolSettings = { ...DEFAULT_SETTINGS, rules: {} };
  /** The user's explicit `netpol.*` settings, and the project config's (`.netpol.yaml`): merged into `current`. */
  private user: Partial<NetpolSettings> = {};
  private project: Partial<NetpolSettings> = {};
  /** Run after the first settings pull, before `ready` (the project config is read there). */
  private readonly startupTasks: (() => Promise<void>)[] = [];
  private readonly settingsChanged = new Emitter<NetpolSettings>();
  /** Fires whenever the settings change, including when the first pull differs from the defaults. */
  readonly onDidChangeSettings: Event<NetpolSettings> = this.settingsChanged.event;
  private readonly analyses = new AnalysisCache();
  /** Analyses large texts in a worker thread. */
  readonly pool: AnalysisPool;
  private readonly filesChanged = new Emitter<FileEvent[]>();
  /** workspace/didChangeWatchedFiles, for every feature that follows files on disk. */
  readonly onDidChangeWatchedFiles: Event<FileEvent[]> = this.filesChanged.event;
  private markReady!: () => void;
  /**
   * Resolves once the first settings are known, so that nothing is published
   * with default severities a moment before the user's own.
   */
  readonly ready: Promise<void> = new Promise((resolve) => (this.markReady = resolve));
  private readonly foldersChanged = new Emitter<WorkspaceFolder[]>();
  /** Fires with the new list after folders were added or removed. */
  readonly onDidChangeWorkspaceFolders: Event<WorkspaceFolder[]> = this.foldersChanged.event;

  /** `prestarted`: the analysis worker, started before the server loaded (serverEntry.ts). */
  constructor(readonly connection: Connection, prestarted?: PrestartedWorker) {
    this.log = consoleLogger(connection.console);
    this.pool = new AnalysisPool(this.log, undefined, undefined, prestarted);
    this.documents.onDidClose((e) => this.analyses.delete(e.document.uri));
    connection.onDidChangeWatchedFiles(this.guardVoid('didChangeWatchedFiles', (params) => this.filesChanged.fire(params.changes)));
    connection.onDidChangeConfiguration(
      this.guardVoid('didChangeConfiguration', async (params) => {
        const next = supportsPull(this.clientCapabilities) ? await pullSettings(connection) : settingsFromPush(params);
        if (next) this.setUserSettings(next);
      }),
    );
  }

  get settings(): NetpolSettings {
    return this.current;
  }

  /** Called from `initialize`. */
  initialize(params: InitializeParams): void {
    this.clientCapabilities = params.capabilities ?? {};
    this.workspaceFolders =
      params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: pathOf(params.rootUri) }] : []);
    const pushed = settingsFromPush(params.initializationOptions);
    if (pushed) {
      this.user = pushed;
      this.current = mergeSettings(this.project, this.user);
    }
  }

  /** Called from `initialized`: folder change events, the first settings pull, change notifications. */
  async start(): Promise<void> {
    try {
      this.followWorkspaceFolders();
      await this.pullFirstSettings();
      for (const task of this.startupTasks) {
        try {
          await task();
        } catch (e) {
          this.log.error('a startup task failed', e);
        }
      }
    } finally {
      this.markReady();
    }
    try {
      await registerForChanges(this.connection, this.clientCapabilities);
    } catch (e) {
      this.log.error('registering for settings changes failed', e);
    }
  }

  private followWorkspaceFolders(): void {
    if (!this.clientCapabilities.workspace?.workspaceFolders) return;
    this.connection.workspace.onDidChangeWorkspaceFolders(
      this.guardVoid('didChangeWorkspaceFolders', (e) => {
        const removed = new Set(e.removed.map((f) => f.uri));
        this.workspaceFolders = [...this.workspaceFolders.filter((f) => !removed.has(f.uri)), ...e.added];
        this.foldersChanged.fire(this.workspaceFolders);
      }),
    );
  }

  private async pullFirstSettings(): Promise<void> {
    if (!supportsPull(this.clientCapabilities)) return;
    try {
      const pulled = await withTimeout(pullSettings(this.connection), SETTINGS_TIMEOUT_MS);
      if (pulled) this.setUserSettings(pulled);
      else this.log.warn(`the client did not answer workspace/configuration within ${SETTINGS_TIMEOUT_MS} ms; using the defaults`);
    } catch (e) {
      this.log.error('reading the netpol settings failed; using the defaults', e);
    }
  }

  /** Work to finish before anything is published (e.g. reading the project config). */
  addStartupTask(task: () => Promise<void>): void {
    this.startupTasks.push(task);
  }

  /** The user's explicit settings changed (pulled or pushed). */
  setUserSettings(user: Partial<NetpolSettings>): void {
    this.user = user;
    this.updateSettings(mergeSettings(this.project, this.user));
  }

  /** The project config's settings changed (`.netpol.yaml` read, edited or removed). */
  setProjectSettings(project: Partial<NetpolSettings>): void {
    this.project = project;
    this.updateSettings(mergeSettings(this.project, this.user));
  }

  updateSettings(next: NetpolSettings): void {
    if (JSON.stringify(next) === JSON.stringify(this.current)) return;
    this.current = next;
    this.settingsChanged.fire(next);
  }

  /** YAML, and JSON (a JSON document that holds no Kubernetes object analyses to nothing, cheaply). */
  isAnalysed(doc: TextDocument): boolean {
    return isAnalysedDocument(doc);
  }

  /** The YAML and JSON documents open in the editor. */
  openAnalysedDocuments(): TextDocument[] {
    return this.documents.all().filter((d) => this.isAnalysed(d));
  }

  analysisOptions(uri: string): AnalyzeOptions {
    const path = pathOf(uri);
    return {
      path,
      strictCidr: this.current.strictCidr,
      maxLength: Math.floor(this.current.maxFileSizeKb * 1024),
      // `*.json` files are read as JSON by their path; an untitled JSON document says so by its language.
      ...(!isJsonPath(path) && this.documents.get(uri)?.languageId === 'json' ? { language: 'json' as const } : {}),
    };
  }

  /** The analysis of the document's current version (cached). */
  analyze(doc: TextDocument): FileAnalysis {
    return this.analyses.get(doc, this.analysisOptions(doc.uri));
  }

  /** As `analyze`, a large document analysed off the main thread. */
  analyzeAsync(doc: TextDocument): Promise<FileAnalysis> {
    return this.analyses.getAsync(doc, this.analysisOptions(doc.uri), this.pool);
  }

  /** The analysis of the document's current version if made already (no parse). */
  analyzed(doc: TextDocument): FileAnalysis | undefined {
    return this.analyses.peek(doc, this.analysisOptions(doc.uri));
  }

  /** Whether the document's current version is being analysed off the main thread. */
  isAnalysing(doc: TextDocument): boolean {
    return this.analyses.isPending(doc);
  }

  /** Where analyses of unchanged texts are found before parsing (the workspace index). */
  shareAnalyses(lookup: AnalysisLookup): void {
    this.analyses.lookup = lookup;
  }

  guard<A extends unknown[], R>(name: string, fallback: R, handler: (...args: A) => R | Promise<R>): (...args: A) => Promise<R> {
    return timed(name, guard(this.log, name, fallback, handler));
  }

  guardVoid<A extends unknown[]>(name: string, handler: (...args: A) => void | Promise<void>): (...args: A) => void {
    return guardVoid(this.log, name, handler);
  }
}

/** The promise's value, or undefined if it takes longer than `ms`. */
function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
