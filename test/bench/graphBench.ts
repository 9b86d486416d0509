// "graph model + layout": buildGraph, layoutGraph and renderSvg on
// generated workspaces of 30, 300 and 3,000 workloads (25 per namespace;
// in each, a default-deny ingress policy and web <- outside TCP 443,
// api <- web TCP 8080, db <- api TCP 5432, api <- the next namespace's web),
// as the view gets them: collapsed per `auto` above 150 workloads, and also
// expanded for comparison. The matrix itself is timed apart.
import { buildGraph, GraphOptions, layoutGraph, renderSvg } from '../../server/src/core/graph';
import { computeMatrix, ConnectivityMatrix } from '../../server/src/core/policy/engine';
import { inputFromYaml } from '../unit/engine/helpers';
import { median, now } from './measure';

const TIERS = ['web', 'api', 'db'];

export function workspaceYaml(workloads: number): Record<string, string> {
  const files: Record<string, string> = {};
  const namespaces = Math.ceil(workloads / 25);
  for (let n = 0; n < namespaces; n++) {
    const ns = `team-${n}`;
    const next = `team-${(n + 1) % namespaces}`;
    const docs = [`apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${ns}\n`];
    for (let i = n * 25; i < Math.min(workloads, (n + 1) * 25); i++) {
      const tier = TIERS[i % 3];
      docs.push(`apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${tier}-${i}\n  namespace: ${ns}\nspec:\n  template:\n    metadata:\n      labels: {tier: ${tier}}\n    spec:\n      containers: [{name: c}]\n`);
    }
    const policy = (name: string, tier: string, from: string, port: number) =>
      `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${name}, namespace: ${ns}}\nspec:\n  podSelector: {matchLabels: {tier: ${tier}}}\n  ingress:\n    - from: [${from}]\n      ports: [{protocol: TCP, port: ${port}}]\n`;
    docs.push(`apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: ${ns}}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n`);
    docs.push(policy('web', 'web', '{ipBlock: {cidr: 0.0.0.0/0}}', 443));
    docs.push(policy('api', 'api', '{podSelector: {matchLabels: {tier: web}}}', 8080));
    docs.push(policy('db', 'db', '{podSelector: {matchLabels: {tier: api}}}', 5432));
    docs.push(policy('api-next', 'api', `{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ${next}}}, podSelector: {matchLabels: {tier: web}}}`, 8080));
    files[`${ns}.yaml`] = docs.join('---\n');
  }
  return files;
}

export interface GraphBenchRow {
  workloads: number;
  mode: string;
  nodes: number;
  edges: number;
  matrixMs: number;
  modelMs: number;
  layoutMs: number;
  svgMs: number;
  totalMs: number;
  svgKb: number;
}

function timed<T>(runs: number, fn: () => T): { ms: number; value: T } {
  const times: number[] = [];
  let value!: T;
  for (let i = 0; i < runs; i++) {
    const start = now();
    value = fn();
    times.push(now() - start);
  }
  return { ms: median(times), value };
}

function row(matrix: ConnectivityMatrix, matrixMs: number, workloads: number, mode: string, options: GraphOptions, runs: number): GraphBenchRow {
  // A fresh matrix object per run would re-warm nothing: buildGraph caches per call only.
  const model = timed(runs, () => buildGraph(matrix, options));
  const layout = timed(runs, () => layoutGraph(model.value));
  const svg = timed(runs, () => renderSvg(layout.value, { inlineStyle: true }));
  return {
    workloads,
    mode,
    nodes: model.value.nodes.length,
    edges: model.value.edges.length,
    matrixMs,
    modelMs: model.ms,
    layoutMs: layout.ms,
    svgMs: svg.ms,
    totalMs: model.ms + layout.ms + svg.ms,
    svgKb: svg.value.length / 1024,
  };
}

export function benchGraph(sizes: number[] = [30, 300, 3000]): GraphBenchRow[] {
  const rows: GraphBenchRow[] = [];
  for (const n of sizes) {
    const input = inputFromYaml(workspaceYaml(n));
    const start = now();
    const matrix = computeMatrix(input);
    const matrixMs = now() - start;
    const runs = n >= 3000 ? 3 : 5;
    rows.push(row(matrix, matrixMs, n, n > 150 ? 'auto (collapsed)' : 'auto', {}, runs));
    if (n > 150) rows.push(row(matrix, matrixMs, n, 'expanded', { collapse: 'none' }, n >= 3000 ? 1 : runs));
    rows.push(row(matrix, matrixMs, n, 'focus', { focus: matrix.endpoints[1].key }, runs));
  }
  return rows;
}

export function printGraphBench(rows: GraphBenchRow[]): void {
  console.log('graph model + layout (ms, median)');
  console.table(
    rows.map((r) => ({
      workloads: r.workloads,
      mode: r.mode,
      nodes: r.nodes,
      edges: r.edges,
      'matrix ms': r.matrixMs.toFixed(0),
      'model ms': r.modelMs.toFixed(1),
      'layout ms': r.layoutMs.toFixed(1),
      'svg ms': r.svgMs.toFixed(1),
      'model+layout+svg ms': r.totalMs.toFixed(1),
      'svg KB': r.svgKb.toFixed(0),
    })),
  );
}

if (require.main === module) printGraphBench(benchGraph());
