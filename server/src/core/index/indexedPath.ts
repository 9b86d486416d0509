// Which files the workspace index wants, decided on paths alone so that the
// LSP layer can prune its disk walk with the same rules.
import { compileExcludes } from './excludeGlobs';
import { baseNameOf, isKustomizationPath } from './paths';

/** Folders never walked, wherever they are. */
const ALWAYS_SKIPPED_DIRS = new Set(['.git', 'node_modules']);

export const DEFAULT_MAX_FILE_SIZE_KB = 1024;

export interface IndexPathOptions {
  /** `netpol.exclude`: globs relative to the workspace folder, `/`-separated (minimatch, dot files included). */
  exclude?: readonly string[];
}

const NONE: readonly string[] = [];

/** The names of files that may hold manifests. */
export const MANIFEST_FILE = /\.(ya?ml|json)$/i;

function excludedBy(relPath: string, exclude: readonly string[] | undefined): boolean {
  return compileExcludes(exclude ?? NONE).matches(relPath);
}

function normalise(relPath: string): string {
  return relPath.replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/+$/, '');
}

/**
 * Whether a file (path relative to the workspace folder) is indexed:
 * `*.yaml`/`*.yml`, `*.json` (read when they hold Kubernetes objects: see
 * core/json/sniff.ts) and kustomization files, not under `.git` or
 * `node_modules`, not matched by an exclude glob.
 */
export function isIndexedPath(relPath: string, options: IndexPathOptions = {}): boolean {
  const p = normalise(relPath);
  const name = baseNameOf(p);
  if (!MANIFEST_FILE.test(name) && !isKustomizationPath(p)) return false;
  if (p.split('/').slice(0, -1).some((seg) => ALWAYS_SKIPPED_DIRS.has(seg))) return false;
  return !excludedBy(p, options.exclude);
}

/**
 * Whether a folder (relative path) is worth walking into: not `.git` or
 * `node_modules`, and not excluded as a whole (`vendor`, `vendor/**`,
 * `**\/charts`). Files inside are still checked with `isIndexedPath`.
 */
export function shouldWalkFolder(relDir: string, options: IndexPathOptions = {}): boolean {
  const p = normalise(relDir);
  if (p === '' || p === '.') return true;
  if (p.split('/').some((seg) => ALWAYS_SKIPPED_DIRS.has(seg))) return false;
  return !compileExcludes(options.exclude ?? NONE).excludesFolder(p);
}

/** Files above `netpol.maxFileSizeKb` kilobytes are skipped (and the LSP layer logs it). */
export function exceedsSizeLimit(sizeBytes: number, maxFileSizeKb: number = DEFAULT_MAX_FILE_SIZE_KB): boolean {
  return sizeBytes > maxFileSizeKb * 1024;
}
