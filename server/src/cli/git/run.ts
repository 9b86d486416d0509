// Runs the `git` command: execFile-style (no shell, arguments as given), with
// standard input when asked, output as bytes. A failure is a GitError with
// git's own message, for the caller to turn into something actionable.
import { spawn } from 'child_process';

export class GitError extends Error {
  constructor(message: string, readonly stderr = '') {
    super(message);
    this.name = 'GitError';
  }
}

export interface GitRun {
  /** The repository (or any folder inside it) git runs in. */
  cwd: string;
  /** Written to git's standard input, then closed. */
  input?: string;
}

export function gitBytes(args: readonly string[], run: GitRun): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // No pager, no prompts, no locale surprises in the messages we pass on.
    const env = { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_PAGER: 'cat', LC_ALL: 'C' };
    let child;
    try {
      child = spawn('git', [...args], { cwd: run.cwd, env, stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
    } catch (e) {
      reject(new GitError(`cannot run git: ${(e as Error).message}`));
      return;
    }
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e: NodeJS.ErrnoException) => reject(new GitError(e.code === 'ENOENT' ? 'git is not installed (or not on PATH)' : `cannot run git: ${e.message}`)));
    child.on('close', (code) => {
      const stderr = Buffer.concat(err).toString('utf8').trim();
      if (code === 0) resolve(Buffer.concat(out));
      else reject(new GitError(`git ${args[0]} failed: ${stderr || `exit code ${code}`}`, stderr));
    });
    child.stdin.on('error', () => undefined); // git may exit before reading all of it; `close` reports why.
    child.stdin.end(run.input ?? '');
  });
}

export async function git(args: readonly string[], run: GitRun): Promise<string> {
  return (await gitBytes(args, run)).toString('utf8');
}
