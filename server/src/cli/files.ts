// PATH arguments -> the YAML files to read, in a stable order.
// Directories are walked recursively for *.yaml / *.yml (VCS and dependency
// folders skipped); a file named explicitly is always read, whatever its name.
import * as fs from 'fs';
import * as path from 'path';
import { shouldWalkFolder } from '../core/index/indexedPath';
import { UsageError } from './exitCodes';

export interface InputFile {
  /** Absolute path, for reading. */
  absPath: string;
  /** Path as the user wrote it (normalized), joined with the path inside it for a directory. */
  displayPath: string;
}

const YAML_FILE = /\.ya?ml$/i;

export function collectYamlFiles(args: readonly string[], cwd: string): InputFile[] {
  if (args.length === 0) throw new UsageError('missing PATH: give at least one file or directory');
  const found = new Map<string, InputFile>();
  for (const arg of args) {
    const absPath = path.resolve(cwd, arg);
    const stat = statOrUndefined(absPath);
    if (!stat) throw new UsageError(`no such file or directory: ${arg}`);
    if (stat.isDirectory()) walk(absPath, arg, found, new Set());
    else add(found, absPath, path.normalize(arg));
  }
  return [...found.values()].sort((a, b) => comparePaths(a.displayPath, b.displayPath));
}

function walk(absDir: string, displayDir: string, found: Map<string, InputFile>, seen: Set<string>): void {
  // Symlinked folders can form cycles; visit each real folder once.
  const real = realpathOrSelf(absDir);
  if (seen.has(real)) return;
  seen.add(real);
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(absDir, { withFileTypes: true });
  } catch {
    return; // An unreadable folder inside the tree is not the user's argument.
  }
  for (const entry of entries) {
    const abs = path.join(absDir, entry.name);
    const display = path.join(displayDir, entry.name);
    const isDir = entry.isDirectory() || (entry.isSymbolicLink() && statOrUndefined(abs)?.isDirectory() === true);
    if (isDir) {
      // `.git`, `node_modules`: the same folders the language server never walks.
      if (shouldWalkFolder(entry.name)) walk(abs, display, found, seen);
    } else if (YAML_FILE.test(entry.name) && (entry.isFile() || statOrUndefined(abs)?.isFile() === true)) {
      add(found, abs, display);
    }
  }
}

/** The same file reached through two arguments is read once, under its first name. */
function add(found: Map<string, InputFile>, absPath: string, displayPath: string): void {
  const key = realpathOrSelf(absPath);
  if (!found.has(key)) found.set(key, { absPath, displayPath });
}

/** Segment by segment, so `a/b.yaml` sorts with folder `a`, before `a-b.yaml`. */
export function comparePaths(a: string, b: string): number {
  const as = a.split(/[\\/]/);
  const bs = b.split(/[\\/]/);
  for (let i = 0; i < Math.min(as.length, bs.length); i++) {
    if (as[i] !== bs[i]) return as[i] < bs[i] ? -1 : 1;
  }
  return as.length - bs.length;
}

function statOrUndefined(p: string): fs.Stats | undefined {
  try {
    return fs.statSync(p);
  } catch {
    return undefined;
  }
}

function realpathOrSelf(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return p;
  }
}
