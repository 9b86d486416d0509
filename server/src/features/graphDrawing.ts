// The matrix -> graph model -> layout -> SVG, timed per step. The steps are
// core/graph's (the same the CLI's `--format svg|html` uses).
import { performance } from 'perf_hooks';
import type { ConnectivityMatrix } from '../core/policy/engine';
import type { ConnectivityGraph, GraphOptions, LaidOutGraph } from '../core/graph/types';

export interface DrawnGraph {
  svg: string;
  model: ConnectivityGraph;
  timings: { graph: number; layout: number; render: number };
}

export function drawGraph(matrix: ConnectivityMatrix, options: GraphOptions): DrawnGraph {
  const t0 = performance.now();
  const model = buildGraph(matrix, options);
  const t1 = performance.now();
  const laid = layoutGraph(model);
  const t2 = performance.now();
  const svg = renderSvg(laid, { title: 'Connectivity', xmlns: true });
  const t3 = performance.now();
  return { svg, model, timings: { graph: t1 - t0, layout: t2 - t1, render: t3 - t2 } };
}

// PLACEHOLDER until core/graph lands (branch graph): removed at merge.
function buildGraph(_m: ConnectivityMatrix, _o: GraphOptions): ConnectivityGraph {
  return { nodes: [], groups: [], edges: [], collapsed: false, workloads: 0 };
}
function layoutGraph(g: ConnectivityGraph): LaidOutGraph {
  return { width: 10, height: 10, nodes: g.nodes.map((n) => ({ ...n, x: 0, y: 0, w: 1, h: 1 })), groups: [], edges: [] };
}
function renderSvg(_l: LaidOutGraph, _o: { title: string; xmlns: boolean }): string {
  return '<svg xmlns="http://www.w3.org/2000/svg"></svg>';
}
