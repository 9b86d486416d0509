// The connectivity graph: model (build.ts), layout (layout.ts), one SVG
// renderer (svg.ts) and its stylesheet (css.ts). Pure core: no editor or
// protocol imports, shared by the CLI, the server and the webview.
export * from './types';
export { buildGraph, compare, edgeId, namespaceNodeId } from './build';
export { layoutGraph } from './layout';
export { renderSvg, SVG_NAMESPACE } from './svg';
export { GRAPH_CSS } from './css';
export { escapeXml } from './escape';
export { addressSpace, findBlock } from './ipBlocks';
export type { AddressSpace, NamedBlock } from './ipBlocks';
export { compareRuleIds, ruleId } from './ruleIds';
export { edgeLabel, edgeTitle, nodeDetail, nodeTitle } from './labels';
export { ALL_CONNECTIONS, allowsPort, parsePortProbe, portsFromVerdict, portsText, unionPorts } from './ports';
export type { PortList, PortProbe } from './ports';
