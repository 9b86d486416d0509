// PATH arguments -> the connectivity engine's input, through the same
// workspace index the language server uses, so namespaces resolve as in the
// editor: metadata.namespace, else the `namespace:` of a kustomization file in
// the object's folder, else --default-namespace. Files with errors still
// contribute their valid documents.
import * as fs from 'fs';
import * as path from 'path';
import type { OffsetRange } from '../core/findings';
import { engineInputFrom, KUSTOMIZATION_NAMES, WorkspaceIndex } from '../core/index';
import type { EngineInput } from '../core/policy/engine';
import type { Range } from '../core/yaml/lineIndex';
import { applySuppressions } from '../core/suppressions';
import { UsageError } from './exitCodes';
import { collectYamlFiles } from './files';

export interface WorkspaceOptions {
  cwd: string;
  /** Default `default`. */
  defaultNamespace?: string;
}

/** Where something is, for people (1-based line) and for tools (0-based range). */
export interface SourceLocation {
  /** Relative to the working directory. */
  file: string;
  line: number;
  range: Range;
}

export interface Workspace {
  input: EngineInput;
  /** Notes for stderr: skipped files, and files with errors. */
  notes: string[];
  /** An engine uri and offsets -> file relative to cwd, 1-based line, 0-based range. */
  locate(uri: string | undefined, range: OffsetRange): SourceLocation | undefined;
}

export function loadWorkspace(paths: readonly string[], options: WorkspaceOptions): Workspace {
  const index = new WorkspaceIndex({ defaultNamespace: options.defaultNamespace || 'default' });
  const files = collectYamlFiles(paths, options.cwd);
  const display = new Map<string, string>();
  const notes: string[] = [];
  let errors = 0;
  let filesWithErrors = 0;
  const add = (absPath: string): void => {
    const shown = path.relative(options.cwd, absPath) || path.basename(absPath);
    const uri = toUri(shown);
    if (display.has(uri)) return;
    const text = readText(absPath, shown);
    display.set(uri, shown);
    // Strict CIDRs, as `netpol check` by default: the notes agree with its counts.
    const { analysis } = index.setFile(uri, text, { path: shown, strictCidr: true });
    if (analysis.parsed.skipped) notes.push(`${shown}: ${analysis.parsed.skipped.note}`);
    // Counted as `netpol check` counts them: after `# netpol-disable-...` comments.
    const n = applySuppressions(analysis.findings, text, analysis.parsed.lines).filter((f) => f.severity === 'error').length;
    errors += n;
    if (n > 0) filesWithErrors++;
  };
  for (const file of files) add(file.absPath);
  // A kustomization next to a named file sets its namespace even when not named
  // itself (and `Kustomization` has no .yaml extension for the folder walk).
  const folders = new Set(files.map((f) => path.dirname(f.absPath)));
  for (const folder of folders) {
    for (const name of KUSTOMIZATION_NAMES) {
      const candidate = path.join(folder, name);
      if (isFile(candidate)) add(candidate);
    }
  }
  if (errors > 0) {
    notes.push(`note: ${plural(errors, 'error')} in ${plural(filesWithErrors, 'file')} (see \`netpol check\`); values the API server would reject match nothing here`);
  }

  const input = engineInputFrom(index);
  const locate = (uri: string | undefined, range: OffsetRange): SourceLocation | undefined => {
    const file = uri === undefined ? undefined : index.getFile(uri);
    if (!file) return undefined;
    const r = file.analysis.parsed.lines.rangeOf(range);
    return { file: display.get(file.uri) ?? file.uri, line: r.start.line + 1, range: r };
  };
  return { input, notes, locate };
}

/**
 * Files are keyed by their path relative to cwd, so workload ids in the JSON
 * output do not depend on where the repository lives; with `/` separators,
 * as the index splits folders on `/`.
 */
function toUri(relativePath: string): string {
  return relativePath.split(path.sep).join('/');
}

function readText(absPath: string, shown: string): string {
  let text: string;
  try {
    text = fs.readFileSync(absPath, 'utf8');
  } catch (e) {
    // A connectivity answer without one of the files would be wrong, not partial.
    throw new UsageError(`cannot read ${shown}: ${(e as Error).message}`);
  }
  // Editors drop a UTF-8 byte order mark; so do we, so columns match.
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
