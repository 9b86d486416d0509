// `file:line:col severity rule-id message`, one finding a line, 1-based
// line and column (UTF-16 units, as editors count them).
import type { CheckedFile } from '../analyzeFiles';

export function formatText(files: readonly CheckedFile[]): string {
  let out = '';
  for (const file of files) {
    for (const f of file.findings) {
      const { line, character } = file.lines.positionAt(f.range.start);
      out += `${file.displayPath}:${line + 1}:${character + 1} ${f.severity} ${f.ruleId} ${oneLine(f.message)}\n`;
    }
  }
  return out;
}

/** A finding is one line of output, whatever its message holds. */
export function oneLine(message: string): string {
  return message.replace(/\s*[\r\n]+\s*/g, ' ');
}
