// The two sides of `netpol diff` (and of the editor's diff) as workspaces:
// two folders, or PATHs at a git revision against another revision or the
// work tree (untracked files included, ignored ones not).
import * as path from 'path';
import { UsageError } from './exitCodes';
import { pathspecsFor, revisionFiles, RevisionFile, workTreeFiles } from './git/files';
import { workspaceOfFiles } from './git/materialize';
import { mergeBase, openRepository, Repository, resolveCommit } from './git/revisions';
import { GitError } from './git/run';
import { loadWorkspace, Workspace } from './workspace';

export interface DiffSide {
  /** What JSON calls it: the revision as given, the folder, or `working tree`. */
  name: string;
  /** The commit, for revisions. */
  commit?: string;
  workspace: Workspace;
}

export interface DiffSides {
  base: DiffSide;
  head: DiffSide;
}

export interface LoadOptions {
  cwd: string;
  defaultNamespace?: string;
  config?: string;
  err: (text: string) => void;
}

export const WORK_TREE = 'working tree';

export async function loadFolderSides(dirA: string, dirB: string, options: LoadOptions): Promise<DiffSides> {
  const side = async (dir: string): Promise<DiffSide> => ({ name: dir, workspace: await loadWorkspace([dir], { cwd: options.cwd, defaultNamespace: options.defaultNamespace, config: options.config, err: options.err }) });
  return { base: await side(dirA), head: await side(dirB) };
}

export interface RevisionRequest {
  paths: readonly string[];
  base: string;
  /** Default: the work tree. */
  head?: string;
  /** Compare with the merge base of base and head. */
  mergeBase?: boolean;
}

/** Git failures become usage errors (exit 2) with git's reason. */
export async function loadRevisionSides(req: RevisionRequest, options: LoadOptions): Promise<DiffSides> {
  try {
    return await revisionSides(req, options);
  } catch (e) {
    if (e instanceof GitError) throw new UsageError(e.message);
    throw e;
  }
}

async function revisionSides(req: RevisionRequest, options: LoadOptions): Promise<DiffSides> {
  const repo = await openRepository(options.cwd);
  const paths = (req.paths.length > 0 ? req.paths : ['.']).map((p) => repoRelative(repo, options.cwd, p));
  const config = options.config === undefined ? undefined : repoRelative(repo, options.cwd, options.config);
  const specs = pathspecsFor(paths, config ? [config] : []);
  const headCommit = req.head === undefined ? undefined : await resolveCommit(repo, req.head);
  let baseCommit = await resolveCommit(repo, req.base);
  if (req.mergeBase) baseCommit = await mergeBase(repo, baseCommit, headCommit ?? 'HEAD', [req.base, req.head ?? 'HEAD']);
  const side = async (name: string, files: Promise<RevisionFile[]>, commit?: string): Promise<DiffSide> => ({
    name,
    ...(commit ? { commit } : {}),
    workspace: await workspaceOfFiles(await files, paths, repo.prefix, { defaultNamespace: options.defaultNamespace, config, err: prefixed(name, options.err) }),
  });
  const base = await side(req.base, revisionFiles(repo, baseCommit, specs), baseCommit);
  const head = headCommit === undefined ? await side(WORK_TREE, workTreeFiles(repo, specs)) : await side(req.head!, revisionFiles(repo, headCommit, specs), headCommit);
  return { base, head };
}

/** A PATH as the repository names it (relative to the root, `/`-separated, `''` for the root). */
function repoRelative(repo: Repository, cwd: string, p: string): string {
  // Joined onto git's own view of where we are, so a symlinked cwd cannot make it look outside.
  const here = path.join(repo.root, ...repo.prefix.split('/').filter(Boolean));
  const rel = path.relative(repo.root, path.resolve(path.isAbsolute(p) ? '' : here, p));
  if (rel === '..' || rel.startsWith('..' + path.sep) || path.isAbsolute(rel)) throw new UsageError(`${p} is outside the git repository ${repo.root}`);
  return rel.split(path.sep).join('/');
}

function prefixed(side: string, err: (text: string) => void): (text: string) => void {
  return (text) => err(`${side}: ${text}`);
}
