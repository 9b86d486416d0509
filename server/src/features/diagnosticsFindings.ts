// Which findings a file shows, open or not: its per-file analysis plus the
// workspace checks, minus disable comments, with the user's per-rule
// severities. The one place that decides it, so an open document, a closed
// file and `netpol check` agree. No scheduling and no protocol here.
import { drain, indexCheckSteps, ruleEnabler } from '../core/checks';
import type { Finding } from '../core/findings';
import type { IndexedFile, WorkspaceIndex } from '../core/index/workspaceIndex';
import { applySuppressions } from '../core/suppressions';
import { applyRuleLevels } from '../lsp/ruleLevels';
import type { RuleLevel } from '../lsp/settings';

export interface FileFindings {
  file: IndexedFile;
  findings: Finding[];
  /** Whether a workspace check said something that is not `scoped` (before suppressions and levels): such findings may name any file's objects. */
  fromWorkspaceChecks: boolean;
}

export interface FindingsOptions {
  rules: Readonly<Record<string, RuleLevel>>;
  /** Off before the first full indexing run and outside the workspace folders. */
  workspaceChecks: boolean;
  /** Findings of other analyses of the file's text (e.g. the project config's own checks). */
  extra?: readonly ExtraFindings[];
}

/** More findings for a file, from its uri and text; `known` are the per-file ones, to avoid repeats. */
export type ExtraFindings = (uri: string, text: string, known: readonly Finding[]) => Finding[];

/**
 * Files whose findings depend on other files: policies, webhook
 * configurations and APIServices (the Services they call), and workloads
 * (which policies select them; hostNetwork).
 */
export function hasWorkspaceChecks(file: IndexedFile): boolean {
  return file.policies.length > 0 || file.callers.length > 0 || file.workloads.length > 0;
}

/** The findings of an indexed file (offsets into `file.text`), or undefined when the index does not hold it. */
export function findingsOf(index: WorkspaceIndex, uri: string, options: FindingsOptions): FileFindings | undefined {
  return drain(findingsSteps(index, uri, options));
}

/**
 * findingsOf one workspace check at a time: yields each check's id before
 * it runs (the caller may answer requests there, the index unchanged),
 * returns what findingsOf returns.
 */
export function* findingsSteps(index: WorkspaceIndex, uri: string, options: FindingsOptions): Generator<string, FileFindings | undefined, void> {
  const file = index.getFile(uri);
  if (!file) return undefined;
  const all = [...file.analysis.findings];
  for (const extra of options.extra ?? []) all.push(...extra(uri, file.text, file.analysis.findings));
  let fromWorkspaceChecks = false;
  if (options.workspaceChecks && hasWorkspaceChecks(file)) {
    const found = yield* indexCheckSteps(index, uri, ruleEnabler(options.rules));
    fromWorkspaceChecks = found.some((f) => !f.scoped);
    all.push(...found);
  }
  const findings = applyRuleLevels(applySuppressions(all, file.text, file.analysis.parsed.lines), options.rules);
  return { file, findings, fromWorkspaceChecks };
}
