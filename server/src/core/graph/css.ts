// The picture's stylesheet. Colours come from VS Code's theme variables
// (`--vscode-*`) with fallbacks for a standalone file (light, or dark when
// the viewer prefers it), so one SVG themes in the editor and looks right in
// a browser. The CLI inlines it in a <style>; the webview, whose CSP forbids
// inline styles, ships it as a file. No `style=` attribute is ever written.

export const GRAPH_CSS = `
.netpol-graph {
  --np-fg: var(--vscode-foreground, #24292f);
  --np-bg: var(--vscode-editor-background, #ffffff);
  --np-muted: var(--vscode-descriptionForeground, #57606a);
  --np-group-bg: var(--vscode-sideBar-background, #f6f8fa);
  --np-group-border: var(--vscode-panel-border, #d0d7de);
  --np-node-bg: var(--vscode-editorWidget-background, #ffffff);
  --np-node-border: var(--vscode-editorWidget-border, #8c959f);
  --np-edge: var(--vscode-editorLineNumber-foreground, #6e7781);
  --np-accent: var(--vscode-focusBorder, #0969da);
  --np-isolated: var(--vscode-charts-orange, #bc4c00);
  --np-outside: var(--vscode-charts-blue, #0969da);
  --np-cluster: var(--vscode-charts-purple, #8250df);
  --np-added: var(--vscode-charts-green, #1a7f37);
  --np-removed: var(--vscode-charts-red, #cf222e);
  --np-changed: var(--vscode-charts-purple, #bf3989);
  font-family: var(--vscode-font-family, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif);
  font-size: 12px;
}
@media (prefers-color-scheme: dark) {
  .netpol-graph {
    --np-fg: var(--vscode-foreground, #e6edf3);
    --np-bg: var(--vscode-editor-background, #0d1117);
    --np-muted: var(--vscode-descriptionForeground, #8d96a0);
    --np-group-bg: var(--vscode-sideBar-background, #161b22);
    --np-group-border: var(--vscode-panel-border, #30363d);
    --np-node-bg: var(--vscode-editorWidget-background, #0d1117);
    --np-node-border: var(--vscode-editorWidget-border, #6e7681);
    --np-edge: var(--vscode-editorLineNumber-foreground, #8d96a0);
    --np-accent: var(--vscode-focusBorder, #2f81f7);
    --np-isolated: var(--vscode-charts-orange, #f0883e);
    --np-outside: var(--vscode-charts-blue, #58a6ff);
    --np-cluster: var(--vscode-charts-purple, #bc8cff);
    --np-added: var(--vscode-charts-green, #3fb950);
    --np-removed: var(--vscode-charts-red, #f85149);
    --np-changed: var(--vscode-charts-purple, #db61a2);
  }
}
.netpol-graph .background { fill: var(--np-bg); }
.netpol-graph text { fill: var(--np-fg); }
.netpol-graph .group-box { fill: var(--np-group-bg); stroke: var(--np-group-border); stroke-width: 1; }
.netpol-graph .group-label { font-weight: 600; }
.netpol-graph .group-kind, .netpol-graph .node-detail { fill: var(--np-muted); font-size: 11px; }
.netpol-graph .node-box { fill: var(--np-node-bg); stroke: var(--np-node-border); stroke-width: 1; }
.netpol-graph .node.outside .node-box, .netpol-graph .node.ipblock .node-box { stroke: var(--np-outside); stroke-width: 1.5; }
.netpol-graph .node.namespace .node-box { stroke-width: 1.5; }
.netpol-graph .node.cluster .node-box { stroke: var(--np-cluster); stroke-dasharray: 4 3; }
.netpol-graph .iso { fill: var(--np-isolated); }
.netpol-graph .node { cursor: pointer; }
.netpol-graph .node:hover .node-box, .netpol-graph .node.selected .node-box { stroke: var(--np-accent); stroke-width: 2; }
.netpol-graph .edge-line { fill: none; stroke: var(--np-edge); stroke-width: 1.2; }
.netpol-graph .arrowhead { fill: var(--np-edge); }
.netpol-graph .edge { cursor: pointer; }
.netpol-graph .edge-hit { fill: none; stroke: transparent; stroke-width: 10; pointer-events: stroke; }
.netpol-graph .edge-label { font-size: 11px; paint-order: stroke; stroke: var(--np-bg); stroke-width: 3px; stroke-linejoin: round; }
.netpol-graph .edge:hover .edge-line, .netpol-graph .edge.selected .edge-line { stroke: var(--np-accent); stroke-width: 2.5; }
.netpol-graph .edge:hover .edge-label, .netpol-graph .edge.selected .edge-label { font-weight: 600; }
.netpol-graph .arrowhead.selected { fill: var(--np-accent); }
.netpol-graph .edge.added .edge-line { stroke: var(--np-added); stroke-width: 1.8; }
.netpol-graph .edge.added .edge-label { fill: var(--np-added); }
.netpol-graph .arrowhead.added { fill: var(--np-added); }
.netpol-graph .edge.removed .edge-line { stroke: var(--np-removed); stroke-width: 1.8; stroke-dasharray: 6 4; }
.netpol-graph .edge.removed .edge-label { fill: var(--np-removed); }
.netpol-graph .arrowhead.removed { fill: var(--np-removed); }
.netpol-graph .edge.changed .edge-line { stroke: var(--np-changed); stroke-width: 1.8; }
.netpol-graph .edge.changed .edge-label { fill: var(--np-changed); }
.netpol-graph .arrowhead.changed { fill: var(--np-changed); }
.netpol-graph .dimmed { opacity: 0.25; }
.vscode-high-contrast .netpol-graph .node-box, .vscode-high-contrast .netpol-graph .group-box { stroke: var(--vscode-contrastBorder, #6fc3df); stroke-width: 2; }
.vscode-high-contrast .netpol-graph .edge-line { stroke-width: 2; }
`;
