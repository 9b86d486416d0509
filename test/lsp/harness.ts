// A small LSP client for tests: spawns the bundled server (`node dist/server.js
// --stdio`), speaks JSON-RPC with vscode-languageserver-protocol, mirrors the
// open documents (to build incremental edits) and records what the server
// publishes. Issue #3's tests reuse it for hover, definition, completion...
import { ChildProcess, spawn } from 'child_process';
import * as path from 'path';
import { pathToFileURL } from 'url';
import {
  ClientCapabilities,
  ConfigurationParams,
  createProtocolConnection,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  FileEvent,
  InitializedNotification,
  InitializeRequest,
  InitializeResult,
  LogMessageNotification,
  LogMessageParams,
  ProtocolConnection,
  PublishDiagnosticsNotification,
  PublishDiagnosticsParams,
  Range,
  ShowMessageNotification,
  ShowMessageParams,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  TextDocumentContentChangeEvent,
  WorkspaceFolder,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
export const SERVER_PATH = path.join(REPO_ROOT, 'dist', 'server.js');

export function fileUri(absolutePath: string): string {
  return pathToFileURL(absolutePath).toString();
}

export interface StartOptions {
  /** The `netpol` settings section the client answers with. */
  settings?: Record<string, unknown>;
  /** Advertise workspace/configuration (pull) support. Default true. */
  configuration?: boolean;
  workspaceFolders?: WorkspaceFolder[];
  initializationOptions?: unknown;
  /** Merged over the default client capabilities. */
  capabilities?: ClientCapabilities;
  serverPath?: string;
  /** Environment variables added to the server's (e.g. NETPOL_WATCH_EVENT_LOOP). */
  env?: Record<string, string>;
}

/** A server -> client request the harness answered, for assertions. */
export interface ReceivedRequest {
  method: string;
  params: unknown;
}

type Listener = (p: PublishDiagnosticsParams) => void;

const DEFAULT_ANSWERS: Record<string, unknown> = {
  'client/registerCapability': null,
  'client/unregisterCapability': null,
  'window/workDoneProgress/create': null,
  'window/showMessageRequest': null,
  'window/showDocument': { success: true },
  'workspace/applyEdit': { applied: false, failureReason: 'the test client does not apply edits' },
  'workspace/codeLens/refresh': null,
  'workspace/diagnostic/refresh': null,
  'workspace/inlayHint/refresh': null,
  'workspace/semanticTokens/refresh': null,
};

export class LspTestClient {
  /** Every publishDiagnostics, in arrival order. */
  readonly published: PublishDiagnosticsParams[] = [];
  readonly logs: LogMessageParams[] = [];
  /** window/showMessage notifications. */
  readonly messages: ShowMessageParams[] = [];
  readonly requests: ReceivedRequest[] = [];
  initializeResult!: InitializeResult;
  settings: Record<string, unknown>;
  private readonly docs = new Map<string, TextDocument>();
  private readonly listeners = new Set<Listener>();
  private stderr = '';
  private exited = false;

  private constructor(
    readonly process: ChildProcess,
    readonly connection: ProtocolConnection,
    private readonly options: StartOptions,
  ) {
    this.settings = options.settings ?? {};
    process.stderr?.on('data', (d: Buffer) => (this.stderr += d.toString()));
    process.on('exit', () => (this.exited = true));
    connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
      this.published.push(p);
      for (const l of [...this.listeners]) l(p);
    });
    connection.onNotification(LogMessageNotification.type, (p) => this.logs.push(p));
    connection.onNotification(ShowMessageNotification.type, (p) => this.messages.push(p));
    connection.onRequest('workspace/configuration', (p: ConfigurationParams) => {
      this.requests.push({ method: 'workspace/configuration', params: p });
      return p.items.map((item) => this.configurationFor(item.section));
    });
    connection.onRequest('workspace/workspaceFolders', () => this.options.workspaceFolders ?? null);
    // Other server -> client requests: recorded, answered with a default
    // (a test can replace an answer with `answer`).
    for (const [method, answer] of Object.entries(DEFAULT_ANSWERS)) this.answer(method, () => answer);
  }

  /** Sets how the client answers a server -> client request; every request is recorded in `requests`. */
  answer(method: string, handler: (params: unknown) => unknown): void {
    this.connection.onRequest(method, (params: unknown) => {
      this.requests.push({ method, params });
      return handler(params);
    });
  }

  static async start(options: StartOptions = {}): Promise<LspTestClient> {
    const child = spawn(process.execPath, [options.serverPath ?? SERVER_PATH, '--stdio'], {
      cwd: REPO_ROOT,
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, ...options.env },
    });
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const client = new LspTestClient(child, connection, options);
    connection.listen();
    const configuration = options.configuration ?? true;
    const capabilities: ClientCapabilities = {
      workspace: {
        configuration,
        didChangeConfiguration: { dynamicRegistration: configuration },
        didChangeWatchedFiles: { dynamicRegistration: true },
        workspaceFolders: true,
      },
      textDocument: {
        synchronization: { dynamicRegistration: false, didSave: false },
        publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
      },
      window: { workDoneProgress: true },
      ...options.capabilities,
    };
    client.initializeResult = await connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: options.workspaceFolders?.[0]?.uri ?? null,
      workspaceFolders: options.workspaceFolders ?? null,
      capabilities,
      initializationOptions: options.initializationOptions,
    });
    await connection.sendNotification(InitializedNotification.type, {});
    return client;
  }

  // --- documents -------------------------------------------------------

  async open(uri: string, text: string, languageId = 'yaml', version = 1): Promise<void> {
    this.docs.set(uri, TextDocument.create(uri, languageId, version, text));
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version, text } });
  }

  /** Sends the changes as one didChange with the next version; returns that version. */
  async change(uri: string, changes: TextDocumentContentChangeEvent[]): Promise<number> {
    const doc = this.doc(uri);
    const version = doc.version + 1;
    this.docs.set(uri, TextDocument.update(doc, changes, version));
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: changes });
    return version;
  }

  /** An incremental edit replacing the `occurrence`-th (0-based) `search` in the mirrored text. */
  async replace(uri: string, search: string, replacement: string, occurrence = 0): Promise<number> {
    return this.change(uri, [{ range: this.rangeOf(uri, search, occurrence), text: replacement }]);
  }

  /** The range of the `occurrence`-th `search` in the mirrored text (the mirror's own positions). */
  rangeOf(uri: string, search: string, occurrence = 0): Range {
    const doc = this.doc(uri);
    const text = doc.getText();
    let at = -1;
    for (let i = 0; i <= occurrence; i++) {
      at = text.indexOf(search, at + 1);
      if (at < 0) throw new Error(`"${search}" (#${occurrence}) not found in ${uri}`);
    }
    return { start: doc.positionAt(at), end: doc.positionAt(at + search.length) };
  }

  async close(uri: string): Promise<void> {
    this.docs.delete(uri);
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  text(uri: string): string {
    return this.doc(uri).getText();
  }

  version(uri: string): number {
    return this.doc(uri).version;
  }

  private doc(uri: string): TextDocument {
    const doc = this.docs.get(uri);
    if (!doc) throw new Error(`${uri} is not open`);
    return doc;
  }

  // --- workspace -------------------------------------------------------

  /** Changes the settings and tells the server (it pulls them again, or gets them pushed). */
  async setSettings(settings: Record<string, unknown>): Promise<void> {
    this.settings = settings;
    const pull = this.options.configuration ?? true;
    await this.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: pull ? null : { netpol: settings } });
  }

  async watchedFilesChanged(changes: FileEvent[]): Promise<void> {
    await this.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes });
  }

  private configurationFor(section: string | undefined): unknown {
    if (section === 'netpol') return this.settings;
    if (section?.startsWith('netpol.')) return this.settings[section.slice('netpol.'.length)] ?? null;
    return null;
  }

  // --- diagnostics -----------------------------------------------------

  /** The last diagnostics published for `uri`, if any. */
  latest(uri: string): PublishDiagnosticsParams | undefined {
    for (let i = this.published.length - 1; i >= 0; i--) if (this.published[i].uri === uri) return this.published[i];
    return undefined;
  }

  /** Every publish for `uri`, in order. */
  publishedFor(uri: string): PublishDiagnosticsParams[] {
    return this.published.filter((p) => p.uri === uri);
  }

  /**
   * Resolves with the first publish for `uri` that satisfies `predicate`,
   * starting with the latest one already received. Rejects after `timeoutMs`
   * with what was last published, to make failures readable.
   */
  waitForDiagnostics(uri: string, predicate: (p: PublishDiagnosticsParams) => boolean = () => true, timeoutMs = 5000): Promise<PublishDiagnosticsParams> {
    const latest = this.latest(uri);
    if (latest && predicate(latest)) return Promise.resolve(latest);
    return new Promise((resolve, reject) => {
      const listener: Listener = (p) => {
        if (p.uri !== uri || !predicate(p)) return;
        cleanup();
        resolve(p);
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`no matching diagnostics for ${uri} within ${timeoutMs} ms; last: ${JSON.stringify(this.latest(uri))}${this.stderr ? `\nserver stderr: ${this.stderr}` : ''}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.listeners.delete(listener);
      };
      this.listeners.add(listener);
    });
  }

  /** Waits for the publish of the document's current version (the mirror's). */
  waitForVersion(uri: string, timeoutMs = 5000): Promise<PublishDiagnosticsParams> {
    const version = this.version(uri);
    return this.waitForDiagnostics(uri, (p) => p.version === version, timeoutMs);
  }

  async waitForLog(predicate: (message: string) => boolean, timeoutMs = 5000): Promise<LogMessageParams> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hit = this.logs.find((l) => predicate(l.message));
      if (hit) return hit;
      if (Date.now() > deadline) throw new Error(`no matching log within ${timeoutMs} ms; logs: ${JSON.stringify(this.logs.map((l) => l.message))}`);
      await delay(20);
    }
  }

  // --- requests --------------------------------------------------------

  request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest(method, params) as Promise<R>;
  }

  // --- lifecycle -------------------------------------------------------

  /** shutdown + exit; kills the process if it does not exit in time. Resolves with the exit code. */
  async shutdown(timeoutMs = 3000): Promise<number | null> {
    const exited = new Promise<number | null>((resolve) => {
      if (this.exited) resolve(this.process.exitCode);
      else this.process.once('exit', (code) => resolve(code));
    });
    try {
      if (!this.exited) {
        await withTimeout(this.connection.sendRequest(ShutdownRequest.type), timeoutMs);
        await this.connection.sendNotification(ExitNotification.type);
      }
    } catch {
      // Fall through to kill.
    }
    const code = await withTimeout(exited, timeoutMs).catch(() => {
      this.process.kill('SIGKILL');
      return null;
    });
    this.connection.dispose();
    return code;
  }

  get serverStderr(): string {
    return this.stderr;
  }
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}

/** A diagnostic reduced to what tests assert on. */
export interface Seen {
  code: string | number | undefined;
  severity: number | undefined;
  message: string;
  range: [number, number, number, number];
}

export function summarize(p: PublishDiagnosticsParams | undefined): Seen[] {
  return (p?.diagnostics ?? []).map((d) => ({
    code: d.code,
    severity: d.severity,
    message: d.message,
    range: [d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character],
  }));
}
