// Messages between the connectivity panel (extension host) and its webview
// script. Types only: both bundles read this file.
import type { CompactMatrix } from '../../../server/src/core/policy/engine/compactMatrix';
import type { MatrixJson } from '../../../server/src/core/policy/engine/matrix';
import type { ExplainParams, ExplainResult, GraphResult, LinkLocation, ViewGraphOptions } from '../../../server/src/features/connectivityProtocol';

/** A graph answer with its compact matrix filled in by the host (the server may leave it out). */
export type HostGraph = Omit<GraphResult, 'compactMatrix'> & { compactMatrix: CompactMatrix };

/** What the panes read: the webview decodes the matrix once per `matrixVersion`. */
export type ViewGraph = Omit<GraphResult, 'compactMatrix'> & { matrix: MatrixJson };

export type Selection = { kind: 'node'; id: string } | { kind: 'edge'; from: string; to: string };

/** What the webview keeps across hiding and reloading (getState/setState, and the serializer's state). */
export interface ViewState {
  options: ViewGraphOptions;
  tab: 'graph' | 'matrix';
  selection?: Selection;
  /** The last explanation asked for, shown again after a reload. */
  explain?: ExplainParams;
}

export type HostMessage =
  | { type: 'graph'; result: HostGraph; options: ViewGraphOptions }
  | { type: 'busy' }
  | { type: 'error'; message: string }
  /** Select this (a code lens' focus, or the explain command). */
  | { type: 'select'; selection: Selection; options?: ViewGraphOptions }
  | { type: 'explanation'; request: ExplainParams; result: ExplainResult };

export type WebviewMessage =
  | { type: 'ready'; state?: ViewState }
  | { type: 'options'; options: ViewGraphOptions }
  | { type: 'explain'; request: ExplainParams }
  | { type: 'open'; location: LinkLocation }
  | { type: 'state'; state: ViewState };
