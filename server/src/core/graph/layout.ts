// Coordinates for the graph, by hand and deterministic: namespaces as boxes
// in a grid (sorted by name), their workloads in a grid inside, `outside`
// and ipBlocks in a column to the left, edges as gentle cubic curves between
// the nodes' borders (A->B and B->A bend to opposite sides, so both stay
// visible), each label slid along its curve to the first spot that hides no
// node and no other label (a spatial hash keeps that cheap).
// Why no library: views.md measured elkjs at 3-5 s and dagre at 8.6 s for
// 300 nodes with namespace compounds, and this picture's shape (boxes of
// peers, not a hierarchy) gains little from layered layout; this runs in
// milliseconds and gives the same picture on every machine.
import { EDGE_FONT, edgeLabel, NODE_FONT, nodeDetail, textWidth } from './labels';
import type { Box, ConnectivityGraph, GraphNode, LaidOutEdge, LaidOutGraph, LaidOutGroup, LaidOutNode, Point } from './types';

const MARGIN = 24;
const NODE_PAD = 12;
const NODE_MIN_W = 96;
const NODE_MAX_W = 240;
const NODE_H = 30;
const NODE_H_DETAIL = 42;
const COL_GAP = 96;
const ROW_GAP = 60;
const GROUP_PAD = 18;
const GROUP_HEADER = 26;
const GROUP_GAP = 72;
const SIDE_GAP = 120;
const SIDE_ROW_GAP = 36;
const LABEL_H = EDGE_FONT + 4;
const LABEL_PAD = 6;
/** Where along its curve a label may sit, best first. */
const LABEL_STOPS = [0.5, 0.42, 0.58, 0.34, 0.66, 0.26, 0.74, 0.18, 0.82];

function nodeSize(n: GraphNode): { w: number; h: number } {
  const detail = nodeDetail(n);
  const text = Math.max(textWidth(n.label, NODE_FONT), detail === undefined ? 0 : textWidth(detail, EDGE_FONT));
  return { w: Math.min(NODE_MAX_W, Math.max(NODE_MIN_W, text + 2 * NODE_PAD)), h: detail === undefined ? NODE_H : NODE_H_DETAIL };
}

export function layoutGraph(g: ConnectivityGraph): LaidOutGraph {
  const byId = new Map(g.nodes.map((n) => [n.id, n]));
  const placed = new Map<string, LaidOutNode>();

  // Each group's box, its nodes placed relative to the box's corner.
  const groupBoxes = g.groups.map((group) => {
    const members = group.nodeIds.map((id) => byId.get(id)).filter((n): n is GraphNode => n !== undefined);
    const sizes = members.map(nodeSize);
    const cellW = Math.max(NODE_MIN_W, ...sizes.map((s) => s.w));
    const cellH = Math.max(NODE_H, ...sizes.map((s) => s.h));
    // Near-square: in a row of three, the outer two's arrows would cross the middle one.
    const cols = Math.max(1, Math.ceil(Math.sqrt(members.length)));
    const rows = Math.max(1, Math.ceil(members.length / cols));
    const labelW = textWidth(`${group.label} [namespace]`, NODE_FONT) + 2 * GROUP_PAD;
    const w = Math.max(labelW, 2 * GROUP_PAD + cols * cellW + (cols - 1) * COL_GAP);
    const h = GROUP_HEADER + GROUP_PAD + rows * cellH + (rows - 1) * ROW_GAP;
    const inner = members.map((n, i) => ({ n, x: GROUP_PAD + (i % cols) * (cellW + COL_GAP), y: GROUP_HEADER + Math.floor(i / cols) * (cellH + ROW_GAP), w: cellW, h: cellH }));
    return { group, w, h, inner };
  });

  // Groups in a grid: near-square, columns as wide as their widest box.
  const gridCols = Math.max(1, Math.ceil(Math.sqrt(groupBoxes.length)));
  const colW: number[] = [];
  const rowH: number[] = [];
  groupBoxes.forEach((b, i) => {
    const c = i % gridCols;
    const r = Math.floor(i / gridCols);
    colW[c] = Math.max(colW[c] ?? 0, b.w);
    rowH[r] = Math.max(rowH[r] ?? 0, b.h);
  });
  const offsets = (sizes: number[]) => sizes.reduce<number[]>((acc, s, i) => [...acc, acc[i] + s + GROUP_GAP], [0]);
  const colX = offsets(colW);
  const rowY = offsets(rowH);
  const groupsHeight = rowH.length === 0 ? 0 : rowY[rowH.length] - GROUP_GAP;

  // Outside and ipBlocks: a column on the left, centred on the groups.
  const side = g.nodes.filter((n) => n.namespace === undefined).sort((a, b) => sideRank(a) - sideRank(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const sideSizes = side.map(nodeSize);
  const sideW = sideSizes.length === 0 ? 0 : Math.max(...sideSizes.map((s) => s.w));
  const sideH = sideSizes.reduce((sum, s) => sum + s.h, 0) + Math.max(0, side.length - 1) * SIDE_ROW_GAP;
  const groupsX = MARGIN + (side.length > 0 ? sideW + SIDE_GAP : 0);
  let y = MARGIN + Math.max(0, (groupsHeight - sideH) / 2);
  side.forEach((n, i) => {
    placed.set(n.id, { ...n, x: MARGIN + (sideW - sideSizes[i].w) / 2, y, w: sideSizes[i].w, h: sideSizes[i].h });
    y += sideSizes[i].h + SIDE_ROW_GAP;
  });

  const groups: LaidOutGroup[] = groupBoxes.map((b, i) => {
    const gx = groupsX + colX[i % gridCols];
    const gy = MARGIN + rowY[Math.floor(i / gridCols)];
    for (const m of b.inner) placed.set(m.n.id, { ...m.n, x: gx + m.x, y: gy + m.y, w: m.w, h: m.h });
    return { ...b.group, x: gx, y: gy, w: b.w, h: b.h };
  });
  // Nodes of no group that have a namespace (not built by buildGraph; tolerated): under the side column.
  for (const n of g.nodes) {
    if (placed.has(n.id)) continue;
    const s = nodeSize(n);
    placed.set(n.id, { ...n, x: MARGIN, y, w: s.w, h: s.h });
    y += s.h + SIDE_ROW_GAP;
  }

  const nodes = g.nodes.map((n) => placed.get(n.id)!);
  // Curves avoid nodes; labels avoid nodes, group titles and each other.
  const nodeHash = new SpatialHash();
  const obstacles = new SpatialHash();
  for (const n of nodes) {
    nodeHash.add(n);
    obstacles.add(n);
  }
  for (const group of groups) obstacles.add({ x: group.x, y: group.y, w: textWidth(`${group.label} [namespace]`, NODE_FONT) + 20, h: GROUP_HEADER - 4 });
  const edges: LaidOutEdge[] = [];
  for (const e of g.edges) {
    const a = placed.get(e.from);
    const b = placed.get(e.to);
    if (!a || !b) continue;
    const points = avoidingCurve(a, b, nodeHash);
    const text = edgeLabel(e);
    const w = textWidth(text, EDGE_FONT) + LABEL_PAD;
    let labelAt = bezier(points, 0.5);
    for (const t of LABEL_STOPS) {
      const p = bezier(points, t);
      if (!obstacles.hits({ x: p.x - w / 2, y: p.y - LABEL_H / 2, w, h: LABEL_H })) {
        labelAt = p;
        break;
      }
    }
    obstacles.add({ x: labelAt.x - w / 2, y: labelAt.y - LABEL_H / 2, w, h: LABEL_H });
    edges.push({ ...e, points, labelAt });
  }

  return fitted({ width: 0, height: 0, nodes, groups, edges, collapsed: g.collapsed });
}

/** Everything (curves bulge past the boxes) moved to MARGIN from the top left, and the size around it. */
function fitted(g: LaidOutGraph): LaidOutGraph {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  const extend = (x: number, y: number, w = 0, h = 0) => {
    minX = Math.min(minX, x);
    minY = Math.min(minY, y);
    maxX = Math.max(maxX, x + w);
    maxY = Math.max(maxY, y + h);
  };
  for (const b of [...g.nodes, ...g.groups]) extend(b.x, b.y, b.w, b.h);
  for (const e of g.edges) {
    // A Bézier stays inside its control points' hull: a cheap, safe bound.
    for (const p of e.points) extend(p.x, p.y);
    const w = textWidth(edgeLabel(e), EDGE_FONT) + LABEL_PAD;
    extend(e.labelAt.x - w / 2, e.labelAt.y - LABEL_H / 2, w, LABEL_H);
  }
  if (minX === Infinity) return { ...g, width: 2 * MARGIN, height: 2 * MARGIN };
  const dx = Math.round(MARGIN - minX);
  const dy = Math.round(MARGIN - minY);
  const shift = <T extends Box>(b: T): T => ({ ...b, x: b.x + dx, y: b.y + dy });
  const move = (p: Point): Point => round({ x: p.x + dx, y: p.y + dy });
  return {
    width: Math.ceil(maxX + dx + MARGIN),
    height: Math.ceil(maxY + dy + MARGIN),
    nodes: dx === 0 && dy === 0 ? g.nodes : g.nodes.map(shift),
    groups: dx === 0 && dy === 0 ? g.groups : g.groups.map(shift),
    edges: dx === 0 && dy === 0 ? g.edges : g.edges.map((e) => ({ ...e, points: e.points.map(move), labelAt: move(e.labelAt) })),
    ...(g.collapsed !== undefined ? { collapsed: g.collapsed } : {}),
  };
}

function sideRank(n: GraphNode): number {
  return n.kind === 'outside' ? 0 : n.kind === 'ipblock' ? 1 : 2;
}

/** Bends tried, in order, until the curve crosses no other node (else the gentlest). */
const BENDS = [1, 2.2, 3.6];
const CURVE_SAMPLES = [0.2, 0.35, 0.5, 0.65, 0.8];

function avoidingCurve(a: LaidOutNode, b: LaidOutNode, obstacles: SpatialHash): Point[] {
  let first: Point[] | undefined;
  for (const bend of BENDS) {
    const points = curve(a, b, bend);
    first ??= points;
    const clear = CURVE_SAMPLES.every((t) => {
      const p = bezier(points, t);
      return !obstacles.hits({ x: p.x - 2, y: p.y - 2, w: 4, h: 4 }, (o) => o === a || o === b);
    });
    if (clear) return points;
  }
  return first!;
}

/** Start, two control points, end: bent to the right of the direction of travel. */
function curve(a: Box, b: Box, factor: number): Point[] {
  const ca = { x: a.x + a.w / 2, y: a.y + a.h / 2 };
  const cb = { x: b.x + b.w / 2, y: b.y + b.h / 2 };
  const dx = cb.x - ca.x;
  const dy = cb.y - ca.y;
  const len = Math.hypot(dx, dy) || 1;
  const bend = Math.min(48, 0.14 * len) * factor;
  const nx = (-dy / len) * bend;
  const ny = (dx / len) * bend;
  const c1 = { x: ca.x + dx / 3 + nx, y: ca.y + dy / 3 + ny };
  const c2 = { x: ca.x + (2 * dx) / 3 + nx, y: ca.y + (2 * dy) / 3 + ny };
  return [border(a, ca, c1), c1, c2, border(b, cb, c2)].map(round);
}

/** Where the ray from the box's centre towards `toward` leaves the box. */
function border(box: Box, centre: Point, toward: Point): Point {
  const vx = toward.x - centre.x;
  const vy = toward.y - centre.y;
  const tx = vx === 0 ? Infinity : box.w / 2 / Math.abs(vx);
  const ty = vy === 0 ? Infinity : box.h / 2 / Math.abs(vy);
  const t = Math.min(tx, ty);
  return Number.isFinite(t) ? { x: centre.x + vx * t, y: centre.y + vy * t } : centre;
}

function bezier(p: Point[], t: number): Point {
  const u = 1 - t;
  const x = u * u * u * p[0].x + 3 * u * u * t * p[1].x + 3 * u * t * t * p[2].x + t * t * t * p[3].x;
  const y = u * u * u * p[0].y + 3 * u * u * t * p[1].y + 3 * u * t * t * p[2].y + t * t * t * p[3].y;
  return round({ x, y });
}

/** One decimal: stable text in the SVG and the golden files. */
function round(p: Point): Point {
  return { x: Math.round(p.x * 10) / 10, y: Math.round(p.y * 10) / 10 };
}

/** Boxes bucketed by 96 px cells: overlap queries look at a few neighbours only. */
class SpatialHash {
  private readonly cells = new Map<string, Box[]>();
  private static readonly SIZE = 96;

  add(b: Box): void {
    for (const key of this.keys(b)) {
      const list = this.cells.get(key);
      if (list) list.push(b);
      else this.cells.set(key, [b]);
    }
  }

  hits(b: Box, ignore?: (o: Box) => boolean): boolean {
    for (const key of this.keys(b)) {
      for (const o of this.cells.get(key) ?? []) {
        if (ignore?.(o)) continue;
        if (b.x < o.x + o.w && o.x < b.x + b.w && b.y < o.y + o.h && o.y < b.y + b.h) return true;
      }
    }
    return false;
  }

  private *keys(b: Box): Generator<string> {
    const s = SpatialHash.SIZE;
    for (let cx = Math.floor(b.x / s); cx <= Math.floor((b.x + b.w) / s); cx++) {
      for (let cy = Math.floor(b.y / s); cy <= Math.floor((b.y + b.h) / s); cy++) yield `${cx},${cy}`;
    }
  }
}
