// Findings (offsets) -> LSP diagnostics (UTF-16 positions). Positions come
// from the analysed text's LineIndex only, never recomputed elsewhere.
import { Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity } from './protocol';
import type { Finding, Severity } from '../core/findings';
import { ruleDocUrl } from '../core/ruleDocs';
import type { LineIndex } from '../core/yaml/lineIndex';

/** The line index of another file (for relatedInformation), or undefined when it has no text (the cluster model). */
export type LinesOf = (uri: string) => LineIndex | undefined;

export const DIAGNOSTIC_SOURCE = 'netpol';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toLspSeverity(severity: Severity): DiagnosticSeverity {
  return SEVERITY[severity] ?? DiagnosticSeverity.Error;
}

export function toDiagnostic(f: Finding, lines: LineIndex, linesOf: LinesOf = () => undefined): Diagnostic {
  const diagnostic: Diagnostic = {
    range: lines.rangeOf(f.range),
    severity: toLspSeverity(f.severity),
    code: f.ruleId,
    source: DIAGNOSTIC_SOURCE,
    message: f.message,
  };
  const href = ruleDocUrl(f.ruleId);
  if (href) diagnostic.codeDescription = { href };
  const related = relatedInformation(f, linesOf);
  if (related.length > 0) diagnostic.relatedInformation = related;
  // Code actions (issue #3) read their payload back from `data`.
  if (f.data !== undefined) diagnostic.data = f.data;
  return diagnostic;
}

/** The finding's other places that have a file; places without text (the cluster model) are left out. */
function relatedInformation(f: Finding, linesOf: LinesOf): DiagnosticRelatedInformation[] {
  const out: DiagnosticRelatedInformation[] = [];
  for (const r of f.related ?? []) {
    const lines = linesOf(r.uri);
    if (lines) out.push({ location: { uri: r.uri, range: lines.rangeOf(r.range) }, message: r.message });
  }
  return out;
}

/** Diagnostics in document order, so every client sees the same list. */
export function toDiagnostics(findings: readonly Finding[], lines: LineIndex, linesOf?: LinesOf): Diagnostic[] {
  return [...findings]
    .sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end)
    .map((f) => toDiagnostic(f, lines, linesOf));
}
