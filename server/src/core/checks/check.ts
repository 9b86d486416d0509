// A workspace check: one rule, run over the policies of one file against the
// whole index. The LSP layer maps severities from settings and may disable a
// rule by id; the default severity is what a fresh install shows.
import type { Finding, Severity } from '../findings';
import type { WorkspaceIndex } from '../index/workspaceIndex';

export interface IndexCheck {
  id: string;
  defaultSeverity: Severity;
  /** One short paragraph for docs and settings descriptions. */
  doc: string;
  run(index: WorkspaceIndex, uri: string): Finding[];
}
