// The findings as a JSON array with 0-based LSP positions, for scripts.
import type { Range } from '../../core/yaml/lineIndex';
import type { Severity } from '../../core/findings';
import type { CheckedFile } from '../analyzeFiles';
import { relatedPlaces } from './related';

export interface JsonFinding {
  file: string;
  range: Range;
  severity: Severity;
  ruleId: string;
  message: string;
  /** Other places involved (present only when there are some). */
  related?: { file: string; range: Range; message: string }[];
}

export function toJsonFindings(files: readonly CheckedFile[]): JsonFinding[] {
  return files.flatMap((file) =>
    file.findings.map((f) => {
      const out: JsonFinding = { file: file.displayPath, range: file.lines.rangeOf(f.range), severity: f.severity, ruleId: f.ruleId, message: f.message };
      const related = relatedPlaces(file, f).map((r) => ({ file: r.file.displayPath, range: r.range, message: r.message }));
      if (related.length > 0) out.related = related;
      return out;
    }),
  );
}

export function formatJson(files: readonly CheckedFile[]): string {
  return JSON.stringify(toJsonFindings(files), null, 2) + '\n';
}
