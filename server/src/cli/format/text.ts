// `file:line:col severity rule-id message`, one finding a line, 1-based
// line and column (UTF-16 units, as editors count them). Related places
// follow on indented lines: `  file:line:col: message`.
import type { CheckedFile } from '../analyzeFiles';
import { relatedPlaces } from './related';

export function formatText(files: readonly CheckedFile[]): string {
  let out = '';
  for (const file of files) {
    for (const f of file.findings) {
      const { line, character } = file.lines.positionAt(f.range.start);
      out += `${file.displayPath}:${line + 1}:${character + 1} ${f.severity} ${f.ruleId} ${oneLine(f.message)}\n`;
      for (const r of relatedPlaces(file, f)) out += `  ${r.file.displayPath}:${r.range.start.line + 1}:${r.range.start.character + 1}: ${oneLine(r.message)}\n`;
    }
  }
  return out;
}

/** A finding is one line of output, whatever its message holds. */
export function oneLine(message: string): string {
  return message.replace(/\s*[\r\n]+\s*/g, ' ');
}
