// The one renderer: a laid-out graph as SVG text, for the webview and for
// `netpol matrix --format svg|html` alike. Colours are CSS classes
// (GRAPH_CSS); every element the webview attaches clicks to carries its
// identity as data attributes: `g.node[data-node]`, `g.edge[data-edge]
// [data-from][data-to]` (and `data-rules`, the rules that allow it),
// `g.group[data-group]`. Every text is escaped.
import { GRAPH_CSS } from './css';
import { escapeXml } from './escape';
import { EDGE_FONT, edgeLabel, edgeTitle, nodeDetail, nodeTitle, textWidth, truncate } from './labels';
import type { LaidOutEdge, LaidOutGraph, LaidOutGroup, LaidOutNode, SvgOptions } from './types';

/** Built from parts, so a search of the HTML for `http://` URLs can tell the namespace from a resource. */
export const SVG_NAMESPACE = ['http:', '', 'www.w3.org', '2000', 'svg'].join('/');

const MARKERS = ['', 'added', 'removed', 'changed'] as const;

export function renderSvg(g: LaidOutGraph, options: SvgOptions = {}): string {
  const title = options.title ?? 'Connectivity';
  const xmlns = options.xmlns === false ? '' : ` xmlns="${SVG_NAMESPACE}"`;
  const out: string[] = [];
  out.push(
    `<svg${xmlns} class="netpol-graph" width="${g.width}" height="${g.height}" viewBox="0 0 ${g.width} ${g.height}" role="img" aria-label="${escapeXml(title)}"${g.collapsed ? ' data-collapsed="true"' : ''}>`,
  );
  out.push(`<title>${escapeXml(title)}</title>`);
  if (options.inlineStyle) out.push(`<style>${GRAPH_CSS}</style>`);
  out.push('<defs>');
  for (const m of MARKERS) {
    out.push(
      `<marker id="${markerId(m)}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="9" markerHeight="9" markerUnits="userSpaceOnUse" orient="auto-start-reverse"><path class="arrowhead${m ? ` ${m}` : ''}" d="M0,0L10,5L0,10z"/></marker>`,
    );
  }
  out.push('</defs>');
  out.push(`<rect class="background" x="0" y="0" width="${g.width}" height="${g.height}"/>`);
  out.push('<g class="groups">');
  for (const group of g.groups) out.push(groupSvg(group));
  out.push('</g>');
  out.push('<g class="edges">');
  for (const e of g.edges) out.push(edgeSvg(e));
  out.push('</g>');
  out.push('<g class="nodes">');
  for (const n of g.nodes) out.push(nodeSvg(n));
  out.push('</g>');
  out.push('</svg>');
  return out.join('\n') + '\n';
}

function markerId(change: (typeof MARKERS)[number]): string {
  return change ? `netpol-arrow-${change}` : 'netpol-arrow';
}

function groupSvg(g: LaidOutGroup): string {
  const name = escapeXml(g.label);
  return [
    `<g class="group${g.collapsed ? ' collapsed' : ''}" data-group="${escapeXml(g.id)}">`,
    `<rect class="group-box" x="${g.x}" y="${g.y}" width="${g.w}" height="${g.h}" rx="6"/>`,
    `<text class="group-label" x="${g.x + 10}" y="${g.y + 17}">${name}<tspan class="group-kind"> [namespace]</tspan></text>`,
    '</g>',
  ].join('');
}

function edgeSvg(e: LaidOutEdge): string {
  const d = pathData(e.points);
  const classes = ['edge', ...(e.change ? [e.change] : [])].join(' ');
  const data = [
    `data-edge="${escapeXml(e.id)}"`,
    `data-from="${escapeXml(e.from)}"`,
    `data-to="${escapeXml(e.to)}"`,
    `data-ports="${escapeXml(e.ports)}"`,
    ...(e.count !== undefined ? [`data-count="${e.count}"`] : []),
    ...(e.change ? [`data-change="${e.change}"`] : []),
    ...(e.before !== undefined ? [`data-before="${escapeXml(e.before)}"`] : []),
    ...(e.rules !== undefined && e.rules.length > 0 ? [`data-rules="${escapeXml(e.rules.join(', '))}"`] : []),
  ].join(' ');
  const label = edgeLabel(e);
  return [
    `<g class="${classes}" ${data}>`,
    `<title>${escapeXml(edgeTitle(e))}</title>`,
    `<path class="edge-hit" d="${d}"/>`,
    `<path class="edge-line" d="${d}" marker-end="url(#${markerId(e.change ?? '')})"/>`,
    `<text class="edge-label${e.crowded ? ' crowded' : ''}" x="${e.labelAt.x}" y="${e.labelAt.y}" text-anchor="middle" dominant-baseline="central">${escapeXml(label)}</text>`,
    '</g>',
  ].join('');
}

/** `M start C c1 c2 end C ...`; a straight line when the points are no poly-Bézier. */
function pathData(points: readonly { x: number; y: number }[]): string {
  if (points.length === 0) return 'M0,0';
  const [first, ...rest] = points;
  if (rest.length % 3 !== 0) return `M${first.x},${first.y}${rest.map((p) => ` L${p.x},${p.y}`).join('')}`;
  let d = `M${first.x},${first.y}`;
  for (let i = 0; i < rest.length; i += 3) d += ` C${rest[i].x},${rest[i].y} ${rest[i + 1].x},${rest[i + 1].y} ${rest[i + 2].x},${rest[i + 2].y}`;
  return d;
}

function nodeSvg(n: LaidOutNode): string {
  const classes = ['node', n.kind, ...(n.cluster !== undefined ? ['cluster'] : []), ...(n.isolated.ingress ? ['isolated-ingress'] : []), ...(n.isolated.egress ? ['isolated-egress'] : [])].join(' ');
  const detail = nodeDetail(n);
  const cx = n.x + n.w / 2;
  const maxChars = Math.max(4, Math.floor((n.w - 16) / textWidth('x', 12)));
  const rx = n.kind === 'outside' || n.kind === 'ipblock' ? n.h / 2 : 4;
  const parts = [
    `<g class="${classes}" data-node="${escapeXml(n.id)}"${n.namespace !== undefined ? ` data-namespace="${escapeXml(n.namespace)}"` : ''}>`,
    `<title>${escapeXml(nodeTitle(n))}</title>`,
    `<rect class="node-box" x="${n.x}" y="${n.y}" width="${n.w}" height="${n.h}" rx="${rx}"/>`,
  ];
  // Isolation marks: a bar on the side traffic comes in (left) or goes out (right).
  if (n.isolated.ingress) parts.push(`<rect class="iso iso-ingress" x="${n.x}" y="${n.y + 4}" width="4" height="${n.h - 8}"/>`);
  if (n.isolated.egress) parts.push(`<rect class="iso iso-egress" x="${n.x + n.w - 4}" y="${n.y + 4}" width="4" height="${n.h - 8}"/>`);
  const nameY = detail === undefined ? n.y + n.h / 2 : n.y + 15;
  parts.push(`<text class="node-label" x="${cx}" y="${nameY}" text-anchor="middle" dominant-baseline="central">${escapeXml(truncate(n.label, maxChars))}</text>`);
  if (detail !== undefined) {
    const detailChars = Math.max(4, Math.floor((n.w - 16) / textWidth('x', EDGE_FONT)));
    parts.push(`<text class="node-detail" x="${cx}" y="${n.y + 30}" text-anchor="middle" dominant-baseline="central">${escapeXml(truncate(detail, detailChars))}</text>`);
  }
  parts.push('</g>');
  return parts.join('');
}
