// The graph as a Mermaid flowchart for Markdown: `flowchart LR`, one
// subgraph per namespace, edge labels the port sets. Mermaid ids allow few
// characters, so nodes are `n0`, `n1`, ... and namespaces `ns0`, ... in
// sorted order; names go into quoted labels with Mermaid's `#...;` entities
// for what would end or break them.
import { ConnectivityGraph, edgeLabel, GraphNode, nodeDetail } from '../../core/graph';

/** A quoted Mermaid label: quotes, angle brackets, `#`, `&`, pipes and line breaks as entities. */
export function mermaidLabel(text: string): string {
  const escaped = text.replace(/[#"<>&|`\r\n]/g, (c) => (c === '\n' || c === '\r' ? ' ' : `#${c.codePointAt(0)};`));
  return `"${escaped}"`;
}

export function formatGraphMermaid(g: ConnectivityGraph): string {
  const ids = new Map(g.nodes.map((n, i) => [n.id, `n${i}`]));
  const byId = new Map(g.nodes.map((n) => [n.id, n]));
  const nodeLine = (n: GraphNode) => {
    const detail = nodeDetail(n);
    const label = mermaidLabel(detail === undefined ? n.label : `${n.label} (${detail})`);
    // Outside and ipBlocks are rounded; workloads and namespaces are boxes.
    return n.kind === 'outside' || n.kind === 'ipblock' ? `${ids.get(n.id)}([${label}])` : `${ids.get(n.id)}[${label}]`;
  };
  const out = ['flowchart LR'];
  const grouped = new Set<string>();
  g.groups.forEach((group, i) => {
    out.push(`  subgraph ns${i}[${mermaidLabel(`${group.label} [namespace]`)}]`);
    for (const id of group.nodeIds) {
      const n = byId.get(id);
      if (!n) continue;
      grouped.add(id);
      out.push(`    ${nodeLine(n)}`);
    }
    out.push('  end');
  });
  for (const n of g.nodes) if (!grouped.has(n.id)) out.push(`  ${nodeLine(n)}`);
  const styled: Record<string, number[]> = { added: [], removed: [], changed: [] };
  // linkStyle counts links in the order written.
  let link = 0;
  for (const e of g.edges) {
    const from = ids.get(e.from);
    const to = ids.get(e.to);
    if (from === undefined || to === undefined) continue;
    out.push(`  ${from} ${e.change === 'removed' ? '-.->' : '-->'}|${mermaidLabel(edgeLabel(e))}| ${to}`);
    if (e.change) styled[e.change].push(link);
    link++;
  }
  const colours = { added: '#1a7f37', removed: '#cf222e', changed: '#bf3989' };
  for (const change of ['added', 'removed', 'changed'] as const) {
    if (styled[change].length > 0) out.push(`  linkStyle ${styled[change].join(',')} stroke:${colours[change]},color:${colours[change]}`);
  }
  return out.join('\n') + '\n';
}
