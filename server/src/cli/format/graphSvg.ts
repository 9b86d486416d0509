// The graph as a standalone SVG file: the view's renderer, with the
// stylesheet inlined (the webview ships it as a file instead).
import { ConnectivityGraph, layoutGraph, renderSvg } from '../../core/graph';

export function formatGraphSvg(g: ConnectivityGraph, title: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${renderSvg(layoutGraph(g), { title, inlineStyle: true })}`;
}
