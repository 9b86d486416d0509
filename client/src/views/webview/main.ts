// The connectivity webview: toolbar, graph and matrix tabs, side panel.
// Asks the host for data (`ready` with the saved state), keeps its state
// with setState so a hidden or reloaded panel comes back as it was, and
// marks `body[data-rendered]` when a graph is on screen (tests wait for it).
import { decodeMatrix } from '../../../../server/src/core/policy/engine/compactMatrix';
import type { MatrixJson } from '../../../../server/src/core/policy/engine/matrix';
import type { ExplainParams, ExplainResult, ViewGraphOptions } from '../../../../server/src/features/connectivityProtocol';
import type { HostGraph, HostMessage, Selection, ViewGraph, ViewState } from '../messages';
import { el } from './dom';
import { GraphPane } from './graphPane';
import { MatrixPane } from './matrixPane';
import { SidePanel } from './sidePanel';
import { Toolbar } from './toolbar';
import { vscode } from './vscodeApi';

// Counted for the tests (and visible to anyone inspecting the webview): a strict CSP must never fire.
let violations = 0;
document.addEventListener('securitypolicyviolation', () => {
  violations++;
  document.body.dataset.cspViolations = String(violations);
});

// When the page's script ran, asked for the graph, got it and drew it (ms since the page began loading), for the tests' timings.
document.body.dataset.scriptMs = String(Math.round(performance.now()));

let state: ViewState = vscode.getState() ?? { options: {}, tab: 'graph' };
let graph: ViewGraph | undefined;
/** The decoded matrix, kept while the server's `matrixVersion` stays. */
let decoded: { version: number; matrix: MatrixJson } | undefined;
let explanation: { request: ExplainParams; result: ExplainResult } | undefined;

const save = () => {
  vscode.setState(state);
  vscode.postMessage({ type: 'state', state });
};

const setOptions = (options: ViewGraphOptions) => {
  state = { ...state, options };
  save();
  vscode.postMessage({ type: 'options', options });
};

const expand = (namespace: string) => {
  const o = state.options;
  setOptions({ ...o, collapse: o.collapse ?? 'auto', expand: [...new Set([...(o.expand ?? []), namespace])] });
};

const explain = (request: ExplainParams) => {
  state = { ...state, explain: request };
  save();
  side.explaining(request);
  vscode.postMessage({ type: 'explain', request });
};

const select = (selection: Selection | undefined) => {
  state = { ...state, selection, explain: selection?.kind === 'edge' ? state.explain : undefined };
  save();
  graphPane.highlight(selection);
  if (!selection || !graph) return side.empty();
  if (selection.kind === 'node') return side.showNode(selection.id, graph);
  if (selection.from.endsWith('/*') || selection.to.endsWith('/*')) return side.showAggregate(selection.from, selection.to, graph);
  const same = state.explain && state.explain.from === selection.from && state.explain.to === selection.to;
  explain(same ? state.explain! : { from: selection.from, to: selection.to });
};

const toolbar = new Toolbar({ options: setOptions, zoom: (f) => graphPane.zoom(f) });
const graphPane = new GraphPane({ select, expand });
const matrixPane = new MatrixPane(select);
const side = new SidePanel({ explain, open: (location) => vscode.postMessage({ type: 'open', location }), select, expand });

const tabButton = (tab: ViewState['tab'], text: string) => {
  const b = el('button', { type: 'button', role: 'tab', class: 'tab', 'data-tab': tab }, text);
  b.addEventListener('click', () => {
    state = { ...state, tab };
    save();
    showTab();
  });
  return b;
};
const tabs = el('div', { class: 'tabs', role: 'tablist' }, tabButton('graph', 'Graph'), tabButton('matrix', 'Matrix'));
const notice = el('div', { class: 'notice hidden', role: 'status' });
const main = el('div', { class: 'main' }, el('div', { class: 'panes' }, graphPane.element, matrixPane.element), side.element);

function showTab(): void {
  for (const b of Array.from(tabs.querySelectorAll('.tab'))) b.setAttribute('aria-selected', String(b.getAttribute('data-tab') === state.tab));
  graphPane.element.classList.toggle('hidden', state.tab !== 'graph');
  matrixPane.setVisible(state.tab === 'matrix');
}

const app = document.getElementById('app')!;
app.textContent = '';
app.append(toolbar.element, tabs, notice, main);
toolbar.show(state.options, undefined);
showTab();

function showGraph(result: HostGraph, options: ViewGraphOptions): void {
  document.body.dataset.receivedMs ??= String(Math.round(performance.now()));
  const { compactMatrix, ...rest } = result;
  if (decoded?.version !== rest.matrixVersion) decoded = { version: rest.matrixVersion, matrix: decodeMatrix(compactMatrix) };
  graph = { ...rest, matrix: decoded.matrix };
  state = { ...state, options };
  save();
  toolbar.show(state.options, graph);
  const g = graph.model;
  toolbar.status.textContent = `${g.workloads} workload${g.workloads === 1 ? '' : 's'}, ${g.edges.length} arrow${g.edges.length === 1 ? '' : 's'}${g.collapsed ? ' (namespaces collapsed)' : ''}`;
  notice.textContent = graph.notice ?? '';
  notice.classList.toggle('hidden', !graph.notice);
  graphPane.show(graph.svg);
  matrixPane.show(graph.matrix, state.options.namespaces);
  graphPane.highlight(state.selection);
  // Keep what the side panel shows: an explanation stays, a node's peers are redrawn.
  if (state.selection?.kind === 'node') side.showNode(state.selection.id, graph);
  else if (!explanation && !state.explain) side.empty();
  document.body.dataset.renderedMs ??= String(Math.round(performance.now()));
  document.body.dataset.rendered = String(graph.version);
}

window.addEventListener('message', (event: MessageEvent<HostMessage>) => {
  const m = event.data;
  switch (m?.type) {
    case 'busy':
      toolbar.status.textContent = 'Updating…';
      break;
    case 'error':
      toolbar.status.textContent = m.message;
      break;
    case 'graph':
      showGraph(m.result, m.options);
      break;
    case 'select':
      if (m.options) state = { ...state, options: m.options };
      state = { ...state, selection: m.selection, tab: 'graph' };
      save();
      showTab();
      graphPane.highlight(m.selection);
      if (m.selection.kind === 'node' && graph) side.showNode(m.selection.id, graph);
      break;
    case 'explanation':
      explanation = { request: m.request, result: m.result };
      side.showExplanation(m.request, m.result, graph);
      break;
  }
});

document.body.dataset.readyMs = String(Math.round(performance.now()));
vscode.postMessage({ type: 'ready', state });
