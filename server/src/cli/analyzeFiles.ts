// Reads the input files into one workspace index and reports, per file, the
// same findings the language server publishes: the per-file analysis plus the
// workspace checks (selectors that match nothing...), after the
// `# netpol-disable-...` comments. The CLI and the editor agree.
import * as fs from 'fs';
import * as path from 'path';
import type { AnalyzeOptions } from '../core/analyze';
import type { Finding } from '../core/findings';
import { KUSTOMIZATION_NAMES, WorkspaceIndex } from '../core/index';
import { runIndexChecks } from '../core/checks';
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

export interface AnalyzeFilesOptions extends AnalyzeOptions {
  /** Namespace of objects that name none (and no kustomization sets). */
  defaultNamespace?: string;
  /** Run the workspace checks (default true). */
  workspaceChecks?: boolean;
}

export function analyzeFiles(files: readonly InputFile[], options: AnalyzeFilesOptions = {}): CheckedFile[] {
  const { defaultNamespace, workspaceChecks = true, ...analyzeOptions } = options;
  const index = new WorkspaceIndex({ defaultNamespace: defaultNamespace || 'default' });
  const read = files.map((file) => readFile(file));
  read.forEach((r, i) => {
    if (r.text !== undefined) index.setFile(uriOf(files[i]), r.text, { ...analyzeOptions, path: files[i].displayPath });
  });
  addKustomizations(files, index, analyzeOptions);
  // Policies checked without any workload (a policies-only folder) have
  // nothing to resolve against: saying so for every namespace is noise.
  const resolveSelectors = workspaceChecks && index.workloadNamespaces().length > 0;
  return files.map((file, i) => {
    const { text, error } = read[i];
    if (text === undefined) return { ...file, text: '', lines: new LineIndex(''), findings: [], readError: error };
    const uri = uriOf(file);
    const { analysis } = index.getFile(uri)!;
    const all = resolveSelectors ? [...analysis.findings, ...runIndexChecks(index, uri)] : analysis.findings;
    const findings = applySuppressions(all, text, analysis.parsed.lines).sort(byPosition);
    return { ...file, text, lines: analysis.parsed.lines, findings, skipped: analysis.parsed.skipped?.note };
  });
}

/** A kustomization beside a named file sets its namespace even when not named itself. */
function addKustomizations(files: readonly InputFile[], index: WorkspaceIndex, options: AnalyzeOptions): void {
  const named = new Set(files.map((f) => f.absPath));
  for (const folder of new Set(files.map((f) => path.dirname(f.absPath)))) {
    for (const name of KUSTOMIZATION_NAMES) {
      const absPath = path.join(folder, name);
      if (named.has(absPath)) continue;
      const { text } = readFile({ absPath, displayPath: absPath });
      if (text !== undefined) index.setFile(absPath.split(path.sep).join('/'), text, { ...options, path: absPath });
    }
  }
}

/** Folders matter to the index (kustomization namespaces): key files by absolute path. */
function uriOf(file: InputFile): string {
  return file.absPath.split(path.sep).join('/');
}

function readFile(file: InputFile): { text?: string; error?: string } {
  try {
    return { text: stripBom(fs.readFileSync(file.absPath, 'utf8')) };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

/** Editors drop a UTF-8 byte order mark from the text; so do we, so columns match. */
function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

export function byPosition(a: Finding, b: Finding): number {
  return a.range.start - b.range.start || a.range.end - b.range.end || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0);
}
