// "Compare Connectivity with Branch...": pick a branch, tag or commit (from
// the built-in Git extension, or typed), ask the server for the diff of the
// workspace folder's working tree against it (`netpol/diff`), show it in the
// diff panel. Tests pass the ref (and folder) as arguments and get the
// server's answer back.
import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/node';
import { GitApi, gitApi, refItems } from './gitRefs';
import type { DiffChangeData, DiffViewData } from './views/diffMessages';
import { showDiffPanel } from './views/diffPanel';
import { whenRunning } from './views/whenRunning';

export const COMPARE_COMMAND = 'netpol.compareWithBranch';
const DIFF_REQUEST = 'netpol/diff';

type DiffResult =
  | { ok: true; folder: string; notes: string[]; uris: Record<string, string>; svg?: string; report: Omit<DiffViewData, 'notes' | 'svg'> & { changes: DiffChangeData[] } }
  | { ok: false; error: string };

export function registerCompareWithBranch(context: vscode.ExtensionContext, client: LanguageClient): vscode.Disposable {
  return vscode.commands.registerCommand(COMPARE_COMMAND, async (ref?: unknown, folderArg?: unknown): Promise<DiffResult | undefined> => {
    const folder = await pickFolder(folderArg);
    if (!folder) return undefined;
    const git = await gitApi();
    const base = typeof ref === 'string' && ref.trim() !== '' ? ref.trim() : await pickRef(git, folder);
    if (!base) return undefined;
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Comparing connectivity with ${base}…` },
      async () => {
        await whenRunning(client);
        return client.sendRequest<DiffResult>(DIFF_REQUEST, { base, folder: folder.toString() });
      },
    );
    if (!result.ok) {
      void vscode.window.showErrorMessage(`NetworkPolicy Inspector: ${result.error}`);
      return result;
    }
    const data: DiffViewData = { ...result.report, notes: result.notes, ...(result.svg ? { svg: result.svg } : {}) };
    showDiffPanel(context.extensionUri, { data, uris: result.uris, baseRef: result.report.baseCommit ?? base, git });
    return result;
  });
}

async function pickFolder(arg: unknown): Promise<vscode.Uri | undefined> {
  if (arg instanceof vscode.Uri) return arg;
  if (typeof arg === 'string') return vscode.Uri.parse(arg);
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 0) {
    void vscode.window.showErrorMessage('NetworkPolicy Inspector: open a folder first; the comparison is of a workspace folder with a git revision.');
    return undefined;
  }
  if (folders.length === 1) return folders[0].uri;
  return (await vscode.window.showWorkspaceFolderPick({ placeHolder: 'Folder whose connectivity to compare' }))?.uri;
}

async function pickRef(git: GitApi | undefined, folder: vscode.Uri): Promise<string | undefined> {
  const items = git ? await refItems(git, folder) : [];
  if (items.length === 0) return typed();
  const other: vscode.QuickPickItem = { label: 'Enter a revision…', description: 'a commit, HEAD~1, a tag…', alwaysShow: true };
  const choice = await vscode.window.showQuickPick([...items, other], { placeHolder: 'Compare the working tree\'s connectivity with…', matchOnDescription: true });
  if (!choice) return undefined;
  return choice === other ? typed() : (choice as (typeof items)[number]).ref;
}

function typed(): Thenable<string | undefined> {
  return vscode.window.showInputBox({ prompt: 'Compare the connectivity of the working tree with this git revision', placeHolder: 'main, origin/main, v1.2.0, HEAD~1, a commit…', validateInput: (v) => (v.trim() === '' ? 'a branch, tag or commit' : undefined) });
}
