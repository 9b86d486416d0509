// PATH arguments -> the manifest files to read, in a stable order.
// Directories are walked recursively for *.yaml / *.yml, and for the *.json
// files that hold Kubernetes objects (others, `package.json`..., are left out
// silently after a look at their first bytes); VCS and dependency folders are
// skipped. A file named explicitly is always read, whatever its name.
import * as fs from 'fs';
import * as path from 'path';
import { isIndexedPath, MANIFEST_FILE, shouldWalkFolder } from '../core/index/indexedPath';
import { isJsonManifest, isJsonPath, SNIFF_LIMIT } from '../core/json';
import { UsageError } from './exitCodes';

export interface InputFile {
  /** Absolute path, for reading. */
  absPath: string;
  /** Path as the user wrote it (normalized), joined with the path inside it for a directory. */
  displayPath: string;
  /** Standard input (the PATH `-`): its text, read once, as there is no file to read. */
  stdin?: { text: string };
}

/** How findings and the index name standard input. */
export const STDIN_NAME = '<stdin>';

export interface CollectOptions {
  /** `exclude:` of the project config: globs relative to `root` (the config's folder), applied to the walk only. */
  exclude?: { root: string; globs: readonly string[] };
  /** Reads standard input, for the PATH `-`. */
  readStdin?: () => string;
}

export function collectYamlFiles(args: readonly string[], cwd: string, options: CollectOptions = {}): InputFile[] {
  if (args.length === 0) throw new UsageError('missing PATH: give at least one file or directory');
  const found = new Map<string, InputFile>();
  for (const arg of args) {
    if (arg === '-') {
      addStdin(found, options);
      continue;
    }
    const absPath = path.resolve(cwd, arg);
    const stat = statOrUndefined(absPath);
    if (!stat) throw new UsageError(`no such file or directory: ${arg}`);
    if (stat.isDirectory()) walk(absPath, arg, found, new Set(), excluder(options));
    else add(found, absPath, path.normalize(arg));
  }
  return [...found.values()].sort((a, b) => comparePaths(a.displayPath, b.displayPath));
}

function addStdin(found: Map<string, InputFile>, options: CollectOptions): void {
  if (found.has(STDIN_NAME)) throw new UsageError("'-' (standard input) given twice: it can be read only once");
  if (!options.readStdin) throw new UsageError('standard input cannot be read here');
  let text: string;
  try {
    text = options.readStdin();
  } catch (e) {
    throw new UsageError(`cannot read standard input: ${(e as Error).message}`);
  }
  found.set(STDIN_NAME, { absPath: STDIN_NAME, displayPath: STDIN_NAME, stdin: { text } });
}

type Excluded = (absPath: string, isDir: boolean) => boolean;

function excluder(options: CollectOptions): Excluded {
  const ex = options.exclude;
  if (!ex || ex.globs.length === 0) return () => false;
  const exclude = ex.globs;
  return (absPath, isDir) => {
    const rel = path.relative(ex.root, absPath).split(path.sep).join('/');
    // Outside the config's folder its globs say nothing.
    if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return false;
    return isDir ? !shouldWalkFolder(rel, { exclude }) : !isIndexedPath(rel, { exclude });
  };
}

function walk(absDir: string, displayDir: string, found: Map<string, InputFile>, seen: Set<string>, excluded: Excluded): void {
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
      if (shouldWalkFolder(entry.name) && !excluded(abs, true)) walk(abs, display, found, seen, excluded);
    } else if (MANIFEST_FILE.test(entry.name) && !excluded(abs, false) && (entry.isFile() || statOrUndefined(abs)?.isFile() === true) && (!isJsonPath(entry.name) || holdsJsonManifest(abs))) {
      // A plain file's real path is its real folder's joined with its name: no realpath per file.
      add(found, abs, display, entry.isSymbolicLink() ? undefined : path.join(real, entry.name));
    }
  }
}

/** Whether a JSON file's first bytes show a Kubernetes object: a bounded read, whatever the file's size. */
function holdsJsonManifest(absPath: string): boolean {
  let fd: number | undefined;
  try {
    fd = fs.openSync(absPath, 'r');
    const head = Buffer.alloc(SNIFF_LIMIT);
    const n = fs.readSync(fd, head, 0, SNIFF_LIMIT, 0);
    return isJsonManifest(head.toString('utf8', 0, n));
  } catch {
    return false; // Unreadable: not the user's argument, as for folders.
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** The same file reached through two arguments is read once, under its first name. `real`: its real path, when known. */
function add(found: Map<string, InputFile>, absPath: string, displayPath: string, real?: string): void {
  const key = real ?? realpathOrSelf(absPath);
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
    // The system's realpath(3): one call, where the JS one lstat's each segment.
    return fs.realpathSync.native(p);
  } catch {
    return p;
  }
}
