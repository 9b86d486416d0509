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
  /**
   * Rules this one is more specific than: where a finding of this rule
   * overlaps one of theirs (same node), only this one is reported
   * (lints.md: "the more specific one wins").
   */
  replaces?: readonly string[];
  /** Opt-in rules run only when the user gives them a level. */
  offByDefault?: boolean;
  run(index: WorkspaceIndex, uri: string): Finding[];
}
