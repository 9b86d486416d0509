// Revisions as commits: `rev-parse --verify`, `merge-base`, and the messages
// for what goes wrong in CI (a shallow checkout lacks the base).
import { git, GitError } from './run';

export interface Repository {
  /** The work tree's root (of this worktree, for a linked one). */
  root: string;
  /** The folder git was asked from, relative to the root, `/`-separated, `''` or ending in `/`. */
  prefix: string;
}

export async function openRepository(cwd: string): Promise<Repository> {
  let out: string;
  try {
    out = await git(['rev-parse', '--show-toplevel', '--show-prefix'], { cwd });
  } catch (e) {
    throw new GitError(`${cwd} is not inside a git work tree (${(e as GitError).stderr || (e as Error).message}); to compare two folders, run netpol diff DIR_A DIR_B`);
  }
  const [root, prefix = ''] = out.split('\n');
  return { root, prefix };
}

/** The commit `rev` names; an error that says to fetch it when the clone is shallow. */
export async function resolveCommit(repo: Repository, rev: string): Promise<string> {
  try {
    return (await git(['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`], { cwd: repo.root })).trim();
  } catch {
    throw await missingRevision(repo, rev);
  }
}

export async function mergeBase(repo: Repository, a: string, b: string, names: [string, string]): Promise<string> {
  try {
    return (await git(['merge-base', '--end-of-options', a, b], { cwd: repo.root })).trim();
  } catch (e) {
    if (await isShallow(repo)) throw shallowError(`the merge base of ${names[0]} and ${names[1]} is not in this shallow clone`);
    throw new GitError(`${names[0]} and ${names[1]} have no common ancestor (${(e as GitError).stderr || (e as Error).message})`);
  }
}

async function isShallow(repo: Repository): Promise<boolean> {
  try {
    return (await git(['rev-parse', '--is-shallow-repository'], { cwd: repo.root })).trim() === 'true';
  } catch {
    return false;
  }
}

async function missingRevision(repo: Repository, rev: string): Promise<GitError> {
  if (await isShallow(repo)) return shallowError(`revision ${rev} is not in this shallow clone`);
  return new GitError(`unknown revision ${rev}: no commit, branch or tag of that name (fetch it first if it lives on a remote: git fetch origin ${rev})`);
}

function shallowError(what: string): GitError {
  return new GitError(`${what}: fetch the history first (GitHub Actions: actions/checkout with fetch-depth: 0; elsewhere: git fetch --unshallow)`);
}
