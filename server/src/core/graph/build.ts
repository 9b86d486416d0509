// The matrix as a graph: one node per workload (or per collapsed namespace),
// `outside`, and one edge per allowed connection labelled with its port set;
// denied pairs and a workload to itself have none. Filters apply to
// workloads first, then namespaces collapse: a collapsed namespace's edges
// are the union of its members' port sets, with the number of workload pairs.
// The work is per pair of (shown node, engine class), so a collapsed
// 3,000-workload matrix costs classes², not workloads². ipBlocks are nodes
// outside the namespaces like `outside`; no collapse merges them, and a
// filter (namespace, port, isolated only, focus) drops those it leaves
// without an arrow. Each edge lists the rules that allow it (all of them,
// over the pairs an aggregated edge stands for).
import type { ConnectivityMatrix, MatrixJson } from '../policy/engine';
import { allowsPort, parsePortProbe, PortList, portsText, unionPorts } from './ports';
import { graphSource, SourceEndpoint } from './source';
import { compareRuleIds } from './ruleIds';
import { COLLAPSE_ABOVE, ConnectivityGraph, GraphEdge, GraphGroup, GraphNode, GraphOptions } from './types';

/** The id of a collapsed namespace's node. */
export function namespaceNodeId(namespace: string): string {
  return `${namespace}/*`;
}

export function edgeId(from: string, to: string): string {
  return `${from}->${to}`;
}

interface Bucket {
  node: string;
  cls: number;
  /** How many endpoints of the class the node holds. */
  count: number;
  sample: SourceEndpoint;
}

export function buildGraph(matrix: ConnectivityMatrix | MatrixJson, options: GraphOptions = {}): ConnectivityGraph {
  const source = graphSource(matrix, options.clusterOf);
  // A filter that is no port matches nothing rather than everything.
  const probe = options.port === undefined ? undefined : parsePortProbe(options.port) ?? null;
  const allowed = (a: SourceEndpoint, b: SourceEndpoint): PortList | undefined => {
    const p = source.ports(a, b);
    if (p === undefined || probe === undefined) return p;
    return probe !== null && allowsPort(p, probe) ? p : undefined;
  };

  const namespaces = options.namespaces && options.namespaces.length > 0 ? new Set(options.namespaces) : undefined;
  let kept = source.endpoints.filter(
    (e) => e.kind !== 'workload' || ((!namespaces || namespaces.has(e.namespace!)) && (!options.isolatedOnly || e.isolated.ingress || e.isolated.egress)),
  );
  let focus: SourceEndpoint | undefined;
  if (options.focus !== undefined) {
    focus = source.endpoints.find((e) => e.key === options.focus);
    const f = focus;
    const candidates = new Set(kept);
    kept = f === undefined ? [] : source.endpoints.filter((e) => e === f || (candidates.has(e) && (allowed(f, e) || allowed(e, f))));
  }

  const workloads = kept.filter((e) => e.kind === 'workload');
  const mode = options.collapse ?? 'auto';
  const collapseAll = mode === 'all' || (mode === 'auto' && workloads.length > COLLAPSE_ABOVE);
  const expanded = new Set(options.expand ?? []);
  if (focus?.namespace !== undefined) expanded.add(focus.namespace);
  const collapsedNs = (ns: string | undefined) => collapseAll && ns !== undefined && !expanded.has(ns);
  const nodeOf = (e: SourceEndpoint) => (e.kind === 'workload' && collapsedNs(e.namespace) ? namespaceNodeId(e.namespace!) : e.key);

  const buckets = new Map<string, Bucket>();
  for (const e of kept) {
    const node = nodeOf(e);
    const key = `${e.cls}\u0000${node}`;
    const b = buckets.get(key);
    if (b) b.count++;
    else buckets.set(key, { node, cls: e.cls, count: 1, sample: e });
  }
  const list = [...buckets.values()];
  const edges = new Map<string, { from: string; to: string; ports: PortList; pairs: number; aggregated: boolean; rules: Set<string> }>();
  for (const a of list) {
    for (const b of list) {
      if (a.node === b.node) continue;
      if (focus && a.sample !== focus && b.sample !== focus) continue;
      const p = allowed(a.sample, b.sample);
      if (p === undefined) continue;
      const id = edgeId(a.node, b.node);
      const pairs = a.count * b.count;
      let edge = edges.get(id);
      if (edge) {
        edge.ports = unionPorts(edge.ports, p);
        edge.pairs += pairs;
      } else {
        edges.set(id, (edge = { from: a.node, to: b.node, ports: p, pairs, aggregated: a.node !== a.sample.key || b.node !== b.sample.key, rules: new Set() }));
      }
      for (const r of source.rules?.(a.sample, b.sample) ?? []) edge.rules.add(r);
    }
  }
  // What a filter leaves of the ipBlocks: those it leaves an arrow (and a focus on one).
  const filtered = namespaces !== undefined || options.isolatedOnly === true || probe !== undefined || focus !== undefined;
  if (filtered) {
    const linked = new Set<string>();
    for (const e of edges.values()) linked.add(e.from).add(e.to);
    kept = kept.filter((e) => e.kind !== 'ipblock' || e === focus || linked.has(e.key));
  }

  const nodes = new Map<string, GraphNode>();
  const groups = new Map<string, GraphGroup>();
  for (const e of kept) {
    const id = nodeOf(e);
    if (e.namespace !== undefined) {
      let g = groups.get(e.namespace);
      if (!g) groups.set(e.namespace, (g = { id: e.namespace, label: e.namespace, nodeIds: [], collapsed: collapsedNs(e.namespace) }));
      if (!nodes.has(id)) g.nodeIds.push(id);
    }
    const existing = nodes.get(id);
    if (existing) {
      existing.members = (existing.members ?? 0) + 1;
      existing.isolated = { ingress: existing.isolated.ingress || e.isolated.ingress, egress: existing.isolated.egress || e.isolated.egress };
      continue;
    }
    if (id !== e.key) {
      nodes.set(id, { id, label: e.namespace!, namespace: e.namespace, kind: 'namespace', isolated: { ...e.isolated }, members: 1 });
      continue;
    }
    const label = e.label ?? (e.namespace !== undefined && e.key.startsWith(`${e.namespace}/`) ? e.key.slice(e.namespace.length + 1) : e.key);
    nodes.set(id, {
      id,
      label,
      ...(e.namespace !== undefined ? { namespace: e.namespace } : {}),
      kind: e.kind,
      ...(e.workloadId !== undefined ? { workloadId: e.workloadId } : {}),
      isolated: { ...e.isolated },
      ...(e.cluster !== undefined ? { cluster: e.cluster } : {}),
      ...(e.pods !== undefined ? { pods: e.pods } : {}),
      ...(e.except !== undefined && e.except.length > 0 ? { except: e.except } : {}),
    });
  }
  for (const g of groups.values()) g.nodeIds.sort(compare);

  const graphEdges = [...edges.entries()].map(
    ([id, e]): GraphEdge => ({ id, from: e.from, to: e.to, ports: portsText(e.ports), ...(e.aggregated ? { count: e.pairs } : {}), ...(e.rules.size > 0 ? { rules: [...e.rules].sort(compareRuleIds) } : {}) }),
  );
  const groupList = [...groups.values()].sort((a, b) => compare(a.id, b.id));
  return {
    nodes: [...nodes.values()].sort((a, b) => compare(a.id, b.id)),
    groups: groupList,
    edges: graphEdges.sort((a, b) => compare(a.id, b.id)),
    collapsed: groupList.some((g) => g.collapsed),
    workloads: workloads.length,
  };
}

/** Code-unit order: the same on every machine and locale. */
export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
