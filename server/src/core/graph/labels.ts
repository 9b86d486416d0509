// The texts the picture shows, and how wide they are: one place, so the
// layout leaves room for exactly what the renderer writes.
import type { GraphEdge, GraphNode } from './types';

export const NODE_FONT = 12;
export const EDGE_FONT = 11;
/** Average advance of a sans-serif character per px of font size (no font metrics headless). */
const CHAR_WIDTH = 0.6;

export function textWidth(text: string, fontSize: number): number {
  // Code points, not UTF-16 units; wide (CJK, emoji) characters count double.
  let units = 0;
  for (const ch of text) units += (ch.codePointAt(0) ?? 0) >= 0x1100 ? 2 : 1;
  return Math.ceil(units * fontSize * CHAR_WIDTH);
}

/** The edge's tooltip: who to whom, its label, and the rules that allow it. */
export function edgeTitle(e: GraphEdge): string {
  const head = `${e.from} → ${e.to}: ${edgeLabel(e)}`;
  return e.rules !== undefined && e.rules.length > 0 ? `${head}\nallowed by ${e.rules.join(', ')}` : head;
}

/** What an edge's label says: its ports, `NEW (was: OLD)` for a changed edge, `×N` pairs when aggregated. */
export function edgeLabel(e: GraphEdge): string {
  const ports = e.change === 'changed' && e.before !== undefined ? `${e.ports} (was: ${e.before})` : e.ports;
  return e.count !== undefined ? `${ports} ×${e.count}` : ports;
}

/** The second line of a node: what it stands for, when there is more than its name to say. */
export function nodeDetail(n: GraphNode): string | undefined {
  if (n.kind === 'namespace') return `${n.members ?? 0} workload${n.members === 1 ? '' : 's'}`;
  if (n.kind === 'ipblock') return n.except !== undefined && n.except.length > 0 ? `except ${n.except.join(', ')}` : undefined;
  if (n.cluster !== undefined) return n.cluster;
  if (n.pods !== undefined) return `${n.pods} pod${n.pods === 1 ? '' : 's'}`;
  return undefined;
}

/** Cut to at most `max` characters (code points), with an ellipsis. */
export function truncate(text: string, max: number): string {
  const chars = [...text];
  if (chars.length <= max) return text;
  return chars.slice(0, Math.max(1, max - 1)).join('') + '…';
}

/** The tooltip: every fact the box may have cut. */
export function nodeTitle(n: GraphNode): string {
  const parts = [n.kind === 'namespace' ? `namespace ${n.label}` : n.kind === 'ipblock' ? `ipBlock ${n.label}` : n.id];
  const detail = nodeDetail(n);
  if (detail !== undefined) parts.push(detail);
  const iso = [n.isolated.ingress ? 'ingress' : '', n.isolated.egress ? 'egress' : ''].filter(Boolean);
  if (n.kind === 'ipblock') parts.push('its addresses that are no pod IP');
  if (n.kind !== 'outside' && n.kind !== 'ipblock') parts.push(iso.length > 0 ? `isolated for ${iso.join(' and ')}` : 'not isolated');
  return parts.join('\n');
}
