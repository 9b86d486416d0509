// Refs of the workspace's repository through the built-in Git extension
// (`vscode.git`, API version 1), typed here by the few members we use. Absent
// or disabled, callers fall back to a typed revision.
import * as vscode from 'vscode';

/** `vscode.git`'s RefType: Head (local branch), RemoteHead, Tag. */
const enum RefType {
  Head = 0,
  RemoteHead = 1,
  Tag = 2,
}

interface GitRef {
  type: RefType;
  name?: string;
  commit?: string;
}

interface GitRepository {
  rootUri: vscode.Uri;
  state: { refs: GitRef[]; HEAD?: GitRef };
  getRefs?(query?: object): Promise<GitRef[]>;
}

export interface GitApi {
  repositories: GitRepository[];
  getRepository(uri: vscode.Uri): GitRepository | null;
  toGitUri(uri: vscode.Uri, ref: string): vscode.Uri;
}

export async function gitApi(): Promise<GitApi | undefined> {
  try {
    const ext = vscode.extensions.getExtension<{ getAPI(version: 1): GitApi; enabled?: boolean }>('vscode.git');
    if (!ext) return undefined;
    const exports = ext.isActive ? ext.exports : await ext.activate();
    if (exports.enabled === false) return undefined;
    return exports.getAPI(1);
  } catch {
    return undefined;
  }
}

export interface RefItem extends vscode.QuickPickItem {
  ref: string;
}

/** Branches, then remote branches, then tags; the current branch first. */
export async function refItems(api: GitApi, folder: vscode.Uri): Promise<RefItem[]> {
  const repo = api.getRepository(folder) ?? api.repositories[0];
  if (!repo) return [];
  let refs: GitRef[];
  try {
    refs = repo.getRefs ? await repo.getRefs({}) : repo.state.refs;
  } catch {
    refs = repo.state.refs;
  }
  const kind = (t: RefType) => (t === RefType.Head ? 'branch' : t === RefType.RemoteHead ? 'remote branch' : 'tag');
  const current = repo.state.HEAD?.name;
  return refs
    .filter((r): r is GitRef & { name: string } => typeof r.name === 'string' && r.name !== '' && !r.name.endsWith('/HEAD'))
    .sort((a, b) => Number(b.name === current) - Number(a.name === current) || a.type - b.type || a.name.localeCompare(b.name))
    .map((r) => ({ ref: r.name, label: r.name, description: `${kind(r.type)}${r.name === current ? ' (current)' : ''}`, detail: r.commit?.slice(0, 12) }));
}
