// A connectivity diff as a graph for the pictures (dot, svg, html): the
// endpoints of the changed connections, one edge per changed pair, marked
// added, removed or changed (with the base's ports), so the renderers of the
// connectivity view colour them.
import { compare, ConnectivityGraph, edgeId, GraphEdge, GraphGroup, GraphNode, portsFromVerdict, portsText } from '../graph';
import { verdictOf, verdictToJson } from '../policy/engine';
import type { PortSet } from '../policy/engine';
import type { ConnectivityDiff, DiffEndpoint } from './connectivityDiff';

function text(p: PortSet): string {
  const list = portsFromVerdict(verdictToJson(verdictOf(p)));
  return list === undefined ? 'none' : portsText(list);
}

export function diffGraph(diff: ConnectivityDiff): ConnectivityGraph {
  const nodes = new Map<string, GraphNode>();
  const groups = new Map<string, GraphGroup>();
  const addNode = (e: DiffEndpoint) => {
    if (nodes.has(e.key)) return;
    const label = e.namespace !== undefined && e.key.startsWith(`${e.namespace}/`) ? e.key.slice(e.namespace.length + 1) : e.key;
    const note = e.note ? ` (${e.note})` : '';
    nodes.set(e.key, {
      id: e.key,
      label: `${label}${note}`,
      ...(e.namespace !== undefined ? { namespace: e.namespace } : {}),
      kind: e.kind === 'ip' ? 'ipblock' : e.kind,
      isolated: e.isolated ?? { ingress: false, egress: false },
    });
    if (e.namespace !== undefined) {
      let g = groups.get(e.namespace);
      if (!g) groups.set(e.namespace, (g = { id: e.namespace, label: e.namespace, nodeIds: [], collapsed: false }));
      g.nodeIds.push(e.key);
    }
  };
  const edges: GraphEdge[] = [];
  for (const row of diff.rows) {
    addNode(row.from);
    addNode(row.to);
    const ports = row.change === 'removed' ? text(row.before) : text(row.after);
    edges.push({ id: edgeId(row.from.key, row.to.key), from: row.from.key, to: row.to.key, ports, change: row.change, ...(row.change === 'changed' ? { before: text(row.before) } : {}) });
  }
  for (const g of groups.values()) g.nodeIds.sort(compare);
  const nodeList = [...nodes.values()].sort((a, b) => compare(a.id, b.id));
  return {
    nodes: nodeList,
    groups: [...groups.values()].sort((a, b) => compare(a.id, b.id)),
    edges: edges.sort((a, b) => compare(a.id, b.id)),
    collapsed: false,
    workloads: nodeList.filter((n) => n.kind === 'workload').length,
  };
}
