// The graph as Graphviz dot, in the shape netpol-analyzer users know: one
// `subgraph "cluster_<ns>"` labelled `<ns>[namespace]` per namespace, nodes
// named by their matrix keys, outside (and ipBlocks) at the top level, edge
// labels the port sets, edge tooltips the rules that allow them. Every
// block's lines are sorted, so the output is the same for the same input. Diffs: added green, removed red dashed, changed
// magenta labelled `NEW (was: OLD)`.
import { compare, ConnectivityGraph, edgeLabel, GraphEdge, GraphNode, nodeDetail } from '../../core/graph';

/** A dot string literal: backslashes and quotes escaped, line breaks as `\n`. */
export function dotString(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r\n|\r|\n/g, '\\n')}"`;
}

const EDGE_COLOURS: Record<NonNullable<GraphEdge['change']> | 'none', string> = {
  none: 'color="gold2" fontcolor="darkgreen"',
  added: 'color="#008000" fontcolor="#008000"',
  removed: 'color="red2" fontcolor="red2" style="dashed"',
  changed: 'color="magenta" fontcolor="magenta"',
};

function nodeLine(n: GraphNode): string {
  const detail = nodeDetail(n);
  const label = n.kind === 'namespace' ? `${n.label}[namespace]` : n.label;
  const full = detail === undefined ? label : `${label}\n${detail}`;
  const colour = n.kind === 'outside' || n.kind === 'ipblock' ? 'color="red2" fontcolor="red2"' : n.kind === 'namespace' ? 'color="blue" fontcolor="blue" shape="box3d"' : 'color="blue" fontcolor="blue"';
  return `${dotString(n.id)} [label=${dotString(full)} ${colour}]`;
}

function sorted(lines: string[]): string[] {
  return lines.sort(compare);
}

export function formatGraphDot(g: ConnectivityGraph): string {
  const byId = new Map(g.nodes.map((n) => [n.id, n]));
  const grouped = new Set<string>();
  const out = ['digraph {'];
  for (const group of g.groups) {
    out.push(`\tsubgraph ${dotString(`cluster_${group.id}`)} {`);
    out.push('\t\tcolor="black"', '\t\tfontcolor="black"');
    const members = group.nodeIds.map((id) => byId.get(id)).filter((n): n is GraphNode => n !== undefined);
    for (const n of members) grouped.add(n.id);
    for (const line of sorted(members.map(nodeLine))) out.push(`\t\t${line}`);
    out.push(`\t\tlabel=${dotString(`${group.label}[namespace]`)}`);
    out.push('\t}');
  }
  for (const line of sorted(g.nodes.filter((n) => !grouped.has(n.id)).map(nodeLine))) out.push(`\t${line}`);
  const tooltip = (e: GraphEdge) => (e.rules !== undefined && e.rules.length > 0 ? ` tooltip=${dotString(e.rules.join('\n'))}` : '');
  const edges = g.edges.map((e) => `${dotString(e.from)} -> ${dotString(e.to)} [label=${dotString(edgeLabel(e))} ${EDGE_COLOURS[e.change ?? 'none']}${tooltip(e)}]`);
  for (const line of sorted(edges)) out.push(`\t${line}`);
  out.push('}');
  return out.join('\n') + '\n';
}
