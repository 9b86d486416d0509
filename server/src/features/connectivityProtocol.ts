// The custom requests of the connectivity view, shared (as types only) by
// the server, the VS Code extension and the webview script. No imports of
// vscode or vscode-languageserver: the webview bundle reads this file too.
import type { ConnectivityGraph, GraphOptions } from '../core/graph/types';
import type { CompactMatrix } from '../core/policy/engine/compactMatrix';
import type { DirectionView, ExplainView, PolicyView, RuleView } from '../core/policy/engine/explainView';
import type { Range } from '../core/yaml/lineIndex';

/** `netpol/graph`: the picture and its data. */
export const GRAPH_REQUEST = 'netpol/graph';
/** `netpol/explain`: one connection with its evidence and links. */
export const EXPLAIN_REQUEST = 'netpol/explain';
/** `netpol/endpoints`: what the quick picks offer. */
export const ENDPOINTS_REQUEST = 'netpol/endpoints';
/** Server -> client, debounced after the index changed: the view should ask again. */
export const CONNECTIVITY_CHANGED_NOTIFICATION = 'netpol/connectivityChanged';

/** The toolbar's choices: GraphOptions without the server-side callbacks. */
export type ViewGraphOptions = Omit<GraphOptions, 'clusterOf'>;

export interface GraphParams {
  options?: ViewGraphOptions;
  /**
   * The `matrixVersion` of the matrix the client already holds: when it is
   * still current, the answer leaves `compactMatrix` out.
   */
  matrixVersion?: number;
}

export interface GraphResult {
  /** The index version it was computed from. */
  version: number;
  /** Drawn by the shared renderer (core/graph), escaped, no scripts. */
  svg: string;
  model: ConnectivityGraph;
  /** Why the picture differs from what the options asked (too many arrows: namespaces collapsed). */
  notice?: string;
  /**
   * The same data as `netpol matrix --format json` (`decodeMatrix` gives that
   * shape; each distinct verdict once: 300 workloads take kilobytes, not
   * 2.4 MB); absent when the client's `matrixVersion` is current.
   */
  compactMatrix?: CompactMatrix;
  /** Identifies the matrix (the index version it was computed at). */
  matrixVersion: number;
  /** Where layout + SVG ran: the server's graph worker thread, or its main thread (no worker file, or the worker failed). */
  laidOutOn?: 'worker' | 'main';
  /** Milliseconds per step, for the bench and the output channel. */
  timings: { matrix: number; graph: number; layout: number; render: number };
}

export interface ExplainParams {
  /** A matrix key (`ns/name`, `ns/Kind/name`), a workload id, `outside`, or an IP address. */
  from: string;
  to: string;
  /** A number or a container port name of the destination; absent: every port. */
  port?: number | string;
  /** TCP (default with a port), UDP or SCTP. */
  protocol?: string;
}

/** A place in the workspace a link opens. */
export interface LinkLocation {
  uri?: string;
  /** 1-based. */
  line?: number;
  range?: Range;
}

/** `netpol explain --format json`'s shape, with `uri` where the CLI has `file`. */
export type WithUris<T> = T extends (infer U)[]
  ? WithUris<U>[]
  : T extends object
    ? { [K in keyof T as K extends 'file' ? 'uri' : K]: WithUris<T[K]> }
    : T;

export type ExplainJson = WithUris<ExplainView>;
export type DirectionJson = WithUris<DirectionView>;
export type RuleJson = WithUris<RuleView>;
export type PolicyJson = WithUris<PolicyView>;

export type ExplainResult = { explanation: ExplainJson } | { error: string };

export interface EndpointItem {
  /** The matrix key: `ns/name`, `ns/Kind/name`. */
  key: string;
  id: string;
  kind: string;
  namespace: string;
  name: string;
  /** Workloads of the cluster model: what they are. */
  cluster?: string;
  /** Container ports, for the port quick pick. */
  ports: { name?: string; protocol: string; port: number }[];
  location?: LinkLocation;
}

export interface EndpointsResult {
  workloads: EndpointItem[];
}
