// The findings as a JSON array with 0-based LSP positions, for scripts.
import type { Range } from '../../core/yaml/lineIndex';
import type { Severity } from '../../core/findings';
import type { CheckedFile } from '../analyzeFiles';

export interface JsonFinding {
  file: string;
  range: Range;
  severity: Severity;
  ruleId: string;
  message: string;
}

export function toJsonFindings(files: readonly CheckedFile[]): JsonFinding[] {
  return files.flatMap((file) =>
    file.findings.map((f) => ({
      file: file.displayPath,
      range: file.lines.rangeOf(f.range),
      severity: f.severity,
      ruleId: f.ruleId,
      message: f.message,
    })),
  );
}

export function formatJson(files: readonly CheckedFile[]): string {
  return JSON.stringify(toJsonFindings(files), null, 2) + '\n';
}
