// The "Connectivity" webview panel: one per window, beside the editor. The
// webview asks (`ready`, with its saved state) and the host answers with
// the server's graph; toolbar changes come back as `options`, clicks as
// `explain` and `open`. After the server says connectivity changed, a
// visible panel asks again (a hidden one when it is shown). No
// retainContextWhenHidden: the handshake and getState/setState make a
// re-shown or reloaded panel whole again. The first graph is asked for as
// the panel is created, while the webview starts (about a second in
// code-server), and handed over at `ready` if its options are still the ones.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { EXPLAIN_REQUEST, ExplainParams, ExplainResult, GRAPH_REQUEST, GraphResult, LinkLocation, ViewGraphOptions } from '../../../server/src/features/connectivityProtocol';
import { connectivityHtml, webviewOptions } from './connectivityHtml';
import type { HostMessage, Selection, ViewState, WebviewMessage } from './messages';
import type { CompactMatrix } from '../../../server/src/core/policy/engine/compactMatrix';
import { whenRunning } from './whenRunning';

export const VIEW_TYPE = 'netpol.connectivity';
const TITLE = 'Connectivity';

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
  /** The graph asked for while the webview starts: used once, if `ready` brings the same options and nothing changed. */
  private prefetched: { key: string; started: number; answer: Promise<GraphResult | null> } | undefined;

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly client: LanguageClient,
    private readonly output: vscode.OutputChannel,
    state: ViewState | undefined,
  ) {
    this.state = state ?? { options: {}, tab: 'graph' };
    panel.webview.onDidReceiveMessage((m: WebviewMessage) => this.onMessage(m), undefined, this.disposables);
    panel.onDidChangeViewState(() => {
      if (panel.visible && this.stale) void this.refresh();
    }, undefined, this.disposables);
    panel.onDidDispose(() => this.dispose(), undefined, this.disposables);
  }

  static show(context: vscode.ExtensionContext, client: LanguageClient, output: vscode.OutputChannel, request: ShowRequest = {}): void {
    let view = ConnectivityPanel.current;
    if (!view) {
      const panel = vscode.window.createWebviewPanel(VIEW_TYPE, TITLE, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false }, webviewOptions(context.extensionUri));
      view = ConnectivityPanel.adopt(context, panel, client, output, undefined);
      view.prefetch();
    } else {
      view.panel.reveal(undefined, false);
    }
    view.request(request);
  }

  /** The serializer's entry: a panel restored after a reload, with the state its webview saved. */
  static revive(context: vscode.ExtensionContext, panel: vscode.WebviewPanel, client: LanguageClient, output: vscode.OutputChannel, state: unknown): void {
    panel.webview.options = webviewOptions(context.extensionUri);
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
    panel.webview.html = connectivityHtml(panel.webview, context.extensionUri);
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
    const answer = this.ask(this.state.options);
    answer.catch(() => undefined); // awaited (and reported) only if used
    this.prefetched = { key: JSON.stringify(this.state.options), started: Date.now(), answer };
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
    if (this.panel.visible && this.ready) void this.refresh();
  }

  private async onMessage(m: WebviewMessage): Promise<void> {
    switch (m?.type) {
      case 'ready':
        this.ready = true;
        if (m.state && isViewState(m.state)) this.state = m.state;
        await this.refresh();
        if (this.state.explain) await this.explain(this.state.explain);
        if (this.pending) {
          const p = this.pending;
          this.pending = undefined;
          this.request(p);
        }
        break;
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
          if (result.compactMatrix) this.matrix = { version: result.matrixVersion, compact: result.compactMatrix };
          const compactMatrix = result.compactMatrix ?? (this.matrix?.version === result.matrixVersion ? this.matrix.compact : undefined);
          if (!compactMatrix) throw new Error('the server sent no matrix');
          const t = result.timings;
          this.output.appendLine(`[${new Date().toLocaleTimeString()}] connectivity view: ${result.model.workloads} workloads drawn in ${Date.now() - t0} ms (matrix ${t.matrix.toFixed(0)}, graph ${t.graph.toFixed(0)}, layout ${t.layout.toFixed(0)}, svg ${t.render.toFixed(0)} ms${result.laidOutOn ? `, laid out on the ${result.laidOutOn} thread` : ''})`);
          this.post({ type: 'graph', result: { ...result, compactMatrix }, options });
        } catch (e) {
          this.post({ type: 'error', message: `Could not get the connectivity: ${e instanceof Error ? e.message : String(e)}` });
        }
      } while (this.again);
    })().finally(() => (this.inFlight = undefined));
    return this.inFlight;
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

  private post(m: HostMessage): void {
    void this.panel.webview.postMessage(m);
  }

  private dispose(): void {
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

function isViewState(s: unknown): s is ViewState {
  const v = s as ViewState | undefined;
  return typeof v === 'object' && v !== null && typeof v.options === 'object' && v.options !== null && (v.tab === 'graph' || v.tab === 'matrix');
}
