// The graph as ONE self-contained HTML file: the SVG inline (an HTML parser
// puts <svg> in the SVG namespace by itself, so no xmlns and no URL at all),
// the stylesheet and a small script inline, a CSP that forbids every network
// request, zoom (wheel) and pan (drag), click an arrow or a workload to
// highlight it and read its ports, and the matrix as a table below.
import { ConnectivityGraph, escapeXml, GRAPH_CSS, layoutGraph, renderSvg } from '../../core/graph';
import type { MatrixTable } from './matrixTable';

const PAGE_CSS = `
:root { color-scheme: light dark; }
body { margin: 0; font-family: -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; font-size: 13px; color: #24292f; background: #ffffff; }
@media (prefers-color-scheme: dark) { body { color: #e6edf3; background: #0d1117; } table.matrix td, table.matrix th { border-color: #30363d; } }
header { padding: 8px 16px; border-bottom: 1px solid #d0d7de; }
h1 { font-size: 16px; margin: 4px 0; }
h2 { font-size: 14px; margin: 16px 16px 8px; }
.hint, .legend { color: #57606a; margin: 4px 0; }
.legend span { margin-right: 16px; }
.viewport { height: 72vh; overflow: hidden; border-bottom: 1px solid #d0d7de; touch-action: none; cursor: grab; }
.viewport.dragging { cursor: grabbing; }
.viewport svg { width: 100%; height: 100%; display: block; }
#details { min-height: 1.5em; padding: 6px 16px; font-family: ui-monospace, Menlo, Consolas, monospace; }
.table-wrap { overflow: auto; padding: 0 16px 16px; }
table.matrix { border-collapse: collapse; font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 12px; }
table.matrix td, table.matrix th { border: 1px solid #d0d7de; padding: 2px 6px; text-align: left; white-space: nowrap; }
table.matrix td.none { opacity: 0.45; }
`;

// ES5, no eval, no network: pan and zoom by rewriting the viewBox; a click
// (a press that did not move) selects an edge or a node.
const SCRIPT = `
(function () {
  var view = document.getElementById('viewport');
  var svg = view && view.querySelector('svg');
  if (!svg) return;
  var details = document.getElementById('details');
  var vb = svg.viewBox.baseVal;
  var box = { x: vb.x, y: vb.y, w: vb.width, h: vb.height };
  svg.removeAttribute('width');
  svg.removeAttribute('height');
  function apply() { svg.setAttribute('viewBox', box.x + ' ' + box.y + ' ' + box.w + ' ' + box.h); }
  function toUser(ev) {
    var p = svg.createSVGPoint(); p.x = ev.clientX; p.y = ev.clientY;
    return p.matrixTransform(svg.getScreenCTM().inverse());
  }
  svg.addEventListener('wheel', function (ev) {
    ev.preventDefault();
    var p = toUser(ev);
    var f = ev.deltaY < 0 ? 0.85 : 1 / 0.85;
    box.x = p.x - (p.x - box.x) * f; box.y = p.y - (p.y - box.y) * f; box.w *= f; box.h *= f;
    apply();
  }, { passive: false });
  var start = null, moved = 0, down = null;
  svg.addEventListener('pointerdown', function (ev) {
    start = toUser(ev); moved = 0; down = { x: ev.clientX, y: ev.clientY };
    view.className = 'viewport dragging';
  });
  svg.addEventListener('pointermove', function (ev) {
    if (!start) return;
    moved = Math.max(moved, Math.abs(ev.clientX - down.x) + Math.abs(ev.clientY - down.y));
    if (moved < 4) return;
    var p = toUser(ev);
    box.x -= p.x - start.x; box.y -= p.y - start.y;
    apply();
  });
  function end(ev) {
    var wasClick = start && moved < 4;
    start = null; view.className = 'viewport';
    if (wasClick && ev.type === 'pointerup') select(ev.target);
  }
  svg.addEventListener('pointerup', end);
  svg.addEventListener('pointerleave', end);
  function all(sel) { return Array.prototype.slice.call(svg.querySelectorAll(sel)); }
  function clear() {
    all('.selected').forEach(function (el) { el.classList.remove('selected'); });
    all('.dimmed').forEach(function (el) { el.classList.remove('dimmed'); });
    details.textContent = '';
  }
  function closest(el, cls) {
    while (el && el !== svg) { if (el.classList && el.classList.contains(cls)) return el; el = el.parentNode; }
    return null;
  }
  function select(target) {
    clear();
    var edge = closest(target, 'edge');
    if (edge) {
      edge.classList.add('selected');
      var label = edge.querySelector('.edge-label');
      var rules = edge.getAttribute('data-rules');
      details.textContent = edge.getAttribute('data-from') + ' \\u2192 ' + edge.getAttribute('data-to') + ': ' + (label ? label.textContent : '') + (rules ? ' \\u2014 allowed by ' + rules : '');
      return;
    }
    var node = closest(target, 'node');
    if (!node) return;
    var id = node.getAttribute('data-node');
    node.classList.add('selected');
    var from = 0, to = 0;
    all('.edge').forEach(function (e) {
      var mine = e.getAttribute('data-from') === id || e.getAttribute('data-to') === id;
      if (!mine) { e.classList.add('dimmed'); return; }
      e.classList.add('selected');
      if (e.getAttribute('data-from') === id) to++; else from++;
    });
    details.textContent = id + ': reachable from ' + from + ', reaches ' + to;
  }
})();
`;

export interface HtmlOptions {
  title: string;
  /** The matrix under the picture (the same cells `--format text` prints). */
  table?: MatrixTable;
}

export function formatGraphHtml(g: ConnectivityGraph, options: HtmlOptions): string {
  const svg = renderSvg(layoutGraph(g), { title: options.title, xmlns: false });
  const title = escapeXml(options.title);
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    // Nothing may load from anywhere: the file is the whole picture.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${title}</title>`,
    `<style>${PAGE_CSS}${GRAPH_CSS}</style>`,
    '</head>',
    '<body>',
    '<header>',
    `<h1>${title}</h1>`,
    `<p class="hint">${g.workloads} workload${g.workloads === 1 ? '' : 's'}, ${g.edges.length} allowed connection${g.edges.length === 1 ? '' : 's'}${g.collapsed ? ' (namespaces collapsed: one node each, arrows aggregated, ×N workload pairs)' : ''}. Wheel: zoom · drag: pan · click an arrow or a workload to highlight it.</p>`,
    `<p class="legend"><span>→ allowed, labelled with its ports</span><span>bar on the left: isolated for ingress</span><span>bar on the right: isolated for egress</span><span>dashed box: cluster model, not in the files</span>${g.nodes.some((n) => n.kind === 'ipblock') ? '<span>rounded, left: the ipBlocks policies name; outside: every other address</span>' : ''}</p>`,
    '</header>',
    `<div class="viewport" id="viewport">${svg}</div>`,
    '<div id="details" aria-live="polite"></div>',
    ...(options.table ? ['<h2>Matrix (rows: from, columns: to)</h2>', `<div class="table-wrap">${tableHtml(options.table)}</div>`] : []),
    `<script>${SCRIPT}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function tableHtml(t: MatrixTable): string {
  const head = `<tr><th>from \\ to</th>${t.endpoints.map((e) => `<th>${escapeXml(e.label)}</th>`).join('')}</tr>`;
  const rows = t.endpoints.map((e, i) => {
    const cells = t.cells[i].map((c) => (c === undefined ? '<td>-</td>' : `<td${c === 'none' || c === 'denied' ? ' class="none"' : ''}>${escapeXml(c)}</td>`)).join('');
    return `<tr><th>${escapeXml(e.label)}</th>${cells}</tr>`;
  });
  return `<table class="matrix">${head}${rows.join('')}</table>`;
}
