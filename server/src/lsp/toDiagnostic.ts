// Findings (offsets) -> LSP diagnostics (UTF-16 positions). Positions come
// from the analysed text's LineIndex only, never recomputed elsewhere.
import { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver';
import type { Finding, Severity } from '../core/findings';
import type { LineIndex } from '../core/yaml/lineIndex';

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

export function toDiagnostic(f: Finding, lines: LineIndex): Diagnostic {
  const diagnostic: Diagnostic = {
    range: lines.rangeOf(f.range),
    severity: toLspSeverity(f.severity),
    code: f.ruleId,
    source: DIAGNOSTIC_SOURCE,
    message: f.message,
  };
  // Code actions (issue #3) read their payload back from `data`.
  if (f.data !== undefined) diagnostic.data = f.data;
  return diagnostic;
}

/** Diagnostics in document order, so every client sees the same list. */
export function toDiagnostics(findings: readonly Finding[], lines: LineIndex): Diagnostic[] {
  return [...findings]
    .sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end)
    .map((f) => toDiagnostic(f, lines));
}
