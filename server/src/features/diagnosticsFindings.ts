// Which findings a document shows: the per-file analysis plus any extra
// sources (issue #3's workspace checks), minus disable comments, with the
// user's per-rule severities. No scheduling and no protocol here.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { FileAnalysis } from '../core/analyze';
import type { Finding } from '../core/findings';
import { applyRuleLevels } from '../lsp/ruleLevels';
import type { NetpolSettings } from '../lsp/settings';
import { applySuppressions } from '../core/suppressions';

/**
 * Extra findings for one open document, with offsets into `analysis.parsed.text`.
 * May be async (e.g. waits for the workspace index).
 */
export type FindingSource = (doc: TextDocument, analysis: FileAnalysis) => Finding[] | Promise<Finding[]>;

export async function collectFindings(
  doc: TextDocument,
  analysis: FileAnalysis,
  sources: readonly FindingSource[],
  settings: NetpolSettings,
): Promise<Finding[]> {
  const all = [...analysis.findings];
  for (const source of sources) all.push(...(await source(doc, analysis)));
  const { text, lines } = analysis.parsed;
  return applyRuleLevels(applySuppressions(all, text, lines), settings.rules);
}
