// Reads the input files and runs the per-file analysis on each, the same
// pipeline the language server runs on an open document (including the
// `# netpol-disable-...` comments), so the CLI and the editor agree.
import * as fs from 'fs';
import { analyzeText, AnalyzeOptions } from '../core/analyze';
import type { Finding } from '../core/findings';
import { LineIndex } from '../core/yaml/lineIndex';
import { applySuppressions } from '../core/suppressions';
import type { InputFile } from './files';

export interface CheckedFile extends InputFile {
  text: string;
  lines: LineIndex;
  /** Sorted by position. */
  findings: Finding[];
  /** Why the file was not analysed (binary, template, too large...). */
  skipped?: string;
  /** Why the file could not be read at all. */
  readError?: string;
}

export function analyzeFiles(files: readonly InputFile[], options: AnalyzeOptions = {}): CheckedFile[] {
  return files.map((file) => analyzeFile(file, options));
}

function analyzeFile(file: InputFile, options: AnalyzeOptions): CheckedFile {
  let text: string;
  try {
    text = stripBom(fs.readFileSync(file.absPath, 'utf8'));
  } catch (e) {
    return { ...file, text: '', lines: new LineIndex(''), findings: [], readError: (e as Error).message };
  }
  const analysis = analyzeText(text, { ...options, path: file.displayPath });
  const { lines, skipped } = analysis.parsed;
  const findings = applySuppressions(analysis.findings, text, lines).sort(byPosition);
  return { ...file, text, lines, findings, skipped: skipped?.note };
}

/** Editors drop a UTF-8 byte order mark from the text; so do we, so columns match. */
function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

export function byPosition(a: Finding, b: Finding): number {
  return a.range.start - b.range.start || a.range.end - b.range.end || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0);
}
