// A revision's files as a workspace: written file by file into a private
// temp folder shaped like the repository (with a `.git` marker, so the
// config search stops at its root as it does in the checkout), then loaded
// by the same `loadWorkspace` as a folder on disk, so config discovery,
// excludes and kustomization namespaces work exactly alike. The folder is
// removed once the index holds the texts.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadWorkspace, Workspace, WorkspaceOptions } from '../workspace';
import { UsageError } from '../exitCodes';
import type { RevisionFile } from './files';

/**
 * `paths` are relative to the repository root (`/`-separated); `prefix` is
 * the folder the user runs in, so file names print as they would there.
 */
export async function workspaceOfFiles(files: readonly RevisionFile[], paths: readonly string[], prefix: string, options: Omit<WorkspaceOptions, 'cwd' | 'config'> & { config?: string }): Promise<Workspace> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'netpol-diff-'));
  try {
    fs.mkdirSync(path.join(root, '.git'));
    for (const f of files) {
      const abs = path.join(root, ...f.path.split('/'));
      fs.mkdirSync(path.dirname(abs), { recursive: true });
      fs.writeFileSync(abs, f.content);
    }
    const cwd = path.join(root, ...prefix.split('/').filter(Boolean));
    fs.mkdirSync(cwd, { recursive: true });
    const args = paths.map((p) => {
      const abs = path.join(root, ...p.split('/').filter(Boolean));
      // A PATH missing at this revision is an empty folder: nothing of it existed.
      if (!fs.existsSync(abs)) fs.mkdirSync(abs, { recursive: true });
      return path.relative(cwd, abs) || '.';
    });
    const config = options.config === undefined ? undefined : path.join(root, ...options.config.split('/'));
    if (config !== undefined && !fs.existsSync(config)) throw new UsageError(`--config ${options.config} does not exist at this revision`);
    // Awaited here: the folder is removed only once the index holds the texts.
    return await loadWorkspace(args, { ...options, cwd, config });
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}
