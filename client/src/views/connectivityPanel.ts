// The "Connectivity" webview panel: one per window, beside the editor. The
// webview asks (`ready`, with its saved state) and the host answers with
// the server's graph; toolbar changes come back as `options`, clicks as
// `explain` and `open`. After the server says connectivity changed, a
// visible panel asks again (a hidden one when it is shown). No
// retainContextWhenHidden: the handshake and getState/setState make a
// re-shown or reloaded panel whole again. The first graph is asked for as
// the panel is created, while the webview starts (about a second in
// code-server), and posted as soon as it comes: VS Code holds a new
// webview's messages until its page has loaded, so the page draws it as it
// loads instead of one round trip after `ready` (which then asks for nothing
// if its options are the ones). A `ready` that comes first takes it over.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { EXPLAIN_REQUEST, ExplainParams, ExplainResult, GRAPH_REQUEST, GraphResult, LinkLocation, ViewGraphOptions } from '../../../server/src/features/connectivityProtocol';
import { connectivityHtml, webviewOptions } from './connectivityHtml';
import type { HostMessage, Selection, ViewState, WebviewMessage } from './messages';
import type { CompactMatrix } from '../../../server/src/core/policy/engine/compactMatrix';
import { whenRunning } from './whenRunning';

export const VIEW_TYPE = 'netpol.connectivity';
const TITLE = 'Connectivity';
/** How long `ready` waits to hear whether the graph posted before it was taken (it was, long before, when it was). */
const POSTED_WAIT_MS = 2000;

export interface ShowRequest {
  /** A workload key to select and focus (code lens). */
  focus?: string;
  /** A connection to explain (the explain command). */
  explain?: ExplainParams;
}

export class ConnectivityPanel {
  private static current: ConnectivityPanel | undefined;
  private state: ViewState;
  private stale = false;
  private inFlight: Promise<void> | undefined;
  private again = false;
  /** What to do once the webview is ready (a show request that came before it). */
  private pending: ShowRequest | undefined;
  private ready = false;
  /** The last matrix the server sent: it leaves it out while it is current. Passed on as it came (the webview decodes it). */
  private matrix: { version: number; compact: CompactMatrix } | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private disposed = false;
  /** The graph asked for while the webview starts: used once, if `ready` brings the same options and nothing changed. */
  private prefetched: { key: string; started: number; answer: Promise<GraphResult | null> } | undefined;
  /** The prefetched graph, posted before `ready`: for these options; `posted` says whether VS Code took the message. */
  private delivered: { key: string; posted: Thenable<boolean> } | undefined;

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly client: LanguageClient,
    private readonly output: vscode.OutputChannel,
    state: ViewState | undefined,
  ) {
    this.state = state ?? { options: {}, tab: 'graph' };
    panel.webview.onDidReceiveMessage((m: WebviewMessage) => this.onMessage(m), undefined, this.disposables);
    panel.onDidChangeViewState(() => {
      // Hidden, the page is dropped (no retainContextWhenHidden): the one shown next has not seen a posted graph.
      if (!panel.visible) this.delivered = undefined;
      if (panel.visible && this.stale) void this.refresh();
    }, undefined, this.disposables);
    panel.onDidDispose(() => this.dispose(), undefined, this.disposables);
  }

  static show(context: vscode.ExtensionContext, client: LanguageClient, output: vscode.OutputChannel, request: ShowRequest = {}): void {
    let view = ConnectivityPanel.current;
    if (!view) {
      const panel = vscode.window.createWebviewPanel(VIEW_TYPE, TITLE, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false }, webviewOptions());
      view = ConnectivityPanel.adopt(context, panel, client, output, undefined);
      view.prefetch();
    } else {
      view.panel.reveal(undefined, false);
    }
    view.request(request);
  }

  /** The serializer's entry: a panel restored after a reload, with the state its webview saved. */
  static revive(context: vscode.ExtensionContext, panel: vscode.WebviewPanel, client: LanguageClient, output: vscode.OutputChannel, state: unknown): void {
    panel.webview.options = webviewOptions();
    ConnectivityPanel.adopt(context, panel, client, output, isViewState(state) ? state : undefined).prefetch();
  }

  /** The server said connectivity changed. */
  static changed(): void {
    ConnectivityPanel.current?.markStale();
  }

  private static adopt(context: vscode.ExtensionContext, panel: vscode.WebviewPanel, client: LanguageClient, output: vscode.OutputChannel, state: ViewState | undefined): ConnectivityPanel {
    ConnectivityPanel.current?.panel.dispose();
    const view = new ConnectivityPanel(panel, client, output, state);
    ConnectivityPanel.current = view;
    panel.iconPath = vscode.Uri.joinPath(context.extensionUri, 'images', 'icon.png');
    panel.webview.html = connectivityHtml(context.extensionUri);
    return view;
  }

  private request(r: ShowRequest): void {
    if (!this.ready) {
      this.pending = r;
      return;
    }
    if (r.focus !== undefined) {
      this.state = { ...this.state, options: { ...this.state.options, focus: r.focus }, selection: { kind: 'node', id: r.focus }, tab: 'graph' };
      this.post({ type: 'select', selection: { kind: 'node', id: r.focus }, options: this.state.options });
      void this.refresh();
    }
    if (r.explain) {
      const selection: Selection = { kind: 'edge', from: r.explain.from, to: r.explain.to };
      this.state = { ...this.state, selection, explain: r.explain };
      this.post({ type: 'select', selection });
      void this.explain(r.explain);
    }
  }

  private prefetch(): void {
    const options = this.state.options;
    const answer = this.ask(options);
    const p = { key: JSON.stringify(options), started: Date.now(), answer };
    this.prefetched = p;
    answer.then(
      (result) => {
        // Still unclaimed (no `ready` took it, nothing changed): post it now.
        if (this.prefetched !== p || !result || this.disposed) return;
        this.prefetched = undefined;
        const posted = this.deliver(result, options, p.started);
        if (posted) this.delivered = { key: p.key, posted };
      },
      () => undefined, // reported only if a `ready` takes it over
    );
  }

  /** The server's graph for these options: the prefetched answer if it is for them, else a new request. */
  private graphFor(options: ViewGraphOptions): { started: number; answer: Promise<GraphResult | null> } {
    const p = this.prefetched;
    this.prefetched = undefined;
    if (p && p.key === JSON.stringify(options)) return p;
    return { started: Date.now(), answer: this.ask(options) };
  }

  private async ask(options: ViewGraphOptions): Promise<GraphResult | null> {
    await whenRunning(this.client);
    return this.client.sendRequest<GraphResult | null>(GRAPH_REQUEST, { options, matrixVersion: this.matrix?.version });
  }

  private markStale(): void {
    this.stale = true;
    this.prefetched = undefined;
    this.delivered = undefined;
    if (this.panel.visible && this.ready) void this.refresh();
  }

  private async onMessage(m: WebviewMessage): Promise<void> {
    switch (m?.type) {
      case 'ready': {
        this.ready = true;
        if (m.state && isViewState(m.state)) this.state = m.state;
        const d = this.delivered;
        this.delivered = undefined;
        // The graph posted before `ready` is for this page's options, and VS Code took it: nothing to ask.
        if (!(d && d.key === JSON.stringify(this.state.options) && !this.stale && (await settled(d.posted)))) await this.refresh();
        if (this.state.explain) await this.explain(this.state.explain);
        if (this.pending) {
          const p = this.pending;
          this.pending = undefined;
          this.request(p);
        }
        break;
      }
      case 'options':
        this.state = { ...this.state, options: m.options ?? {} };
        await this.refresh();
        break;
      case 'state':
        if (isViewState(m.state)) this.state = m.state;
        break;
      case 'explain':
        this.state = { ...this.state, explain: m.request };
        await this.explain(m.request);
        break;
      case 'open':
        await openLocation(m.location);
        break;
    }
  }

  /** Asks the server for the graph with the current options; one request at a time, the last options win. */
  private refresh(): Promise<void> {
    this.stale = false;
    if (this.inFlight) {
      this.again = true;
      return this.inFlight;
    }
    this.inFlight = (async () => {
      do {
        this.again = false;
        const options = this.state.options;
        this.post({ type: 'busy' });
        try {
          const asked = this.graphFor(options);
          const t0 = asked.started;
          const result = await asked.answer;
          if (!result) throw new Error('the server could not draw the graph (see the output channel)');
          if (!this.deliver(result, options, t0)) throw new Error('the server sent no matrix');
        } catch (e) {
          this.post({ type: 'error', message: `Could not get the connectivity: ${e instanceof Error ? e.message : String(e)}` });
        }
      } while (this.again);
    })().finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  /** Posts a graph (its matrix filled in from the last one if the server left it out) and logs its time; undefined if there is no matrix for it. */
  private deliver(result: GraphResult, options: ViewGraphOptions, started: number): Thenable<boolean> | undefined {
    if (result.compactMatrix) this.matrix = { version: result.matrixVersion, compact: result.compactMatrix };
    const compactMatrix = result.compactMatrix ?? (this.matrix?.version === result.matrixVersion ? this.matrix.compact : undefined);
    if (!compactMatrix) return undefined;
    const t = result.timings;
    this.output.appendLine(`[${new Date().toLocaleTimeString()}] connectivity view: ${result.model.workloads} workloads drawn in ${Date.now() - started} ms (matrix ${t.matrix.toFixed(0)}, graph ${t.graph.toFixed(0)}, layout ${t.layout.toFixed(0)}, svg ${t.render.toFixed(0)} ms${result.laidOutOn ? `, laid out on the ${result.laidOutOn} thread` : ''})`);
    return this.post({ type: 'graph', result: { ...result, compactMatrix }, options });
  }

  private async explain(request: ExplainParams): Promise<void> {
    try {
      await whenRunning(this.client);
      const result = await this.client.sendRequest<ExplainResult>(EXPLAIN_REQUEST, request);
      this.post({ type: 'explanation', request, result });
    } catch (e) {
      this.post({ type: 'explanation', request, result: { error: e instanceof Error ? e.message : String(e) } });
    }
  }

  /** Whether VS Code took the message (a page still loading gets it when it has loaded). */
  private post(m: HostMessage): Thenable<boolean> {
    return this.panel.webview.postMessage(m);
  }

  private dispose(): void {
    this.disposed = true;
    if (ConnectivityPanel.current === this) ConnectivityPanel.current = undefined;
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

/** Opens a policy (or workload) file at the range, in the editor column beside the view. */
export async function openLocation(location: LinkLocation | undefined): Promise<void> {
  if (!location?.uri) return;
  const uri = vscode.Uri.parse(location.uri);
  const r = location.range;
  const selection = r ? new vscode.Range(r.start.line, r.start.character, r.start.line, r.start.character) : undefined;
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One, selection, preserveFocus: false });
}

/** Whether VS Code took a message; a page that is loaded has had its messages, so waiting longer means it was not taken. */
function settled(posted: Thenable<boolean>): Promise<boolean> {
  return Promise.race([Promise.resolve(posted).catch(() => false), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), POSTED_WAIT_MS))]);
}

function isViewState(s: unknown): s is ViewState {
  const v = s as ViewState | undefined;
  return typeof v === 'object' && v !== null && typeof v.options === 'object' && v.options !== null && (v.tab === 'graph' || v.tab === 'matrix');
}
