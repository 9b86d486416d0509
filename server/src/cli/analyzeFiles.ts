// Reads the input files into one workspace index and reports, per file, the
// same findings the language server publishes: the per-file analysis plus the
// workspace checks (selectors that match nothing...), after the
// `# netpol-disable-...` comments. The CLI and the editor agree.
import type { AnalyzeOptions } from '../core/analyze';
import type { Finding } from '../core/findings';
import type { RuleLevel } from '../core/config/types';
import { applyRuleLevels } from '../core/ruleLevels';
import { ruleEnabler, runIndexChecks } from '../core/checks';
import { LineIndex } from '../core/yaml/lineIndex';
import { applySuppressions } from '../core/suppressions';
import { notAnalysedNotes } from '../core/apiVersionFindings';
import type { InputFile } from './files';
import { loadIndex, LoadOptions } from './loadIndex';
import type { Jobs } from './parallel/jobs';

export interface CheckedFile extends InputFile {
  text: string;
  lines: LineIndex;
  /** Sorted by position. */
  findings: Finding[];
  /** Why the file was not analysed (binary, template, too large...). */
  skipped?: string;
  /** Why the file could not be read at all. */
  readError?: string;
  /** Objects left out, e.g. other products' NetworkPolicies (for stderr). */
  notes?: string[];
  /** The input file an index uri names (Finding.related), when it is one. */
  locate?: (uri: string) => RelatedFile | undefined;
}

/** Another input file, as the formats name a related place. */
export interface RelatedFile {
  absPath: string;
  displayPath: string;
  lines: LineIndex;
}

export interface AnalyzeFilesOptions extends AnalyzeOptions {
  /** Namespace of objects that name none (and no kustomization sets). */
  defaultNamespace?: string;
  /** Run the workspace checks (default true). */
  workspaceChecks?: boolean;
  /** Folder the index keys are relative to. */
  cwd: string;
  /** Per-rule severities and `off` (the project config's `rules:`). */
  rules?: Readonly<Record<string, RuleLevel>>;
  cluster?: LoadOptions['cluster'];
  jobs?: Jobs;
}

export async function analyzeFiles(files: readonly InputFile[], options: AnalyzeFilesOptions): Promise<CheckedFile[]> {
  const { defaultNamespace, workspaceChecks = true, cwd, rules = {}, cluster, jobs, ...analyze } = options;
  const { index, inputs } = await loadIndex(files, { cwd, defaultNamespace, analyze, cluster, jobs });
  // Policies checked without any workload (a policies-only folder) have
  // nothing to resolve against: saying so for every namespace is noise. The
  // cluster model's workloads (CoreDNS) do not make a folder a workspace.
  const resolveSelectors = workspaceChecks && index.fileWorkloadCount() > 0;
  const byUri = new Map<string, RelatedFile>();
  files.forEach((file, i) => {
    const lines = index.getFile(inputs[i].uri)?.analysis.parsed.lines;
    if (lines) byUri.set(inputs[i].uri, { absPath: file.absPath, displayPath: file.displayPath, lines });
  });
  const locate = (uri: string) => byUri.get(uri);
  return files.map((file, i) => {
    const { uri, text, readError } = inputs[i];
    if (text === undefined) return { ...file, text: '', lines: new LineIndex(''), findings: [], readError };
    const { analysis } = index.getFile(uri)!;
    const all = resolveSelectors ? [...analysis.findings, ...runIndexChecks(index, uri, ruleEnabler(rules))] : analysis.findings;
    const findings = applyRuleLevels(applySuppressions(all, text, analysis.parsed.lines), rules).sort(byPosition);
    return { ...file, text, lines: analysis.parsed.lines, findings, skipped: analysis.parsed.skipped?.note, notes: notAnalysedNotes(analysis.objects), locate };
  });
}

export function byPosition(a: Finding, b: Finding): number {
  return a.range.start - b.range.start || a.range.end - b.range.end || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0);
}
