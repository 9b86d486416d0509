// The files of one revision, or of the work tree, that a diff reads: the
// manifests the directory walk would index (the same `isIndexedPath`
// predicate) under the PATHs, and the project configs the config search
// could pick up. Listing by `ls-tree -r -z` / `ls-files -co --exclude-standard
// -z`, contents in one `cat-file --batch` (or from disk for the work tree).
import * as fs from 'fs';
import * as path from 'path';
import { CONFIG_FILE_NAMES } from '../../core/config/types';
import { isIndexedPath } from '../../core/index/indexedPath';
import type { Repository } from './revisions';
import { git, gitBytes, GitError } from './run';

export interface RevisionFile {
  /** Relative to the repository root, `/`-separated. */
  path: string;
  content: Buffer;
}

/**
 * Pathspecs for PATHs (repository-relative): each path, and every config
 * file name in each folder from the path up to the root, where the config
 * search looks.
 */
export function pathspecsFor(paths: readonly string[], extra: readonly string[] = []): string[] {
  const specs = new Set<string>();
  for (const p of paths) {
    specs.add(p === '' ? '.' : p);
    let dir = p;
    for (;;) {
      for (const name of CONFIG_FILE_NAMES) specs.add(dir === '' ? name : `${dir}/${name}`);
      if (dir === '') break;
      const slash = dir.lastIndexOf('/');
      dir = slash < 0 ? '' : dir.slice(0, slash);
    }
  }
  for (const e of extra) specs.add(e);
  // Literal paths: a folder called `*.yaml` means that folder.
  return [...specs].map((s) => `:(literal)${s}`);
}

function wanted(rel: string): boolean {
  const base = rel.slice(rel.lastIndexOf('/') + 1);
  return isIndexedPath(rel) || (CONFIG_FILE_NAMES as readonly string[]).includes(base);
}

/** The wanted files of commit `commit` under the pathspecs. */
export async function revisionFiles(repo: Repository, commit: string, pathspecs: readonly string[]): Promise<RevisionFile[]> {
  const listing = (await gitBytes(['ls-tree', '-r', '-z', '--full-tree', commit, '--', ...pathspecs], { cwd: repo.root })).toString('utf8');
  const blobs: { path: string; oid: string }[] = [];
  for (const entry of listing.split('\0')) {
    if (entry === '') continue;
    // `<mode> SP <type> SP <object> TAB <path>`; symlinks (120000) and submodules are no manifests.
    const tab = entry.indexOf('\t');
    const [mode, type, oid] = entry.slice(0, tab).split(' ');
    const rel = entry.slice(tab + 1);
    if (type === 'blob' && mode !== '120000' && wanted(rel)) blobs.push({ path: rel, oid });
  }
  if (blobs.length === 0) return [];
  const contents = await catBlobs(repo, blobs.map((b) => b.oid));
  return blobs.map((b, i) => ({ path: b.path, content: contents[i] }));
}

/** Contents of blobs, in order, through one `git cat-file --batch`. */
async function catBlobs(repo: Repository, oids: readonly string[]): Promise<Buffer[]> {
  const out = await gitBytes(['cat-file', '--batch'], { cwd: repo.root, input: oids.map((o) => `${o}\n`).join('') });
  const blobs: Buffer[] = [];
  let at = 0;
  for (const oid of oids) {
    const eol = out.indexOf(0x0a, at);
    if (eol < 0) throw new GitError(`git cat-file --batch: output ended before ${oid}`);
    const header = out.subarray(at, eol).toString('utf8');
    const m = /^(\S+) (\S+) (\d+)$/.exec(header);
    if (!m) throw new GitError(`git cat-file --batch: cannot read ${oid}: ${header}`);
    const size = Number(m[3]);
    blobs.push(out.subarray(eol + 1, eol + 1 + size));
    at = eol + 1 + size + 1; // the content is followed by a newline
  }
  return blobs;
}

/** The wanted files of the work tree: tracked and untracked, not ignored, as they are on disk. */
export async function workTreeFiles(repo: Repository, pathspecs: readonly string[]): Promise<RevisionFile[]> {
  const listing = await git(['ls-files', '-co', '--exclude-standard', '-z', '--', ...pathspecs], { cwd: repo.root });
  const files: RevisionFile[] = [];
  for (const rel of new Set(listing.split('\0'))) {
    if (rel === '' || !wanted(rel)) continue;
    try {
      const abs = path.join(repo.root, rel);
      if (!fs.statSync(abs).isFile()) continue;
      files.push({ path: rel, content: fs.readFileSync(abs) });
    } catch {
      // Deleted but still tracked: absent from the work tree, so absent here.
    }
  }
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
