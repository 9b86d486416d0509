// The workspace on disk: which files of a folder the index wants (the core's
// path rules decide, so the walk prunes excluded folders instead of reading
// them), and reading one file with the size limit. Async throughout: the walk
// must never hold the connection.
import { promises as fs } from 'fs';
import * as path from 'path';
import { URI } from 'vscode-uri';
import { exceedsSizeLimit, isIndexedPath, shouldWalkFolder } from '../core/index/indexedPath';
import { isJsonManifest, isJsonPath, SNIFF_LIMIT } from '../core/json';
import { decodeText } from './textDecoding';

export interface DiskFile {
  /** `file://` URI, spelled as VS Code spells it (vscode-uri). */
  uri: string;
  fsPath: string;
}

/** `notManifest`: a JSON file that holds no Kubernetes object (`package.json`...): left out, silently. */
export type ReadResult = { kind: 'text'; text: string } | { kind: 'tooLarge'; bytes: number } | { kind: 'gone' } | { kind: 'notManifest' };

/** Folder URI -> file system path; undefined for non-file folders (virtual workspaces). */
export function folderPath(folderUri: string): string | undefined {
  try {
    const u = URI.parse(folderUri);
    return u.scheme === 'file' ? u.fsPath : undefined;
  } catch {
    return undefined;
  }
}

export function diskUri(fsPath: string): string {
  return URI.file(fsPath).toString();
}

/** The path of a file relative to one of the folders (`/`-separated), or undefined when it is in none. */
export function relativeToFolders(fileUri: string, folders: readonly string[]): string | undefined {
  const file = folderPath(fileUri);
  if (!file) return undefined;
  for (const folder of folders) {
    const rel = path.relative(folder, file);
    if (rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel)) return rel.split(path.sep).join('/');
  }
  return undefined;
}

/** Whether the index wants this file: its path and every folder above it pass the rules. */
export function wantsFile(relPath: string, exclude: readonly string[]): boolean {
  if (!isIndexedPath(relPath, { exclude })) return false;
  const parts = relPath.split('/');
  for (let i = 1; i < parts.length; i++) if (!shouldWalkFolder(parts.slice(0, i).join('/'), { exclude })) return false;
  return true;
}

/**
 * Every indexed file under `root`, depth first, sorted per folder so the
 * order is stable. `isCancelled` is checked between folders. Unreadable
 * folders are skipped (reported through `onError`).
 */
export async function listIndexedFiles(root: string, exclude: readonly string[], isCancelled: () => boolean, onError: (dir: string, e: unknown) => void): Promise<DiskFile[]> {
  const out: DiskFile[] = [];
  const pending: string[] = [''];
  while (pending.length > 0) {
    if (isCancelled()) return out;
    const rel = pending.pop()!;
    const dir = rel === '' ? root : path.join(root, rel);
    let entries: import('fs').Dirent[];
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch (e) {
      onError(dir, e);
      continue;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const subdirs: string[] = [];
    for (const entry of entries) {
      const childRel = rel === '' ? entry.name : `${rel}/${entry.name}`;
      // Symbolic links are not followed: they loop, and their targets are usually indexed elsewhere.
      if (entry.isDirectory()) {
        if (shouldWalkFolder(childRel, { exclude })) subdirs.push(childRel);
      } else if (entry.isFile() && isIndexedPath(childRel, { exclude })) {
        const fsPath = path.join(dir, entry.name);
        out.push({ uri: diskUri(fsPath), fsPath });
      }
    }
    // Reversed so that popping visits them in name order.
    pending.push(...subdirs.reverse());
  }
  return out;
}

/**
 * Reads a file as text (UTF-8, or UTF-16: see textDecoding.ts) unless it is
 * over the size limit; `gone` when it no longer exists (or is not a file). A
 * JSON file is first sniffed on its first bytes, whatever its size.
 */
export async function readIndexedFile(fsPath: string, maxFileSizeKb: number): Promise<ReadResult> {
  try {
    const stat = await fs.stat(fsPath);
    if (!stat.isFile()) return { kind: 'gone' };
    if (isJsonPath(fsPath) && !(await holdsJsonManifest(fsPath))) return { kind: 'notManifest' };
    if (exceedsSizeLimit(stat.size, maxFileSizeKb)) return { kind: 'tooLarge', bytes: stat.size };
    return { kind: 'text', text: decodeText(await fs.readFile(fsPath)) };
  } catch {
    return { kind: 'gone' };
  }
}

/** Whether the first bytes of a JSON file show a Kubernetes object (a bounded read). */
async function holdsJsonManifest(fsPath: string): Promise<boolean> {
  const file = await fs.open(fsPath, 'r');
  try {
    const head = Buffer.alloc(SNIFF_LIMIT);
    const { bytesRead } = await file.read(head, 0, SNIFF_LIMIT, 0);
    return isJsonManifest(decodeText(head.subarray(0, bytesRead)));
  } finally {
    await file.close();
  }
}
