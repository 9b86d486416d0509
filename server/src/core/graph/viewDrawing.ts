// The matrix -> graph model -> layout -> SVG, timed per step. The steps are
// core/graph's (the same the CLI's `--format svg|html` uses); the model needs
// the engine (main thread), layout + SVG only the model (plain data: the
// server's worker thread runs `layoutSvg`, lsp/graphLayoutPool.ts). Bounded: a
// picture with more workloads drawn one by one, or more arrows, than a
// person can read (and the server can lay out in about a second) is drawn
// with its namespaces collapsed instead, and says so.
import type { ConnectivityMatrix } from '../policy/engine';
import { buildGraph, COLLAPSE_ABOVE, ConnectivityGraph, GraphOptions, layoutGraph, renderSvg } from './index';

/** Workloads drawn one by one (not inside a collapsed namespace), at most. */
export const MAX_OPEN_WORKLOADS = 250;
/** Arrows, at most: an unrestricted workspace is all-to-all (300 workloads: 90,000 arrows). */
export const MAX_EDGES = 2500;

export interface DrawnGraph {
  svg: string;
  model: ConnectivityGraph;
  /** Why the picture is not what the options asked for. */
  notice?: string;
  timings: { graph: number; layout: number; render: number };
}

export interface LaidOutSvg {
  svg: string;
  layoutMs: number;
  renderMs: number;
}

/** The whole picture on this thread. */
export function drawGraph(matrix: ConnectivityMatrix, options: GraphOptions): DrawnGraph {
  const built = viewModel(matrix, options);
  return drawGraphWith(built, layoutSvg(built.model));
}

/** The model and the SVG drawn from it (here or on a worker) as one answer. */
export function drawGraphWith(built: ViewModel, drawn: LaidOutSvg): DrawnGraph {
  const { model, notice, graphMs } = built;
  return { svg: drawn.svg, model, ...(notice ? { notice } : {}), timings: { graph: graphMs, layout: drawn.layoutMs, render: drawn.renderMs } };
}

export interface ViewModel {
  model: ConnectivityGraph;
  notice?: string;
  graphMs: number;
}

/** Layout and SVG of a model: plain data in, a string out (what the worker thread runs). */
export function layoutSvg(model: ConnectivityGraph): LaidOutSvg {
  const t0 = performance.now();
  const laid = layoutGraph(model);
  const t1 = performance.now();
  const svg = renderSvg(laid, { title: 'Connectivity', xmlns: true });
  return { svg, layoutMs: t1 - t0, renderMs: performance.now() - t1 };
}

/** The graph model the view draws for these options, collapsed when it would be too big to read. */
export function viewModel(matrix: ConnectivityMatrix, options: GraphOptions): ViewModel {
  const t0 = performance.now();
  let notice: string | undefined;
  const collapsed: GraphOptions = { ...options, collapse: 'all', expand: [] };
  const open = options.focus === undefined ? openWorkloads(matrix, options) : 0;
  let model: ConnectivityGraph;
  if (open > MAX_OPEN_WORKLOADS) {
    notice = `${open} workloads are too many to draw one by one: the namespaces are collapsed. Pick a namespace, or double-click one to expand it.`;
    model = buildGraph(matrix, collapsed);
  } else {
    model = buildGraph(matrix, options);
    if (model.edges.length > MAX_EDGES && options.focus === undefined && !(options.collapse === 'all' && !options.expand?.length)) {
      notice = `${model.edges.length} arrows are too many to draw: the namespaces are collapsed. Filter by namespace or port, or focus on a workload.`;
      model = buildGraph(matrix, collapsed);
    }
  }
  return { model, ...(notice ? { notice } : {}), graphMs: performance.now() - t0 };
}

/** How many workloads the options would draw outside collapsed namespaces (filters other than the namespace one ignored). */
function openWorkloads(matrix: ConnectivityMatrix, options: GraphOptions): number {
  const namespaces = options.namespaces && options.namespaces.length > 0 ? new Set(options.namespaces) : undefined;
  const kept = matrix.endpoints.filter((e) => e.kind === 'workload' && (!namespaces || namespaces.has(e.namespace ?? '')));
  const mode = options.collapse ?? 'auto';
  const collapseAll = mode === 'all' || (mode === 'auto' && kept.length > COLLAPSE_ABOVE);
  if (!collapseAll) return kept.length;
  const expanded = new Set(options.expand ?? []);
  return kept.filter((e) => expanded.has(e.namespace ?? '')).length;
}
