// The connectivity graph: the matrix as nodes (workloads, collapsed
// namespaces, outside, ipBlocks), groups (namespaces) and one edge per allowed
// connection labelled with its port set. Pure data, shared by the CLI, the
// server and the webview; `layout.ts` gives it coordinates and `svg.ts` draws
// it.

/**
 * An ipBlock node stands for the addresses of a block that policies name
 * (no pod IPs); `outside` beside them for the addresses of no named block.
 * An edge to or from one carries what at least one of its addresses may do.
 */
export type NodeKind = 'workload' | 'namespace' | 'outside' | 'ipblock';

export interface GraphNode {
  /**
   * Workloads: the matrix key (`ns/name`, `ns/Kind/name`, `ns/owner[Kind]`).
   * Outside: `outside`. A collapsed namespace: `ns/*` (no workload key ends
   * in `/*`, and a namespace may well be called `outside`). An ipBlock: its
   * CIDR and except list (`10.0.0.0/8 except 10.1.0.0/16`), masked.
   */
  id: string;
  /** For people: the workload's name within its namespace, the namespace, `outside`, an ipBlock's CIDR. */
  label: string;
  namespace?: string;
  kind: NodeKind;
  /** Workloads: the engine's workload id (for explain). */
  workloadId?: string;
  /**
   * Whether some policy selects the pods for that direction (so only what
   * policies allow gets through). A collapsed namespace: some member is.
   */
  isolated: { ingress: boolean; egress: boolean };
  /** Workloads of the cluster model (not in the files): what they are (`cluster DNS`). */
  cluster?: string;
  /** Pods grouped under a controller (cluster dumps): how many. */
  pods?: number;
  /** A collapsed namespace: how many workloads it stands for. */
  members?: number;
  /** An ipBlock: its except list (sorted), when it has one. */
  except?: string[];
}

export interface GraphGroup {
  /** The namespace. */
  id: string;
  label: string;
  /** The nodes drawn inside: its workloads, or the one `ns/*` node when collapsed. */
  nodeIds: string[];
  collapsed: boolean;
}

export type EdgeChange = 'added' | 'removed' | 'changed';

export interface GraphEdge {
  /** `${from}->${to}` */
  id: string;
  from: string;
  to: string;
  /**
   * `All Connections`, `TCP 3306`, `TCP 80,443;UDP 53` (protocols TCP, UDP,
   * SCTP in that order, ports ascending, ranges `8000-8080`).
   */
  ports: string;
  /** Aggregated (collapsed) edges: how many workload pairs it stands for. */
  count?: number;
  /**
   * The rules that allow it, `shop/db-policy ingress[0]`: egress rules of
   * the sender, then ingress rules of the receiver, sorted (ruleIds.ts).
   * Absent when no policy restricts either side, or the matrix was JSON.
   */
  rules?: string[];
  /** Diffs: how this edge differs from the other side. */
  change?: EdgeChange;
  /** `changed`: the other side's port set. */
  before?: string;
}

export interface ConnectivityGraph {
  /** Sorted by id. */
  nodes: GraphNode[];
  /** Sorted by id. */
  groups: GraphGroup[];
  /** Sorted by id. */
  edges: GraphEdge[];
  /** Whether some namespace is drawn as one node. */
  collapsed: boolean;
  /** Workloads after the filters, before collapsing. */
  workloads: number;
}

export interface GraphOptions {
  /** `auto` (default): collapse every namespace when more than COLLAPSE_ABOVE workloads are shown. */
  collapse?: 'auto' | 'all' | 'none';
  /** Namespaces kept open when collapsing. */
  expand?: string[];
  /** A workload key: it and its peers only, and only its edges. */
  focus?: string;
  /** Only the workloads of these namespaces (and the edges between what is left). */
  namespaces?: string[];
  /** Only edges that allow this port: `TCP 3306`, `UDP 53`, `3306` (TCP). */
  port?: string;
  /** Only workloads isolated for ingress or egress. */
  isolatedOnly?: boolean;
  /** Workload id -> what the cluster model's workload is; when the matrix's endpoints do not say. */
  clusterOf?: (workloadId: string) => string | undefined;
}

/** Above this many workloads, `collapse: 'auto'` draws one node per namespace. */
export const COLLAPSE_ABOVE = 150;

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface Point {
  x: number;
  y: number;
}

export type LaidOutNode = GraphNode & Box;
export type LaidOutGroup = GraphGroup & Box;
export interface LaidOutEdge extends GraphEdge {
  /**
   * A poly-Bézier: the start, then three points (two controls, an end) per
   * cubic segment, from border to border (1 + 3k points). Arrows between
   * namespaces pass through a gate on each box's border, so they bundle.
   */
  points: Point[];
  /** Centre of the label. */
  labelAt: Point;
  /** The label found no free spot: drawn on hover and selection only. */
  crowded?: boolean;
}

export interface LaidOutGraph {
  width: number;
  height: number;
  nodes: LaidOutNode[];
  groups: LaidOutGroup[];
  edges: LaidOutEdge[];
  collapsed?: boolean;
}

export interface SvgOptions {
  /** The SVG's <title> and aria-label. */
  title?: string;
  /** Inline GRAPH_CSS in a <style> (standalone files); the webview ships it as a file. Default false. */
  inlineStyle?: boolean;
  /** Write the xmlns attribute (default true); inline SVG in HTML needs none. */
  xmlns?: boolean;
}
